/**
 * Why this shape: Evenpay's monthly plans are simple-interest annuities whose
 * rule is "round the payment, never the interest". Interest accrues each month
 * on the remaining principal and is carried as an exact fraction; only the
 * payment is rounded (half-up) to the cent, and the last payment is whatever
 * exact balance is left plus its interest, rounded half-up, so the principal
 * repaid is exactly the amount financed. Rounding interest to the cent each
 * period is a different rule and can change the last payment (e.g. $800.06 at
 * 15% over 12 months ends on 7224 cents under ours, 7223 under that one), and
 * floats would blur the half-cent boundaries, so all arithmetic is done with
 * exact BigInt rationals.
 *
 * The per-installment principal/interest split is derived from the running
 * exact principal so that both columns sum exactly (to the principal and to the
 * finance charge) without a separate "fix-up" cent.
 */
import { addMonthsClamped } from '../calendar.js';
import { assertAprBps, assertPrincipal, assertTerm } from './guards.js';
import { splitEvenly } from './pay-in-four.js';
import { type Rational, rational, roundHalfUpQuotient } from './rational.js';

/** One installment's money, in integer cents. `amount = principal + interest`. */
export type ScheduleLine = { amount: number; principal: number; interest: number };

/** 12 months × 10 000 bps: the monthly rate is exactly aprBps / 120 000. */
const BPS_MONTHS_PER_YEAR = 120_000n;

/** The exact monthly periodic rate i = APR / 12 for an APR in basis points. */
export function monthlyRate(aprBps: number): Rational {
  assertAprBps(aprBps);
  return rational(BigInt(aprBps), BPS_MONTHS_PER_YEAR);
}

function toSafeNumber(value: bigint, what: string): number {
  const result = Number(value);
  if (!Number.isSafeInteger(result)) {
    throw new RangeError(`${what} of ${value} cents is too large to represent exactly`);
  }
  return result;
}

function exactPaymentCents(principal: bigint, aprBps: bigint, termMonths: bigint): bigint {
  // P·i / (1 − (1+i)^−n) with i = a/b, multiplied through by b^n:
  //   P·a·(b+a)^n / (b·((b+a)^n − b^n))
  const b = BPS_MONTHS_PER_YEAR;
  const growth = (b + aprBps) ** termMonths;
  return roundHalfUpQuotient(principal * aprBps * growth, b * (growth - b ** termMonths));
}

/**
 * The regular (rounded half-up) monthly payment of an interest-bearing plan:
 * round(P·i / (1 − (1+i)^−n)) cents. Only defined for aprBps ≥ 1; 0% plans
 * are split with `splitEvenly`.
 */
export function monthlyPayment(principal: number, aprBps: number, termMonths: number): number {
  assertPrincipal(principal);
  assertTerm(termMonths);
  assertAprBps(aprBps);
  if (aprBps === 0) {
    throw new RangeError('monthlyPayment needs aprBps of at least 1; 0% plans are split with splitEvenly');
  }
  return toSafeNumber(exactPaymentCents(BigInt(principal), BigInt(aprBps), BigInt(termMonths)), 'monthly payment');
}

/**
 * The money side of a monthly plan: `termMonths` lines of amount, principal and
 * interest in cents. At 0% APR the principal is split with `splitEvenly` and
 * interest is 0. Otherwise every payment but the last equals `monthlyPayment`
 * and the last settles the exact remaining balance plus its interest.
 *
 * Besides the input guards, throws RangeError when the principal is too small
 * for the rounded payment to amortize it: the payment would then either not
 * cover the interest (the balance grows) or overshoot so far that the last
 * payment is negative, and either needs a negative principal part.
 *
 * Why that only happens for tiny principals: let A be the exact payment, R =
 * A + e its rounding (−1/2 < e ≤ 1/2) and s_n = ((1+i)^n − 1)/i. Then
 * A = P·i + P/s_n and the exact last payment is R − e·s_n. So R covers the
 * first month's interest whenever P ≥ s_n/2, and the last payment is ≥ 0
 * whenever 2·P·(1+i)^n ≥ s_n·(s_n − 1); together these keep every balance in
 * [0, P]. For 3–24 months at up to 9999 bps that is at most 354 cents (worst
 * at 99.99% over 24 months); the largest principal actually refused in that
 * range is 348 cents (9795 bps, 24 months). The same identity bounds the
 * last payment: |last − R| ≤ floor(s_n/2 + 1/2) cents (6 cents at 15% over
 * 12 months, 35 at 99.99% over 24).
 */
