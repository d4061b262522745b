// The one money type: an integer amount in the currency's minor unit next to an ISO 4217 code.
// Sums are done in BigInt so no total can silently lose a cent past 2^53.
export interface Money {
  amount: number;
  currency: string;
}

export function sumMinor(amounts: ReadonlyArray<number | bigint>): bigint {
  return amounts.reduce<bigint>((total, amount) => total + BigInt(amount), 0n);
}

export function lineTotal(unitPrice: number, quantity: number): bigint {
  return BigInt(unitPrice) * BigInt(quantity);
}

/**
 * An amount for people to read ("$155.00", "¥1,500"): the minor units are written out as an exact
 * decimal string for Intl, so no float ever carries the amount.
 */
export function formatMoney(amount: number | bigint, currency: string, locale = 'en-US'): string {
  const format = new Intl.NumberFormat(locale, { style: 'currency', currency });
  const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
  const minor = BigInt(amount);
  const magnitude = (minor < 0n ? -minor : minor).toString().padStart(digits + 1, '0');
  const decimal = digits === 0 ? magnitude : `${magnitude.slice(0, -digits)}.${magnitude.slice(-digits)}`;
  // Intl formats decimal strings exactly (ES2023); the string overload is missing from TypeScript's lib.
  return format.format(`${minor < 0n ? '-' : ''}${decimal}` as unknown as number);
}
