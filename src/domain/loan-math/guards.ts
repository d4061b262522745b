/**
 * Why guards here when the HTTP layer validates first: this module is also
 * called from jobs, scripts and tests, and a bad input (a float amount, a NaN
 * term, an APR in percent instead of bps) would otherwise produce a plausible
 * looking but wrong schedule. Failing loudly with a plain RangeError is cheaper
 * than a mispriced loan.
 */

/**
 * Highest APR accepted, in basis points (9999 = 99.99%). APRs are stored as
 * four-digit bps; anything above is almost certainly a unit mistake.
 */
export const MAX_APR_BPS = 9999;

/** Principal is a positive safe integer number of cents. */
export function assertPrincipal(principal: number): void {
  if (!Number.isSafeInteger(principal) || principal <= 0) {
    throw new RangeError(`principal must be a positive safe integer number of cents, got ${String(principal)}`);
  }
}

/** A term (number of installments) is an integer of at least 1. */
export function assertTerm(term: number): void {
  if (!Number.isSafeInteger(term) || term < 1) {
    throw new RangeError(`term must be an integer of at least 1, got ${String(term)}`);
  }
}

/** APR is an integer number of basis points from 0 to MAX_APR_BPS inclusive. */
export function assertAprBps(aprBps: number): void {
  if (!Number.isSafeInteger(aprBps) || aprBps < 0 || aprBps > MAX_APR_BPS) {
    throw new RangeError(`aprBps must be an integer number of basis points from 0 to ${MAX_APR_BPS}, got ${String(aprBps)}`);
  }
}
