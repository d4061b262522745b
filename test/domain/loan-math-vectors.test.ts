// Loan math by example: exact rationals and even splits, then PRODUCT.md's reference vectors
// ($100.03 in four, $800 at 15% APR over 12 months ending on $72.17), interest carried unrounded,
// monthly due dates clamped to short months, 0% plans, and the guards on every input.
// (loan-math-properties.test.ts has the properties every disclosure keeps.)
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { amortize, disclosePlan, floorDiv, monthlyPayment, type PlanSpec, rational, roundHalfUp, splitEvenly, sub } from '../../src/domain/loan-math/index.js';
import {
  amountsOf,
  aprArb,
  exactLastPayment,
  isProvablyAmortizable,
  lastPaymentCarryingExactInterest,
  lastPaymentRoundingInterestMonthly,
  START,
  sum,
  termArb,
  textbookPayment,
} from '../helpers/loan-math-oracles.js';

function monthly(termMonths: number, aprBps: number): PlanSpec {
  return { type: 'monthly', termMonths, aprBps };
}

describe('exact rationals', () => {
  it('normalizes the sign onto the numerator and reduces to lowest terms', () => {
    expect(rational(2n, -4n)).toEqual({ num: -1n, den: 2n });
    expect(rational(-6n, -9n)).toEqual({ num: 2n, den: 3n });
    expect(rational(0n, -5n)).toEqual({ num: 0n, den: 1n });
  });

  it('refuses a zero denominator', () => {
    expect(() => rational(1n, 0n)).toThrow(RangeError);
  });

  it('rounds halves up and everything else to the nearest integer', () => {
    expect(roundHalfUp(rational(5n, 2n))).toBe(3n);
    expect(roundHalfUp(rational(7n, 2n))).toBe(4n);
    expect(roundHalfUp(rational(249n, 100n))).toBe(2n);
    expect(roundHalfUp(rational(251n, 100n))).toBe(3n);
    expect(roundHalfUp(rational(4n))).toBe(4n);
  });

  it('rounds negative halves toward positive infinity', () => {
    expect(roundHalfUp(rational(-5n, 2n))).toBe(-2n);
    expect(roundHalfUp(rational(-7n, 3n))).toBe(-2n);
    expect(roundHalfUp(rational(-8n, 3n))).toBe(-3n);
  });

  it('floors quotients of either sign', () => {
    expect(floorDiv(7n, 2n)).toBe(3n);
    expect(floorDiv(-7n, 2n)).toBe(-4n);
    expect(floorDiv(7n, -2n)).toBe(-4n);
    expect(floorDiv(-8n, 2n)).toBe(-4n);
  });

  it('rounds every fraction to within half of it, ties going up', () => {
    fc.assert(
      fc.property(fc.bigInt(), fc.bigInt({ min: 1n, max: 10n ** 30n }), (num, den) => {
        const x = rational(num, den);
        const error = sub(rational(roundHalfUp(x)), x); // in (−1/2, 1/2]
        expect(2n * error.num > -error.den && 2n * error.num <= error.den).toBe(true);
      }),
    );
  });
});

describe('splitting evenly', () => {
  it('gives the leftover cents to the first installments', () => {
    expect(splitEvenly(10003, 4)).toEqual([2501, 2501, 2501, 2500]);
    expect(splitEvenly(10000, 3)).toEqual([3334, 3333, 3333]);
    expect(splitEvenly(1, 4)).toEqual([1, 0, 0, 0]);
  });

  it('always sums to the total with shares at most one cent apart, largest first', () => {
    fc.assert(
      fc.property(fc.nat({ max: 1e12 }), fc.integer({ min: 1, max: 60 }), (total, parts) => {
        const shares = splitEvenly(total, parts);
        expect(shares).toHaveLength(parts);
        expect(sum(shares)).toBe(total);
        expect(Math.max(...shares) - Math.min(...shares)).toBeLessThanOrEqual(1);
        expect([...shares].sort((x, y) => y - x)).toEqual(shares);
      }),
    );
  });
});