/** The principal is too small for rounded payments to amortize it (see `amortize`). */
export class TooSmallToAmortizeError extends RangeError {
  override readonly name = 'TooSmallToAmortizeError';
}

export function amortize(principal: number, aprBps: number, termMonths: number): ScheduleLine[] {
  assertPrincipal(principal);
  assertTerm(termMonths);
  assertAprBps(aprBps);
  if (aprBps === 0) {
    return splitEvenly(principal, termMonths).map((amount) => ({ amount, principal: amount, interest: 0 }));
  }

  // The balance after k months is kept as the exact fraction `balance / scale` with scale = b^k
  // (b = 120 000, the monthly rate being a/b): a month multiplies it by (b + a)/b and takes off
  // the payment, so every value stays over a power of b and nothing is ever reduced. The same
  // numbers as carrying reduced rationals (test/domain/loan-math-properties.test.ts compares the two), for a
  // fifth of the CPU: reducing meant a BigInt gcd for every operation, most of a quote's time.
  const a = BigInt(aprBps);
  const b = BPS_MONTHS_PER_YEAR;
  const financed = BigInt(principal);
  const payment = exactPaymentCents(financed, a, BigInt(termMonths));

  const lines: ScheduleLine[] = [];
  let balance = financed;
  let scale = 1n;
  let principalRepaidRounded = 0n;
  for (let period = 1; period <= termMonths; period += 1) {
    const isLast = period === termMonths;
    const nextScale = scale * b;
    // The balance plus this month's interest, over nextScale.
    const owed = balance * (b + a);
    // The principal part is the whole balance in the last month, else payment − interest.
    const principalPartNegative = isLast ? balance < 0n : payment * nextScale < balance * a;
    if (principalPartNegative) {
      throw new TooSmallToAmortizeError(
        `principal of ${principal} cents is too small to amortize over ${termMonths} months at ${aprBps} bps: ` +
          `the rounded payment of ${payment} cents would need a negative principal part in month ${period}`,
      );
    }
    const amount = isLast ? roundHalfUpQuotient(owed, nextScale) : payment;
    balance = isLast ? 0n : owed - payment * nextScale;
    scale = nextScale;

    // principal_k = round(cumulative exact principal through k) − round(through k − 1);
    // the cumulative total after the last period is exactly P, so the column sums to P.
    const cumulativeRounded = roundHalfUpQuotient(financed * scale - balance, scale);
    const principalCents = cumulativeRounded - principalRepaidRounded;
    principalRepaidRounded = cumulativeRounded;

    lines.push({
      amount: toSafeNumber(amount, 'installment amount'),
      principal: toSafeNumber(principalCents, 'installment principal'),
      interest: toSafeNumber(amount - principalCents, 'installment interest'),
    });
  }
  return lines;
}

/**
 * Due dates of a monthly plan: installment k (1-based) is due k calendar months
 * after the start date, clamped to the end of the month, always counted from the
 * start date (2024-01-31 → 2024-02-29, 2024-03-31, 2024-04-30, …).
 */
export function monthlyDueDates(startDate: string, termMonths: number): string[] {
  assertTerm(termMonths);
  return Array.from({ length: termMonths }, (_, index) => addMonthsClamped(startDate, index + 1));
}
