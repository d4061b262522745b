/**
 * Why this module exists: due dates are calendar dates, not instants. A due
 * date computed with local-time `Date` arithmetic can move by a day when the
 * server's time zone or daylight-saving rules change, and `Date#setMonth`
 * silently rolls Jan 31 + 1 month over into March. Everything here works on
 * 'YYYY-MM-DD' strings and does its arithmetic in UTC (which has no DST) or on
 * plain year/month numbers, so the same inputs always produce the same dates.
 * It is pure: the caller supplies every date; nothing reads the clock.
 */

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MS_PER_DAY = 86_400_000;
const MIN_YEAR = 1;
const MAX_YEAR = 9999;

type DateParts = { year: number; month: number; day: number };

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** Number of days in `month` (1 = January … 12 = December) of `year`. */
export function daysInMonth(year: number, month: number): number {
  if (!Number.isInteger(month) || month < 1 || month > 12) {
    throw new RangeError(`month must be an integer from 1 to 12, got ${String(month)}`);
  }
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

function parseParts(iso: string): DateParts {
  const match = typeof iso === 'string' ? ISO_DATE.exec(iso) : null;
  if (!match) {
    throw new RangeError(`date must be a 'YYYY-MM-DD' string, got ${JSON.stringify(iso)}`);
  }
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  if (year < MIN_YEAR || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    throw new RangeError(`date ${JSON.stringify(iso)} is not a real calendar date`);
  }
  return { year, month, day };
}

function formatParts({ year, month, day }: DateParts): string {
  if (year < MIN_YEAR || year > MAX_YEAR) {
    throw new RangeError(`year ${year} is outside the supported range ${MIN_YEAR}-${MAX_YEAR}`);
  }
  const pad = (value: number, width: number) => String(value).padStart(width, '0');
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
}

/** Parses a strict 'YYYY-MM-DD' date into a `Date` at 00:00:00.000 UTC. Throws RangeError on anything else. */
export function parseDate(iso: string): Date {
  const { year, month, day } = parseParts(iso);
  const date = new Date(0);
  // setUTCFullYear, unlike Date.UTC, does not map years 0-99 onto 1900-1999.
  date.setUTCFullYear(year, month - 1, day);
  return date;
}

/** Formats the UTC calendar date of `date` as 'YYYY-MM-DD' (the time of day is ignored). */
export function formatDate(date: Date): string {
  if (!(date instanceof Date) || Number.isNaN(date.getTime())) {
    throw new RangeError('formatDate needs a valid Date');
  }
  return formatParts({
    year: date.getUTCFullYear(),
    month: date.getUTCMonth() + 1,
    day: date.getUTCDate(),
  });
}

/** `iso` plus `days` calendar days (negative goes back). */
export function addDays(iso: string, days: number): string {
  if (!Number.isSafeInteger(days)) {
    throw new RangeError(`days must be an integer, got ${String(days)}`);
  }
  const shifted = parseDate(iso).getTime() + days * MS_PER_DAY;
  return formatDate(new Date(shifted));
}

/**
 * `iso` plus `months` calendar months, clamping the day to the end of the
 * target month: 2024-01-31 + 1 → 2024-02-29, 2023-01-31 + 1 → 2023-02-28.
 * Always compute a schedule's k-th date as addMonthsClamped(start, k), never by
 * chaining from the previous due date, or one short month would shorten every
 * later date (Jan 31 → Feb 28 → Mar 28 instead of Mar 31).
 */
export function addMonthsClamped(iso: string, months: number): string {
  if (!Number.isSafeInteger(months)) {
    throw new RangeError(`months must be an integer, got ${String(months)}`);
  }
  const { year, month, day } = parseParts(iso);
  const monthIndex = year * 12 + (month - 1) + months;
  const targetYear = Math.floor(monthIndex / 12);
  const targetMonth = monthIndex - targetYear * 12 + 1;
  if (targetYear < MIN_YEAR || targetYear > MAX_YEAR) {
    throw new RangeError(`year ${targetYear} is outside the supported range ${MIN_YEAR}-${MAX_YEAR}`);
  }
  return formatParts({
    year: targetYear,
    month: targetMonth,
    day: Math.min(day, daysInMonth(targetYear, targetMonth)),
  });
}