describe('pay-in-4', () => {
  const disclosure = disclosePlan({ type: 'pay_in_4' }, 10003, '2024-02-20');

  it('splits $100.03 into 25.01, 25.01, 25.01 and 25.00', () => {
    expect(amountsOf(disclosure)).toEqual([2501, 2501, 2501, 2500]);
  });

  it('charges no interest, so the total of payments is the price', () => {
    expect(disclosure).toMatchObject({
      amount_financed: 10003,
      finance_charge: 0,
      apr_bps: 0,
      total_of_payments: 10003,
    });
    expect(disclosure.installments.every((line) => line.interest === 0 && line.principal === line.amount)).toBe(true);
  });

  it('is due at purchase and then every two weeks, counting a leap-year February 29', () => {
    expect(disclosure.installments.map((line) => line.due_date)).toEqual(['2024-02-20', '2024-03-05', '2024-03-19', '2024-04-02']);
  });

  it('runs into the next year when bought late in December', () => {
    const dates = disclosePlan({ type: 'pay_in_4' }, 5000, '2024-12-25').installments.map((line) => line.due_date);
    expect(dates).toEqual(['2024-12-25', '2025-01-08', '2025-01-22', '2025-02-05']);
  });

  it('numbers the installments from 1', () => {
    expect(disclosure.installments.map((line) => line.number)).toEqual([1, 2, 3, 4]);
  });
});

describe('monthly plan: $800 at 15.00% APR over 12 months', () => {
  const disclosure = disclosePlan(monthly(12, 1500), 80_000, '2024-01-31');

  it('pays 11 × $72.21 and then $72.17', () => {
    expect(amountsOf(disclosure)).toEqual([...Array<number>(11).fill(7221), 7217]);
  });

  it('discloses a total of payments of $866.48 and a finance charge of $66.48', () => {
    expect(disclosure).toMatchObject({
      amount_financed: 80_000,
      finance_charge: 6648,
      apr_bps: 1500,
      total_of_payments: 86_648,
    });
  });

  it('agrees with the textbook payment formula evaluated exactly', () => {
    expect(monthlyPayment(80_000, 1500, 12)).toBe(7221);
    expect(textbookPayment(80_000, 1500, 12)).toBe(7221n);
  });

  it('ends on 7217, the exact 7216.69… rounded half-up, not 7216', () => {
    const exact = exactLastPayment(80_000, 1500, 12);
    expect(floorDiv(exact.num, exact.den)).toBe(7216n); // truncating would give 7216
    expect(roundHalfUp(exact)).toBe(7217n);
    expect(disclosure.installments.at(-1)?.amount).toBe(7217);
    expect(disclosure.installments.at(-1)?.amount).not.toBe(7216);
  });

  it('charges exactly one month of interest on the full principal first ($10.00)', () => {
    expect(disclosure.installments[0]).toMatchObject({ amount: 7221, principal: 6221, interest: 1000 });
  });

  it('repays exactly the principal and charges exactly the finance charge as interest', () => {
    expect(sum(disclosure.installments.map((line) => line.principal))).toBe(80_000);
    expect(sum(disclosure.installments.map((line) => line.interest))).toBe(6648);
  });

  it('is due on the last day of each month when started on January 31 of a leap year', () => {
    expect(disclosure.installments.map((line) => line.due_date)).toEqual([
      '2024-02-29',
      '2024-03-31',
      '2024-04-30',
      '2024-05-31',
      '2024-06-30',
      '2024-07-31',
      '2024-08-31',
      '2024-09-30',
      '2024-10-31',
      '2024-11-30',
      '2024-12-31',
      '2025-01-31',
    ]);
  });
});

describe('monthly plan: interest is carried unrounded between payments', () => {
  it('ends $800.06 at 15% over 12 months on 7224, where rounding interest to the cent every month would give 7223', () => {
    // For $800.00 both rules happen to give 7217; $800.06 is the first principal above it where they differ.
    expect(lastPaymentCarryingExactInterest(80_006, 1500, 12)).toBe(7224n);
    expect(lastPaymentRoundingInterestMonthly(80_006, 1500, 12)).toBe(7223n);
    expect(lastPaymentRoundingInterestMonthly(80_000, 1500, 12)).toBe(7217n);
    const amounts = amountsOf(disclosePlan(monthly(12, 1500), 80_006, START));
    expect(amounts).toEqual([...Array<number>(11).fill(7221), 7224]);
  });
});

