// Oracles for the loan-math tests (test/domain/loan-math-*.test.ts): the payment, the last payment
// and the whole schedule computed straight from PRODUCT.md's definitions with exact rationals (not
// the closed forms the module uses), the proven bounds, and the arbitraries the properties draw.
import fc from 'fast-check';
import { add, type Disclosure, mul, type PlanSpec, type Rational, rational, roundHalfUp, sub } from '../../src/domain/loan-math/index.js';

export const START = '2024-01-15';

export const amountsOf = (disclosure: Disclosure) => disclosure.installments.map((line) => line.amount);
export const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);

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
export function textbookPayment(principal: number, aprBps: number, n: number): bigint {
  const i = rational(BigInt(aprBps), B);
  const discount = pow(rational(B, B + BigInt(aprBps)), n); // (1+i)^−n
  const denominator = sub(rational(1n), discount);
  return roundHalfUp(mul(mul(rational(BigInt(principal)), i), rational(denominator.den, denominator.num)));
}

/** Exact (unrounded) last payment under our rule: interest carried unrounded, payments rounded. */
export function exactLastPayment(principal: number, aprBps: number, n: number): Rational {
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
export function scheduleByDefinition(
  principal: number,
  aprBps: number,
  n: number,
): Array<{ amount: number; principal: number; interest: number }> | 'too small' {
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

export function lastPaymentCarryingExactInterest(principal: number, aprBps: number, n: number): bigint {
  return roundHalfUp(exactLastPayment(principal, aprBps, n));
}

/** Last payment under the rule we do NOT use: interest rounded to the cent every period. */
export function lastPaymentRoundingInterestMonthly(principal: number, aprBps: number, n: number): bigint {
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
export function lastPaymentBound(aprBps: number, n: number): bigint {
  const s = annuityFactor(aprBps, n);
  return roundHalfUp(rational(s.num, 2n * s.den));
}

/**
 * Sufficient condition (derived in the amortize() doc comment) for the rounded payment
 * to amortize P with no negative principal part:
 *   P ≥ s_n / 2             (the payment covers the first month's interest), and
 *   2·P·(1+i)^n ≥ s_n(s_n−1) (the last payment cannot go negative).
 */
export function isProvablyAmortizable(principal: number, aprBps: number, n: number): boolean {
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

export const principalArb = fc.integer({ min: 1, max: 10_000_000 });
export const aprArb = fc.integer({ min: 0, max: 9999 });
export const termArb = fc.constantFrom(3, 6, 12, 24);
export const monthlyPlanArb = fc.record({ type: fc.constant('monthly' as const), termMonths: termArb, aprBps: aprArb });
export const planArb: fc.Arbitrary<PlanSpec> = fc.oneof(fc.constant({ type: 'pay_in_4' as const }), monthlyPlanArb);
export const startArb = fc.integer({ min: 0, max: 36_500 }).map((offset) => {
  const date = new Date(Date.UTC(2000, 0, 1) + offset * 86_400_000);
  return date.toISOString().slice(0, 10);
});
