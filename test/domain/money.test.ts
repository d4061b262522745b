// Money for people to read: exact from integer minor units, with ISO 4217's number of decimals
// (which for some currencies differs from what Intl shows by default).

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatMoney } from '../../src/domain/money.js';

const plain = (text: string) => text.replace(/\u00a0/g, ' ');

describe('formatMoney', () => {
  it.each<[number | bigint, string, string]>([
    [15_500, 'USD', '$155.00'],
    [5, 'USD', '$0.05'],
    [0, 'USD', '$0.00'],
    [-1_234, 'EUR', '-€12.34'],
    [1_500, 'JPY', '¥1,500'],
    [1_234_567, 'KWD', 'KWD 1,234.567'],
    // Intl's default shows these with no decimals; ISO 4217 gives COP 2 and IQD 3.
    [123_456, 'COP', 'COP 1,234.56'],
    [1_234_567, 'IQD', 'IQD 1,234.567'],
    [900_719_925_474_099_123n, 'USD', '$9,007,199,254,740,991.23'],
  ])('writes %s minor units of %s as %s', (amount, currency, text) => {
    expect(plain(formatMoney(amount, currency))).toBe(text);
  });

  it('puts the decimal point where ISO 4217 says, and the digits read back are the amount', () => {
    const exponents: Record<string, number> = { USD: 2, JPY: 0, KWD: 3, COP: 2, IQD: 3, CLF: 4 };
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }), fc.constantFrom(...Object.keys(exponents)), (amount, currency) => {
        const text = plain(formatMoney(amount, currency));
        const [whole, fraction = ''] = text.replace(/[^0-9.]/g, '').split('.');
        expect(fraction).toHaveLength(exponents[currency]!);
        const magnitude = BigInt(`${whole}${fraction}`);
        expect(text.startsWith('-') ? -magnitude : magnitude).toBe(amount);
      }),
    );
  });
});