describe('monthly due dates', () => {
  it('clamps to February 28 in a common year and returns to the 31st afterwards', () => {
    const dates = disclosePlan(monthly(3, 1500), 50_000, '2023-01-31').installments.map((line) => line.due_date);
    expect(dates).toEqual(['2023-02-28', '2023-03-31', '2023-04-30']);
  });

  it('counts every due date from the start date rather than from the previous due date', () => {
    const dates = disclosePlan(monthly(6, 0), 60_000, '2024-08-31').installments.map((line) => line.due_date);
    expect(dates).toEqual(['2024-09-30', '2024-10-31', '2024-11-30', '2024-12-31', '2025-01-31', '2025-02-28']);
  });

  it('passes through both a leap and a common February over 24 months', () => {
    const dates = disclosePlan(monthly(24, 1999), 240_000, '2023-12-30').installments.map((line) => line.due_date);
    expect(dates[1]).toBe('2024-02-29');
    expect(dates[13]).toBe('2025-02-28');
    expect(dates[23]).toBe('2025-12-30');
  });

  it('starts one month after the start date', () => {
    const dates = disclosePlan(monthly(12, 1500), 80_000, '2024-05-10').installments.map((line) => line.due_date);
    expect(dates[0]).toBe('2024-06-10');
    expect(dates[11]).toBe('2025-05-10');
  });
});

describe('0% monthly plans', () => {
  it('split $100.00 over 3 months into 33.34, 33.33 and 33.33 with no interest', () => {
    const disclosure = disclosePlan(monthly(3, 0), 10_000, START);
    expect(amountsOf(disclosure)).toEqual([3334, 3333, 3333]);
    expect(disclosure).toMatchObject({ finance_charge: 0, apr_bps: 0, total_of_payments: 10_000 });
    expect(disclosure.installments.map((line) => line.interest)).toEqual([0, 0, 0]);
  });
});

describe('input guards', () => {
  it.each([0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53])('refuses a principal of %s', (principal) => {
    expect(() => disclosePlan(monthly(12, 1500), principal, START)).toThrow(RangeError);
    expect(() => disclosePlan({ type: 'pay_in_4' }, principal, START)).toThrow(RangeError);
  });

  it.each([0, -3, 2.5, Number.NaN])('refuses a term of %s months', (termMonths) => {
    expect(() => disclosePlan(monthly(termMonths, 1500), 10_000, START)).toThrow(/term must be an integer/);
  });

  it.each([-1, 10_000, 15.5, Number.NaN])('refuses an APR of %s bps', (aprBps) => {
    expect(() => disclosePlan(monthly(12, aprBps), 10_000, START)).toThrow(/aprBps must be an integer/);
  });

  it('accepts the documented extremes of 0 and 9999 bps and a 1-month term', () => {
    expect(disclosePlan(monthly(12, 0), 10_000, START).apr_bps).toBe(0);
    expect(disclosePlan(monthly(12, 9999), 10_000, START).apr_bps).toBe(9999);
    // One month at 15%: P·(1 + i) = 10 000 × 1.0125.
    expect(amountsOf(disclosePlan(monthly(1, 1500), 10_000, START))).toEqual([10_125]);
  });

  it('refuses a start date that is not a real YYYY-MM-DD date', () => {
    expect(() => disclosePlan({ type: 'pay_in_4' }, 10_000, '2024-02-30')).toThrow(RangeError);
    expect(() => disclosePlan({ type: 'pay_in_4' }, 10_000, '15/01/2024')).toThrow(RangeError);
  });

  it('refuses an unknown plan type', () => {
    expect(() => disclosePlan({ type: 'weekly' } as unknown as PlanSpec, 10_000, START)).toThrow(RangeError);
  });

  it('has no regular payment to quote for a 0% plan', () => {
    expect(() => monthlyPayment(10_000, 0, 12)).toThrow(RangeError);
  });

  it('refuses principals too small for the rounded payment to amortize them', () => {
    // $0.05 at 99.99% over 24 months rounds the payment to $0.00: the balance would grow.
    expect(() => amortize(5, 9999, 24)).toThrow(/too small to amortize/);
    // $1.00 there rounds the payment up so far that the last payment would be negative.
    expect(() => amortize(100, 9999, 24)).toThrow(/too small to amortize/);
    expect(() => amortize(1, 1500, 3)).toThrow(RangeError);
  });

  it('never refuses $3.54 or more, the proven minimum for the worst case in range (99.99%, 24 months)', () => {
    expect(isProvablyAmortizable(354, 9999, 24)).toBe(true);
    expect(isProvablyAmortizable(353, 9999, 24)).toBe(false);
    fc.assert(
      fc.property(fc.integer({ min: 354, max: 10_000_000 }), aprArb, termArb, (principal, aprBps, termMonths) => {
        expect(() => amortize(principal, aprBps, termMonths)).not.toThrow();
      }),
      { numRuns: 300 },
    );
  });
});
