/**
 * Why BigInt rationals: the amortization rule carries each period's interest
 * unrounded and only rounds the payments. Binary floats cannot represent
 * 1500/120000 or most balances exactly, so a float schedule drifts by
 * fractions of a cent and can round a payment the wrong way; 64-bit integers
 * overflow once (1 + i)^n is written over a common denominator. A fraction of
 * two BigInts is exact at any size, and at 24 monthly periods the numbers stay
 * a few hundred bits long, which is cheap.
 */

/** An exact fraction `num / den`. Always normalized: `den > 0` and the fraction is in lowest terms. */
export type Rational = { readonly num: bigint; readonly den: bigint };

function gcd(a: bigint, b: bigint): bigint {
  let x = a < 0n ? -a : a;
  let y = b < 0n ? -b : b;
  while (y !== 0n) [x, y] = [y, x % y];
  return x;
}

/** Builds `num / den` in normal form (positive denominator, lowest terms). Throws RangeError if `den` is 0. */
export function rational(num: bigint, den: bigint = 1n): Rational {
  if (den === 0n) throw new RangeError('a rational number cannot have a zero denominator');
  const sign = den < 0n ? -1n : 1n;
  const divisor = gcd(num, den);
  return { num: (sign * num) / divisor, den: (sign * den) / divisor };
}

export function add(x: Rational, y: Rational): Rational {
  return rational(x.num * y.den + y.num * x.den, x.den * y.den);
}

export function sub(x: Rational, y: Rational): Rational {
  return rational(x.num * y.den - y.num * x.den, x.den * y.den);
}

export function mul(x: Rational, y: Rational): Rational {
  return rational(x.num * y.num, x.den * y.den);
}

/** Floor division; BigInt's `/` truncates toward zero, which is wrong for negative quotients. */
export function floorDiv(n: bigint, d: bigint): bigint {
  if (d === 0n) throw new RangeError('division by zero');
  const q = n / d;
  return n % d !== 0n && n < 0n !== d < 0n ? q - 1n : q;
}

/**
 * Rounds to the nearest integer, ties toward +infinity: floor(x + 1/2).
 * 2.5 → 3, 2.4999… → 2, -2.5 → -2. Money values here are non-negative, where
 * this is the usual "round half up" to the cent.
 */
export function roundHalfUp(x: Rational): bigint {
  return roundHalfUpQuotient(x.num, x.den);
}

/** `roundHalfUp` of num / den for any den > 0, in lowest terms or not. */
export function roundHalfUpQuotient(num: bigint, den: bigint): bigint {
  return floorDiv(2n * num + den, 2n * den);
}
