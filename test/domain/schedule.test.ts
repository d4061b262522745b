// The schedule after any sequence of captures and refunds: the installments always add up to
// what the consumer still owes, principal parts to what is still financed, nothing negative.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scheduleFor } from '../../src/domain/schedule.js';
import { capturableAmount, deriveStatus, refundableAmount, type TransactionData } from '../../src/domain/transaction-state.js';

type Step = { kind: 'capture' | 'refund'; fraction: number };

const plans = fc.constantFrom(
  { planType: 'pay_in_4' as const, installmentCount: 4, aprBps: 0 },
  { planType: 'monthly' as const, installmentCount: 3, aprBps: 0 },
  { planType: 'monthly' as const, installmentCount: 6, aprBps: 999 },
  { planType: 'monthly' as const, installmentCount: 12, aprBps: 1500 },
  { planType: 'monthly' as const, installmentCount: 24, aprBps: 9999 },
);

function transaction(amount: number, plan: { planType: 'pay_in_4' | 'monthly'; installmentCount: number; aprBps: number }): TransactionData {
  const created = new Date('2026-11-25T14:31:00Z');
  return {
    seq: 1,
    id: 'txn_test',
    merchantId: 'mer_test',
    partnerId: null,
    livemode: false,
    checkoutId: 'chk_test',
    feeRateBps: 0,
    feeFixedAmount: 0,
    partnerShareBps: 0,
    status: 'authorized',
    orderId: 'O',
    currency: 'USD',
    amount,
    capturedAmount: 0,
    refundedAmount: 0,
    disputedAmount: 0,
    planId: 'p',
    ...plan,
    shippingCarrier: null,
    shippingTrackingNumber: null,
    authorizationExpiresAt: new Date('2026-12-25T14:31:00Z'),
    firstCapturedAt: null,
    voidedAt: null,
    expiredAt: null,
    createdAt: created,
    updatedAt: created,
  };
}

/** Applies a step the way the API would allow it (amount clamped to what is capturable/refundable). */
function apply(tx: TransactionData, step: Step): TransactionData {
  const room = step.kind === 'capture' ? capturableAmount(tx) : refundableAmount(tx);
  const amount = Math.floor(room * step.fraction);
  if (amount < 1) return tx;
  const next =
    step.kind === 'capture'
      ? { ...tx, capturedAmount: tx.capturedAmount + amount, firstCapturedAt: tx.firstCapturedAt ?? new Date('2026-11-27T09:00:00Z') }
      : { ...tx, refundedAmount: tx.refundedAmount + amount };
  return { ...next, status: deriveStatus(next) };
}

describe('the schedule after captures and refunds', () => {
  it('always adds up to what is still owed and never goes negative', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 3_500, max: 3_000_000 }),
        plans,
        fc.array(fc.record({ kind: fc.constantFrom<'capture' | 'refund'>('capture', 'refund'), fraction: fc.double({ min: 0, max: 1, noNaN: true }) }), {
          maxLength: 12,
        }),
        (amount, plan, steps) => {
          const tx = steps.reduce(apply, transaction(amount, plan));
          const { principal, disclosure, estimated } = scheduleFor(tx);
          const installments = disclosure.installments;
          const sum = (pick: (i: (typeof installments)[number]) => number) => installments.reduce((total, i) => total + pick(i), 0);

          expect(principal).toBe(tx.capturedAmount > 0 ? tx.capturedAmount - tx.refundedAmount : tx.amount);
          expect(estimated).toBe(tx.capturedAmount === 0);
          expect(sum((i) => i.amount)).toBe(disclosure.total_of_payments);
          expect(sum((i) => i.principal)).toBe(principal);
          expect(sum((i) => i.interest)).toBe(disclosure.finance_charge);
          expect(disclosure.total_of_payments).toBe(principal + disclosure.finance_charge);
          for (const installment of installments) {
            expect(installment.amount).toBeGreaterThanOrEqual(0);
            expect(installment.principal).toBeGreaterThanOrEqual(0);
            expect(installment.interest).toBeGreaterThanOrEqual(0);
          }
          if (principal === 0) expect(installments).toEqual([]);
          else expect(installments).toHaveLength(plan.installmentCount);
          if (plan.aprBps === 0) expect(disclosure.finance_charge).toBe(0);
        },
      ),
      { numRuns: 400, seed: 20261125 },
    );
  });

  it('a refund lowers what is owed', () => {
    const captured = apply(transaction(80_000, { planType: 'monthly', installmentCount: 12, aprBps: 1500 }), { kind: 'capture', fraction: 1 });
    const refunded = { ...captured, refundedAmount: 20_000 };
    const before = scheduleFor(captured).disclosure;
    const after = scheduleFor(refunded).disclosure;
    expect(before.total_of_payments).toBe(86_648);
    expect(after.amount_financed).toBe(60_000);
    expect(after.total_of_payments).toBeLessThan(before.total_of_payments);
    expect(after.finance_charge).toBeLessThan(before.finance_charge);
  });

  it('splits a balance too small to carry interest without interest', () => {
    const tiny = {
      ...transaction(100_000, { planType: 'monthly', installmentCount: 24, aprBps: 9999 }),
      capturedAmount: 100_000,
      refundedAmount: 99_990,
      firstCapturedAt: new Date('2026-11-27T09:00:00Z'),
    };
    const { disclosure } = scheduleFor(tiny);
    expect(disclosure.amount_financed).toBe(10);
    expect(disclosure.finance_charge).toBe(0);
    expect(disclosure.installments.reduce((total, i) => total + i.amount, 0)).toBe(10);
  });

  it('owes nothing once voided or expired before any capture', () => {
    const base = transaction(50_000, { planType: 'pay_in_4', installmentCount: 4, aprBps: 0 });
    for (const released of [{ voidedAt: new Date() }, { expiredAt: new Date() }]) {
      const { principal, estimated, disclosure } = scheduleFor({ ...base, ...released });
      expect(principal).toBe(0);
      expect(estimated).toBe(false);
      expect(disclosure.total_of_payments).toBe(0);
    }
  });
});
