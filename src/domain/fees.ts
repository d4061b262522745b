/**
 * The merchant fee of a transaction and the partner's revenue share of it: what each capture
 * charges and each refund returns, in integer minor units. Pure functions, no HTTP, no database.
 *
 * THE RULE (written to be published in the spec as it stands)
 *
 * Terms, fixed for the transaction (the plan's merchant fee, and the partner's share if the
 * merchant has a partner): `rate_bps` (0–10 000), `fixed_amount` (minor units of the transaction's
 * currency), `share_bps` (0–10 000, basis points of the fee; 0 without a partner).
 *
 * Let n be the transaction's net captured amount: everything captured minus everything refunded,
 * in minor units. The fee held on the transaction at n is
 *
 *     fee(0) = 0
 *     fee(n) = min(n, pct(n) + fixed_amount)              for n > 0
 *     pct(n) = round_half_up(n × rate_bps / 10 000)         (to the minor unit; ties go up)
 *
 * and the partner's share of it is
 *
 *     share(n) = round_half_down(fee(n) × share_bps / 10 000)   (ties go to Evenpay)
 *
 * A capture of a moves n from b to b + a; it charges fee(b + a) − fee(b), of which
 * share(b + a) − share(b) is the partner's. A refund of r moves n from b to b − r; it returns
 * fee(b) − fee(b − r) to the merchant, of which share(b) − share(b − r) comes out of the partner's
 * share. Evenpay's part of a line is its fee minus the partner's share. A line's net is its amount
 * minus its fee: what a capture adds to the merchant's balance, what a refund takes from it.
 * What follows:
 *
 * 1. Cumulative, so splitting never changes the fee. The percentage is taken of the cumulative
 *    net, not of each capture, and every line is a difference of the same function of n: whatever
 *    the captures and refunds were, in whatever order, the fees charged minus the fees returned
 *    equal fee(n), and the shares paid minus returned equal share(n). One capture of 150 or three
 *    of 50 at 1 % both cost 2, not 3. Rounding is to the minor unit whatever the currency's number
 *    of decimals: the rule does not depend on it.
 * 2. Refunds return the percentage part pro rata: refunding r returns pct(b) − pct(b − r), and the
 *    returns of a transaction refunded in full add up to exactly what was charged.
 * 3. The fixed part is charged once, with the first capture (n goes from 0 to more than 0), kept
 *    through partial refunds, and returned when the transaction is refunded in full (n comes back
 *    to 0). Why: Klarna returns fees pro rata on refunds, Affirm keeps them. We return them —
 *    a merchant should not pay a rate on a sale it gave back — but the fixed part pays for
 *    handling the transaction, which a partial refund does not undo; a full refund undoes the
 *    sale, so it returns every fee cent. (Should a remaining authorization be captured after a
 *    full refund, that capture charges the fixed part again.)
 * 4. Caps: the fee held never exceeds the net captured amount, so no capture's fee exceeds the
 *    capture, no refund returns more than it refunds, no line's net is negative and a merchant
 *    never loses money on a transaction. The cap only binds while n < pct(n) + fixed_amount (a
 *    capture smaller than the fixed amount, a rate near 100 %): then the part of the fixed amount
 *    a capture cannot cover is charged by the next capture, and a refund returns the fee held
 *    above the new net even when that includes some of the fixed amount.
 * 5. Never negative, never more than the fee: fee(n) and share(n) never decrease as n grows, so
 *    every line's fee and share are ≥ 0; share_bps ≤ 10 000 keeps each line's share ≤ its fee, so
 *    Evenpay's part is ≥ 0 and share + Evenpay's part = fee exactly, on every line.
 *
 * Why these hold (sketch): pct and min(n, ·) never decrease and grow by at most the step in n
 * (rate_bps ≤ 10 000; floor(x + k) = floor(x) + k), so fee moves by 0…a on a capture of a and by
 * 0…r on a refund of r; share is fee scaled by at most 1 and rounded, so it moves by 0…(fee's
 * move).
 *
 * For the caller (the ledger writer): pass the transaction's totals *before* the capture or
 * refund; no fee history is needed, since the fees so far are fee(n). The terms must be the ones
 * the transaction was authorized under (copied onto it, as its plan and APR are), not the
 * merchant's current ones: fees of a transaction only add up under one set of terms.
 *
 * Arithmetic is exact: products go through BigInt (n × rate_bps passes 2^53 from about
 * $9 billion), rounding through loan-math's one round-half-up.
 */
import { type Rational, rational, roundHalfUp } from './loan-math/index.js';

const BPS = 10_000n;
export const MAX_FEE_BPS = 10_000;

/**
 * A transaction's fee terms. The field names are plan terms' (`PlanTermRow`: `fee_rate_bps`,
 * `fee_fixed_amount`), so a plan term spread with the partner's share is one.
 */
export interface FeeTerms {
  /** Basis points of the net captured amount, 0–10 000 (the plan's `merchant_fee.rate_bps`). */
  feeRateBps: number;
  /** In the transaction currency's minor unit, held while anything is captured (`merchant_fee.fixed_amount`). */
  feeFixedAmount: number;
  /** The partner's revenue share in basis points of the fee, 0–10 000; 0 when the merchant has no partner. */
  partnerShareBps: number;
}

