import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, addMonthsClamped, daysInMonth, formatDate, isLeapYear, parseDate } from '../../src/domain/calendar.js';

/** Any real date from 1900-01-01 to 2199-12-31, as 'YYYY-MM-DD'. */
const isoDate = fc.integer({ min: 0, max: 109_572 }).map((offset) => addDays('1900-01-01', offset));

describe('calendar', () => {
  describe('leap years and month lengths', () => {
    it('treats years divisible by 4 as leap, except centuries not divisible by 400', () => {
      expect(isLeapYear(2024)).toBe(true);
      expect(isLeapYear(2023)).toBe(false);
      expect(isLeapYear(1900)).toBe(false);
      expect(isLeapYear(2000)).toBe(true);
    });

    it('gives February 29 days in leap years and 28 otherwise', () => {
      expect(daysInMonth(2024, 2)).toBe(29);
      expect(daysInMonth(2023, 2)).toBe(28);
      expect(daysInMonth(2100, 2)).toBe(28);
    });

    it('gives 30 days to April, June, September and November and 31 to the rest', () => {
      const lengths = Array.from({ length: 12 }, (_, index) => daysInMonth(2023, index + 1));
      expect(lengths).toEqual([31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]);
    });

    it('rejects a month outside 1 to 12', () => {
      expect(() => daysInMonth(2024, 0)).toThrow(RangeError);
      expect(() => daysInMonth(2024, 13)).toThrow(RangeError);
    });
  });

  describe('parsing and formatting', () => {
    it('parses a date to midnight UTC', () => {
      expect(parseDate('2024-02-29').toISOString()).toBe('2024-02-29T00:00:00.000Z');
    });

    it('keeps years below 100 as written instead of mapping them to the 1900s', () => {
      expect(parseDate('0099-12-31').getUTCFullYear()).toBe(99);
      expect(formatDate(parseDate('0099-12-31'))).toBe('0099-12-31');
    });

    it('formats the UTC calendar day whatever the time of day', () => {
      expect(formatDate(new Date('2024-03-10T23:59:59.999Z'))).toBe('2024-03-10');
      expect(formatDate(new Date('2024-03-10T00:00:00.000Z'))).toBe('2024-03-10');
    });

    it('round-trips every date through parse and format unchanged', () => {
      fc.assert(fc.property(isoDate, (iso) => formatDate(parseDate(iso)) === iso));
    });

    it.each([
      '2023-02-29',
      '2024-02-30',
      '2024-04-31',
      '2024-13-01',
      '2024-00-10',
      '2024-01-00',
      '0000-01-01',
      '2024-1-01',
      '2024-01-01T00:00:00Z',
      ' 2024-01-01',
      '',
    ])('rejects %j with a RangeError', (input) => {
      expect(() => parseDate(input)).toThrow(RangeError);
    });

    it('rejects an invalid Date when formatting', () => {
      expect(() => formatDate(new Date(Number.NaN))).toThrow(RangeError);
    });
  });

  describe('adding days', () => {
    it('crosses month and year ends', () => {
      expect(addDays('2024-01-25', 14)).toBe('2024-02-08');
      expect(addDays('2024-12-25', 14)).toBe('2025-01-08');
    });

    it('counts February 29 in leap years only', () => {
      expect(addDays('2024-02-20', 14)).toBe('2024-03-05');
      expect(addDays('2023-02-20', 14)).toBe('2023-03-06');
    });

    it('goes backwards for negative days', () => {
      expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
    });

    it('is undone by adding the same number of days back', () => {
      fc.assert(
        fc.property(isoDate, fc.integer({ min: -3650, max: 3650 }), (iso, days) => {
          expect(addDays(addDays(iso, days), -days)).toBe(iso);
        }),
      );
    });

    it('moves the underlying instant by exactly that many 24-hour days', () => {
      fc.assert(
        fc.property(isoDate, fc.integer({ min: -3650, max: 3650 }), (iso, days) => {
          const delta = parseDate(addDays(iso, days)).getTime() - parseDate(iso).getTime();
          expect(delta).toBe(days * 86_400_000);
        }),
      );
    });

    it('rejects a fractional number of days', () => {
      expect(() => addDays('2024-01-01', 1.5)).toThrow(RangeError);
    });
  });

  describe('adding months with end-of-month clamping', () => {
    it('clamps January 31 to the last day of February', () => {
      expect(addMonthsClamped('2024-01-31', 1)).toBe('2024-02-29');
      expect(addMonthsClamped('2023-01-31', 1)).toBe('2023-02-28');
    });

    it('keeps the day when the target month is long enough', () => {
      expect(addMonthsClamped('2024-01-31', 2)).toBe('2024-03-31');
      expect(addMonthsClamped('2024-01-15', 1)).toBe('2024-02-15');
    });

    it('rolls over into the next year', () => {
      expect(addMonthsClamped('2024-12-31', 1)).toBe('2025-01-31');
      expect(addMonthsClamped('2024-11-30', 3)).toBe('2025-02-28');
    });

    it('moves a leap day to February 28 in common years and back to the 29th in leap years', () => {
      expect(addMonthsClamped('2024-02-29', 12)).toBe('2025-02-28');
      expect(addMonthsClamped('2024-02-29', 48)).toBe('2028-02-29');
    });

    it('goes backwards for negative months', () => {
      expect(addMonthsClamped('2024-03-31', -1)).toBe('2024-02-29');
      expect(addMonthsClamped('2024-01-31', -2)).toBe('2023-11-30');
    });

    it('lands in the right month and never moves the day later', () => {
      fc.assert(
        fc.property(isoDate, fc.integer({ min: -120, max: 120 }), (iso, months) => {
          const [year, month, day] = iso.split('-').map(Number) as [number, number, number];
          const [newYear, newMonth, newDay] = addMonthsClamped(iso, months).split('-').map(Number) as [number, number, number];
          expect(newYear * 12 + newMonth).toBe(year * 12 + month + months);
          expect(newDay).toBe(Math.min(day, daysInMonth(newYear, newMonth)));
        }),
      );
    });

    it('rejects results outside years 0001 to 9999', () => {
      expect(() => addMonthsClamped('9999-12-01', 1)).toThrow(RangeError);
      expect(() => addDays('0001-01-01', -1)).toThrow(RangeError);
    });
  });
});
