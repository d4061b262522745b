// The consumer's schedule for a transaction: the plan's disclosure for what is still financed.
// Rule (published in the spec's Schedule schema): principal = captured − refunded − disputed (or
// the authorized amount, as an estimate, before any capture), starting the day of the first
// capture. A refund therefore shrinks principal, interest and installments alike; so does a
// dispute while it is open (the consumer does not pay what they dispute) and for good once the
// merchant loses it; a won dispute puts its amount back.
import { utcDay } from '../kernel/clock.js';
import { type Disclosure, disclosePlan, type PlanSpec, TooSmallToAmortizeError } from './loan-math/index.js';
import type { TransactionData } from './transaction-state.js';

export interface Schedule {
  startDate: string;
  estimated: boolean;
  principal: number;
  disclosure: Disclosure;
}

type ScheduleInputs = Pick<
  TransactionData,
  'amount' | 'capturedAmount' | 'refundedAmount' | 'voidedAt' | 'expiredAt' | 'planType' | 'installmentCount' | 'aprBps' | 'firstCapturedAt' | 'createdAt'
> & { disputedAmount?: number | undefined };

function planSpec(tx: ScheduleInputs): PlanSpec {
  return tx.planType === 'pay_in_4' ? { type: 'pay_in_4' } : { type: 'monthly', termMonths: tx.installmentCount, aprBps: tx.aprBps };
}

function disclose(tx: ScheduleInputs, principal: number, startDate: string): Disclosure {
  if (principal === 0) {
    return { amount_financed: 0, finance_charge: 0, apr_bps: tx.aprBps, total_of_payments: 0, installments: [] };
  }
  try {
    return disclosePlan(planSpec(tx), principal, startDate);
  } catch (error) {
    // A balance left so small by refunds that rounded payments cannot amortize it is split
    // interest-free, like a 0 % plan.
    if (!(error instanceof TooSmallToAmortizeError)) throw error;
    return disclosePlan({ type: 'monthly', termMonths: tx.installmentCount, aprBps: 0 }, principal, startDate);
  }
}

export function scheduleFor(tx: ScheduleInputs): Schedule {
  const captured = tx.capturedAmount > 0;
  const released = Boolean(tx.voidedAt || tx.expiredAt);
  // Snapshots from before disputes existed have no disputed amount: none was disputed.
  const principal = captured ? tx.capturedAmount - tx.refundedAmount - (tx.disputedAmount ?? 0) : released ? 0 : tx.amount;
  const startDate = utcDay(tx.firstCapturedAt ?? tx.createdAt);
  return { startDate, estimated: !captured && !released, principal, disclosure: disclose(tx, principal, startDate) };
}
