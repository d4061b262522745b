// Money for people to read: exact from integer minor units, whatever the currency's exponent.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { formatMoney } from '../../src/domain/money.js';

describe('formatMoney', () => {
  it.each<[number | bigint, string, string]>([
    [15_500, 'USD', '$155.00'],
    [5, 'USD', '$0.05'],
    [0, 'USD', '$0.00'],
    [-1_234, 'EUR', '-€12.34'],
    [1_500, 'JPY', '¥1,500'],
    [1_234_567, 'KWD', 'KWD 1,234.567'],
    [900_719_925_474_099_123n, 'USD', '$9,007,199,254,740,991.23'],
  ])('writes %s minor units of %s as %s', (amount, currency, text) => {
    expect(formatMoney(amount, currency).replace(/\u00a0/g, ' ')).toBe(text);
  });

  it('never loses a cent: the digits read back are the minor units', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 24n }), (amount) => {
        expect(BigInt(formatMoney(amount, 'USD').replace(/[^0-9]/g, ''))).toBe(amount);
      }),
    );
  });
});
