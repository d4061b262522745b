/**
 * Why a single disclosure shape: the numbers a customer is shown before
 * signing (Truth-in-Lending style: amount financed, finance charge, APR, total
 * of payments and the payment schedule) must be the exact numbers they will be
 * charged. Building both from one function keeps them from drifting apart, and
 * the totals are derived from the installments rather than from a formula, so
 * they always add up. Field names are snake_case because this object goes
 * straight into the JSON API.
 */
import { parseDate } from '../calendar.js';
import { amortize, monthlyDueDates, type ScheduleLine } from './amortization.js';
import { assertPrincipal } from './guards.js';
import { PAY_IN_FOUR_INSTALLMENTS, payInFourDueDates, splitEvenly } from './pay-in-four.js';

export type PlanSpec = { type: 'pay_in_4' } | { type: 'monthly'; termMonths: number; aprBps: number };

export type Installment = {
  /** 1-based position in the schedule. */
  number: number;
  /** 'YYYY-MM-DD'. */
  due_date: string;
  /** Cents; amount = principal + interest. */
  amount: number;
  principal: number;
  interest: number;
};

export type Disclosure = {
  /** Cents; equals the principal. */
  amount_financed: number;
  /** Cents; total_of_payments − amount_financed. */
  finance_charge: number;
  apr_bps: number;
  /** Cents; the sum of the installment amounts. */
  total_of_payments: number;
  installments: Installment[];
};

/**
 * Builds the disclosure for `principal` cents financed under `plan`, with the
 * schedule starting on `startDate` ('YYYY-MM-DD', the purchase date).
 * Throws RangeError on invalid inputs.
 */
export function disclosePlan(plan: PlanSpec, principal: number, startDate: string): Disclosure {
  parseDate(startDate);
  assertPrincipal(principal);

  let aprBps: number;
  let lines: ScheduleLine[];
  let dueDates: string[];
  switch (plan?.type) {
    case 'pay_in_4':
      aprBps = 0;
      lines = splitEvenly(principal, PAY_IN_FOUR_INSTALLMENTS).map((amount) => ({
        amount,
        principal: amount,
        interest: 0,
      }));
      dueDates = payInFourDueDates(startDate);
      break;
    case 'monthly':
      aprBps = plan.aprBps;
      lines = amortize(principal, plan.aprBps, plan.termMonths);
      dueDates = monthlyDueDates(startDate, plan.termMonths);
      break;
    default:
      throw new RangeError(`unknown plan type ${JSON.stringify((plan as { type?: unknown } | undefined)?.type)}`);
  }

  const installments = lines.map(
    (line, index): Installment => ({
      number: index + 1,
      due_date: dueDates[index] as string,
      amount: line.amount,
      principal: line.principal,
      interest: line.interest,
    }),
  );
  const total = installments.reduce((sum, installment) => sum + BigInt(installment.amount), 0n);
  const totalOfPayments = Number(total);
  if (!Number.isSafeInteger(totalOfPayments)) {
    throw new RangeError(`total of payments of ${total} cents is too large to represent exactly`);
  }
  return {
    amount_financed: principal,
    finance_charge: totalOfPayments - principal,
    apr_bps: aprBps,
    total_of_payments: totalOfPayments,
    installments,
  };
}
