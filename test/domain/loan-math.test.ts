import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  add,
  amortize,
  type Disclosure,
  disclosePlan,
  floorDiv,
  monthlyPayment,
  monthlyRate,
  mul,
  type PlanSpec,
  type Rational,
  rational,
  roundHalfUp,
  splitEvenly,
  sub,
  TooSmallToAmortizeError,
} from '../../src/domain/loan-math/index.js';

const START = '2024-01-15';

function monthly(termMonths: number, aprBps: number): PlanSpec {
  return { type: 'monthly', termMonths, aprBps };
}

const amountsOf = (disclosure: Disclosure) => disclosure.installments.map((line) => line.amount);
const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);

// ---------------------------------------------------------------------------
// Test oracles, computed straight from the definitions with exact rationals.
// ---------------------------------------------------------------------------

const B = 120_000n;

function pow(x: Rational, n: number): Rational {
  let result = rational(1n);
  for (let k = 0; k < n; k += 1) result = mul(result, x);
  return result;
}

/** round(P·i / (1 − (1+i)^−n)) from the textbook formula, not the closed form the module uses. */
function textbookPayment(principal: number, aprBps: number, n: number): bigint {
  const i = rational(BigInt(aprBps), B);
  const discount = pow(rational(B, B + BigInt(aprBps)), n); // (1+i)^−n
  const denominator = sub(rational(1n), discount);
  return roundHalfUp(mul(mul(rational(BigInt(principal)), i), rational(denominator.den, denominator.num)));
}

/** Exact (unrounded) last payment under our rule: interest carried unrounded, payments rounded. */
function exactLastPayment(principal: number, aprBps: number, n: number): Rational {
  const i = rational(BigInt(aprBps), B);
  const payment = rational(textbookPayment(principal, aprBps, n));
  let balance = rational(BigInt(principal));
  for (let k = 1; k < n; k += 1) balance = sub(add(balance, mul(balance, i)), payment);
  return add(balance, mul(balance, i));
}

/**
 * The whole schedule as the rule reads, with every value a reduced rational: interest carried
 * exactly, payments rounded half-up, principal_k = round(cumulative principal through k) −
 * round(through k − 1). `amortize` keeps its fractions unreduced over powers of 120 000 instead;
 * both must give the same lines, and refuse the same principals.
 */
function scheduleByDefinition(principal: number, aprBps: number, n: number): Array<{ amount: number; principal: number; interest: number }> | 'too small' {
  const i = rational(BigInt(aprBps), B);
  const financed = rational(BigInt(principal));
  const payment = textbookPayment(principal, aprBps, n);
  const lines = [];
  let balance = financed;
  let repaidRounded = 0n;
  for (let k = 1; k <= n; k += 1) {
    const interest = mul(balance, i);
    const principalPart = k === n ? balance : sub(rational(payment), interest);
    if (principalPart.num < 0n) return 'too small';
    const amount = k === n ? roundHalfUp(add(balance, interest)) : payment;
    balance = sub(balance, principalPart);
    const cumulative = roundHalfUp(sub(financed, balance));
    lines.push({ amount: Number(amount), principal: Number(cumulative - repaidRounded), interest: Number(amount - (cumulative - repaidRounded)) });
    repaidRounded = cumulative;
  }
  return lines;
}

function lastPaymentCarryingExactInterest(principal: number, aprBps: number, n: number): bigint {
  return roundHalfUp(exactLastPayment(principal, aprBps, n));
}

/** Last payment under the rule we do NOT use: interest rounded to the cent every period. */
function lastPaymentRoundingInterestMonthly(principal: number, aprBps: number, n: number): bigint {
  const payment = textbookPayment(principal, aprBps, n);
  let balance = BigInt(principal);
  const interestOn = (cents: bigint) => roundHalfUp(rational(cents * BigInt(aprBps), B));
  for (let k = 1; k < n; k += 1) balance = balance + interestOn(balance) - payment;
  return balance + interestOn(balance);
}

/** s_n = ((1+i)^n − 1) / i, the accumulated value of n payments of 1. */
function annuityFactor(aprBps: number, n: number): Rational {
  const a = BigInt(aprBps);
  return rational((B + a) ** BigInt(n) - B ** BigInt(n), a * B ** BigInt(n - 1));
}

/**
 * Proven bound on |last payment − regular payment|: floor(s_n / 2 + 1/2) cents.
 * With A the exact payment and R = A + e its rounding (|e| ≤ 1/2), the exact
 * last payment is R − e·s_n, so |L − R| ≤ s_n/2 before rounding L, and L is an
 * integer rounded half-up from there.
 */
function lastPaymentBound(aprBps: number, n: number): bigint {
  const s = annuityFactor(aprBps, n);
  return roundHalfUp(rational(s.num, 2n * s.den));
}

/**
 * Sufficient condition (derived in the amortize() doc comment) for the rounded payment
 * to amortize P with no negative principal part:
 *   P ≥ s_n / 2             (the payment covers the first month's interest), and
 *   2·P·(1+i)^n ≥ s_n(s_n−1) (the last payment cannot go negative).
 */
function isProvablyAmortizable(principal: number, aprBps: number, n: number): boolean {
  if (aprBps === 0) return true;
  const s = annuityFactor(aprBps, n);
  const twoP = rational(2n * BigInt(principal));
  const growth = pow(rational(B + BigInt(aprBps), B), n);
  const coversInterest = sub(twoP, s).num >= 0n;
  const lastNotNegative = sub(mul(twoP, growth), mul(s, sub(s, rational(1n)))).num >= 0n;
  return coversInterest && lastNotNegative;
}

// ---------------------------------------------------------------------------
// Arbitraries
// ---------------------------------------------------------------------------

const principalArb = fc.integer({ min: 1, max: 10_000_000 });
const aprArb = fc.integer({ min: 0, max: 9999 });
const termArb = fc.constantFrom(3, 6, 12, 24);
const monthlyPlanArb = fc.record({ type: fc.constant('monthly' as const), termMonths: termArb, aprBps: aprArb });
const planArb: fc.Arbitrary<PlanSpec> = fc.oneof(fc.constant({ type: 'pay_in_4' as const }), monthlyPlanArb);
const startArb = fc.integer({ min: 0, max: 36_500 }).map((offset) => {
  const date = new Date(Date.UTC(2000, 0, 1) + offset * 86_400_000);
  return date.toISOString().slice(0, 10);
});

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

// ---------------------------------------------------------------------------

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