/** A transaction's running totals, as its row keeps them. */
export interface NetTotals {
  capturedAmount: number;
  refundedAmount: number;
}

/** A fee and how it divides: `partnerShare + evenpayShare = fee`. */
export interface FeeSplit {
  fee: number;
  partnerShare: number;
  evenpayShare: number;
}

/**
 * One capture's or one refund's money, every figure ≥ 0 and `net = amount − fee`. For a capture:
 * the amount captured, the fee charged, the net added to the merchant's balance. For a refund: the
 * amount refunded, the fee returned, the net taken from the merchant's balance. (A ledger that
 * signs its entries writes a refund as −amount, −fee, −net; `net = amount − fee` still holds.)
 */
export interface FeeLine extends FeeSplit {
  amount: number;
  net: number;
}

/** The fee and shares held on a transaction with these totals: the sum of its lines so far. */
export function feeHeld(terms: FeeTerms, totals: NetTotals): FeeSplit {
  assertTerms(terms);
  const net = netOf(totals);
  return toSplit(heldAt(terms, net));
}

/** What a capture of `amount` charges, on a transaction whose totals were `before`. */
export function captureFee(terms: FeeTerms, before: NetTotals, amount: number): FeeLine {
  assertTerms(terms);
  assertPositiveAmount(amount);
  const from = netOf(before);
  if (!Number.isSafeInteger(before.capturedAmount + amount)) {
    throw new RangeError(`capturing ${amount} would take the captured total past the largest exact amount`);
  }
  return line(amount, heldAt(terms, from), heldAt(terms, from + BigInt(amount)));
}

/** What a refund of `amount` returns, on a transaction whose totals were `before`. */
export function refundFee(terms: FeeTerms, before: NetTotals, amount: number): FeeLine {
  assertTerms(terms);
  assertPositiveAmount(amount);
  const from = netOf(before);
  if (BigInt(amount) > from) {
    throw new RangeError(`a refund of ${amount} exceeds the net captured amount of ${from}`);
  }
  return line(amount, heldAt(terms, from - BigInt(amount)), heldAt(terms, from));
}

interface Held {
  fee: bigint;
  share: bigint;
}

function heldAt(terms: FeeTerms, net: bigint): Held {
  if (net === 0n) return { fee: 0n, share: 0n };
  const percentage = roundHalfUp(rational(net * BigInt(terms.feeRateBps), BPS));
  const uncapped = percentage + BigInt(terms.feeFixedAmount);
  const fee = uncapped < net ? uncapped : net;
  return { fee, share: roundHalfDown(rational(fee * BigInt(terms.partnerShareBps), BPS)) };
}

/** Rounds to the nearest integer, ties toward −infinity: ceil(x − 1/2) = −round_half_up(−x). */
function roundHalfDown(x: Rational): bigint {
  return -roundHalfUp(rational(-x.num, x.den));
}

/** The line between the holdings at the lower and the higher net amount (the move is the same either way). */
function line(amount: number, lower: Held, higher: Held): FeeLine {
  const split = toSplit({ fee: higher.fee - lower.fee, share: higher.share - lower.share });
  return { amount, ...split, net: amount - split.fee };
}

/** Every figure is at most a safe-integer amount already given, so Number() is exact. */
function toSplit({ fee, share }: Held): FeeSplit {
  return { fee: Number(fee), partnerShare: Number(share), evenpayShare: Number(fee - share) };
}

function netOf({ capturedAmount, refundedAmount }: NetTotals): bigint {
  for (const [name, value] of [
    ['capturedAmount', capturedAmount],
    ['refundedAmount', refundedAmount],
  ] as const) {
    if (!Number.isSafeInteger(value) || value < 0) {
      throw new RangeError(`${name} must be a non-negative safe integer number of minor units, got ${String(value)}`);
    }
  }
  if (refundedAmount > capturedAmount) {
    throw new RangeError(`refundedAmount ${refundedAmount} exceeds capturedAmount ${capturedAmount}`);
  }
  return BigInt(capturedAmount) - BigInt(refundedAmount);
}

function assertPositiveAmount(amount: number): void {
  if (!Number.isSafeInteger(amount) || amount < 1) {
    throw new RangeError(`amount must be a positive safe integer number of minor units, got ${String(amount)}`);
  }
}

/** Why guards when the API validates first: a rate in percent or a float fixed fee would produce plausible but wrong fees. */
function assertTerms({ feeRateBps, feeFixedAmount, partnerShareBps }: FeeTerms): void {
  for (const [name, value] of [
    ['feeRateBps', feeRateBps],
    ['partnerShareBps', partnerShareBps],
  ] as const) {
    if (!Number.isSafeInteger(value) || value < 0 || value > MAX_FEE_BPS) {
      throw new RangeError(`${name} must be an integer number of basis points from 0 to ${MAX_FEE_BPS}, got ${String(value)}`);
    }
  }
  if (!Number.isSafeInteger(feeFixedAmount) || feeFixedAmount < 0) {
    throw new RangeError(`feeFixedAmount must be a non-negative safe integer number of minor units, got ${String(feeFixedAmount)}`);
  }
}
