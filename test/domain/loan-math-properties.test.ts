// The properties of every disclosure, checked with fast-check from 1 cent to $100,000, APR 0–9999
// bps, 3/6/12/24 months or pay-in-4: installments add up exactly to the disclosed totals, nothing
// is negative, the last payment stays within its proven bound, the schedule is exactly the one the
// rule defines (helpers/loan-math-oracles.ts), and a plan is refused only below the proven
// minimum. (loan-math-vectors.test.ts has the worked examples.)
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  amortize,
  type Disclosure,
  disclosePlan,
  monthlyPayment,
  monthlyRate,
  type PlanSpec,
  rational,
  TooSmallToAmortizeError,
} from '../../src/domain/loan-math/index.js';
import {
  amountsOf,
  isProvablyAmortizable,
  lastPaymentBound,
  lastPaymentCarryingExactInterest,
  monthlyPlanArb,
  planArb,
  principalArb,
  START,
  scheduleByDefinition,
  startArb,
  sum,
  termArb,
} from '../helpers/loan-math-oracles.js';

/**
 * The disclosure, or undefined when the module refuses a monthly principal too
 * small to amortize — which it may only do below the proven minimum.
 */
function discloseOrRefuse(plan: PlanSpec, principal: number, start = START): Disclosure | undefined {
  try {
    return disclosePlan(plan, principal, start);
  } catch (error) {
    expect(error).toBeInstanceOf(RangeError);
    expect((error as Error).message).toMatch(/too small to amortize/);
    expect(plan.type).toBe('monthly');
    if (plan.type === 'monthly') {
      expect(isProvablyAmortizable(principal, plan.aprBps, plan.termMonths)).toBe(false);
    }
    return undefined;
  }
}

function forEveryDisclosure(check: (disclosure: Disclosure, plan: PlanSpec, principal: number) => void) {
  fc.assert(
    fc.property(planArb, principalArb, (plan, principal) => {
      const disclosure = discloseOrRefuse(plan, principal);
      if (disclosure) check(disclosure, plan, principal);
    }),
    { numRuns: 500 },
  );
}

describe('properties of every disclosure (P from 1 cent to $100,000, APR 0–9999 bps, 3/6/12/24 months or pay-in-4)', () => {
  it('refuses a plan only when its principal is below the proven amortizable minimum', () => {
    forEveryDisclosure(() => {});
  });

  it('has one installment per month of the term, or four for pay-in-4, numbered from 1', () => {
    forEveryDisclosure((disclosure, plan) => {
      const expected = plan.type === 'monthly' ? plan.termMonths : 4;
      expect(disclosure.installments.map((line) => line.number)).toEqual(Array.from({ length: expected }, (_, index) => index + 1));
    });
  });

  it('adds the installment amounts up exactly to the total of payments', () => {
    forEveryDisclosure((disclosure) => {
      expect(sum(amountsOf(disclosure))).toBe(disclosure.total_of_payments);
      expect(disclosure.finance_charge).toBe(disclosure.total_of_payments - disclosure.amount_financed);
    });
  });

  it('adds the principal parts up exactly to the amount financed', () => {
    forEveryDisclosure((disclosure, _plan, principal) => {
      expect(disclosure.amount_financed).toBe(principal);
      expect(sum(disclosure.installments.map((line) => line.principal))).toBe(principal);
    });
  });

  it('adds the interest parts up exactly to the finance charge', () => {
    forEveryDisclosure((disclosure) => {
      expect(sum(disclosure.installments.map((line) => line.interest))).toBe(disclosure.finance_charge);
    });
  });

  it('splits every installment into principal plus interest, none of them negative', () => {
    forEveryDisclosure((disclosure) => {
      for (const line of disclosure.installments) {
        expect(line.principal + line.interest).toBe(line.amount);
        expect(line.amount).toBeGreaterThanOrEqual(0);
        expect(line.principal).toBeGreaterThanOrEqual(0);
        expect(line.interest).toBeGreaterThanOrEqual(0);
        expect(Number.isSafeInteger(line.amount)).toBe(true);
      }
    });
  });

  it('never has a negative finance charge, and has none at 0% APR', () => {
    forEveryDisclosure((disclosure, plan) => {
      expect(disclosure.finance_charge).toBeGreaterThanOrEqual(0);
      const aprBps = plan.type === 'monthly' ? plan.aprBps : 0;
      expect(disclosure.apr_bps).toBe(aprBps);
      if (aprBps === 0) {
        expect(disclosure.finance_charge).toBe(0);
        expect(disclosure.installments.every((line) => line.interest === 0)).toBe(true);
      }
    });
  });

  it('keeps every payment of an interest-bearing monthly plan but the last equal to the quoted payment', () => {
    forEveryDisclosure((disclosure, plan, principal) => {
      if (plan.type !== 'monthly' || plan.aprBps === 0) return;
      const regular = monthlyPayment(principal, plan.aprBps, plan.termMonths);
      expect(
        amountsOf(disclosure)
          .slice(0, -1)
          .every((amount) => amount === regular),
      ).toBe(true);
    });
  });

  it('ends within floor(s_n/2 + 1/2) cents of the regular payment, where s_n = ((1+i)^n − 1)/i', () => {
    // 15% over 12 months: at most 6 cents. Worst case in range, 99.99% over 24 months: at most 35 cents.
    expect(lastPaymentBound(1500, 12)).toBe(6n);
    expect(lastPaymentBound(9999, 24)).toBe(35n);
    forEveryDisclosure((disclosure, plan) => {
      if (plan.type !== 'monthly' || plan.aprBps === 0) return;
      const amounts = amountsOf(disclosure);
      const regular = amounts[0] as number;
      const last = amounts.at(-1) as number;
      expect(BigInt(Math.abs(last - regular))).toBeLessThanOrEqual(lastPaymentBound(plan.aprBps, plan.termMonths));
    });
  });

  it('charges a last payment equal to the exact remaining balance plus interest, rounded half-up', () => {
    fc.assert(
      fc.property(fc.integer({ min: 354, max: 10_000_000 }), fc.integer({ min: 1, max: 9999 }), termArb, (principal, aprBps, n) => {
        const last = amortize(principal, aprBps, n).at(-1)?.amount;
        expect(BigInt(last ?? -1)).toBe(lastPaymentCarryingExactInterest(principal, aprBps, n));
      }),
    );
  });

  it('gives exactly the schedule the rule defines with reduced rationals, and refuses the same principals', () => {
    fc.assert(
      fc.property(
        fc.oneof(principalArb, fc.integer({ min: 1, max: 400 })),
        fc.integer({ min: 1, max: 9999 }),
        fc.integer({ min: 1, max: 24 }),
        (principal, aprBps, n) => {
          const expected = scheduleByDefinition(principal, aprBps, n);
          if (expected === 'too small') expect(() => amortize(principal, aprBps, n)).toThrow(TooSmallToAmortizeError);
          else expect(amortize(principal, aprBps, n)).toEqual(expected);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('schedules monthly due dates in strictly increasing order from any start date', () => {
    fc.assert(
      fc.property(monthlyPlanArb, startArb, (plan, start) => {
        const dates = disclosePlan(plan, 1_000_000, start).installments.map((line) => line.due_date);
        for (let k = 1; k < dates.length; k += 1) expect((dates[k] as string) > (dates[k - 1] as string)).toBe(true);
        expect((dates[0] as string) > start).toBe(true);
      }),
    );
  });

  it('uses the exact monthly rate APR / 12', () => {
    expect(monthlyRate(1500)).toEqual(rational(1n, 80n));
  });
});
