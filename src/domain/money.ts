// The one money type: an integer amount in the currency's minor unit next to an ISO 4217 code.
// Sums are done in BigInt so no total can silently lose a cent past 2^53.
import currencyCodes from 'currency-codes';

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
 * How many minor-unit digits a currency has, by ISO 4217 (the standard the API's amounts follow).
 * Intl's own data (CLDR) shows some currencies with fewer decimals than they have (COP, IQD…).
 */
/** Whether `code` is an ISO 4217 currency code (upper case, as the API takes it). */
export function isCurrencyCode(code: string): boolean {
  return /^[A-Z]{3}$/.test(code) && currencyCodes.code(code) !== undefined;
}

function minorDigits(currency: string): number {
  return currencyCodes.code(currency)?.digits ?? 2;
}

const formats = new Map<string, { format: Intl.NumberFormat; digits: number }>();

function formatFor(currency: string, locale: string): { format: Intl.NumberFormat; digits: number } {
  const key = `${locale} ${currency}`;
  let entry = formats.get(key);
  if (!entry) {
    const digits = minorDigits(currency);
    entry = { digits, format: new Intl.NumberFormat(locale, { style: 'currency', currency, minimumFractionDigits: digits, maximumFractionDigits: digits }) };
    formats.set(key, entry);
  }
  return entry;
}

/**
 * An amount for people to read ("$155.00", "¥1,500", "COP 1,234.56"): the minor units are written
 * out as an exact decimal string for Intl, so no float ever carries the amount.
 */
export function formatMoney(amount: number | bigint, currency: string, locale = 'en-US'): string {
  const { format, digits } = formatFor(currency, locale);
  const minor = BigInt(amount);
  const magnitude = (minor < 0n ? -minor : minor).toString().padStart(digits + 1, '0');
  const decimal = digits === 0 ? magnitude : `${magnitude.slice(0, -digits)}.${magnitude.slice(-digits)}`;
  // Intl formats decimal strings exactly (ES2023); the string overload is missing from TypeScript's lib.
  return format.format(`${minor < 0n ? '-' : ''}${decimal}` as unknown as number);
}
