// When to try a failed delivery again: exponential backoff (30 s × 3^n, capped at 6 h) with
// ±20 % jitter, for up to 3 days after the event; then the delivery has failed.
export const GIVE_UP_AFTER_MS = 3 * 24 * 60 * 60 * 1000;
const FIRST_RETRY_MS = 30_000;
const LONGEST_WAIT_MS = 6 * 60 * 60 * 1000;

/** The wait after the `failures`-th failed attempt (1-based). */
export function retryDelayMs(failures: number, random: () => number = Math.random): number {
  const base = Math.min(LONGEST_WAIT_MS, FIRST_RETRY_MS * 3 ** (failures - 1));
  return Math.round(base * (0.8 + 0.4 * random()));
}

/** The next attempt's time, or null when the delivery should give up. */
export function nextAttemptAt(createdAt: Date, failures: number, now: Date, random?: () => number): Date | null {
  const next = new Date(now.getTime() + retryDelayMs(failures, random));
  return next.getTime() - createdAt.getTime() > GIVE_UP_AFTER_MS ? null : next;
}
