/**
 * Why an integer split: a purchase is divided into installments that must add
 * back up to exactly the price. Dividing and rounding each share loses or
 * invents cents; instead every installment gets floor(T / n) and the leftover
 * T mod n cents go one each to the first installments, so the customer pays the
 * odd cents early and the schedule sums to T by construction. Pay-in-4 and the
 * 0% monthly plans both use this rule.
 */
import { addDays } from '../calendar.js';
import { assertTerm } from './guards.js';

export const PAY_IN_FOUR_INSTALLMENTS = 4;
export const PAY_IN_FOUR_INTERVAL_DAYS = 14;

/**
 * Splits `total` cents into `parts` integer amounts that sum to exactly
 * `total`; the first `total mod parts` amounts are one cent larger.
 * splitEvenly(10003, 4) → [2501, 2501, 2501, 2500].
 */
export function splitEvenly(total: number, parts: number): number[] {
  if (!Number.isSafeInteger(total) || total < 0) {
    throw new RangeError(`total must be a non-negative safe integer number of cents, got ${String(total)}`);
  }
  assertTerm(parts);
  const base = Math.floor(total / parts);
  const remainder = total - base * parts;
  return Array.from({ length: parts }, (_, index) => (index < remainder ? base + 1 : base));
}

/** Due dates of a pay-in-4 plan: the start (purchase) date, then every 14 days. */
export function payInFourDueDates(startDate: string): string[] {
  return Array.from({ length: PAY_IN_FOUR_INSTALLMENTS }, (_, index) => addDays(startDate, index * PAY_IN_FOUR_INTERVAL_DAYS));
}
