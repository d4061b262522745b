// Amounts come from the API in minor units (integer cents); Intl knows each currency's number
// of digits (2 for USD, 0 for JPY), so a minor amount becomes a major one without a table.

function currencyFormat(currency: string, locale: string | undefined): Intl.NumberFormat {
  return new Intl.NumberFormat(locale, { style: 'currency', currency });
}

/** 7221, 'USD' → "$72.21" (in the page's language). */
export function formatMoney(minor: number, currency: string, locale?: string): string {
  const format = currencyFormat(currency, locale);
  const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
  return format.format(minor / 10 ** digits);
}

/** An APR in basis points: 1500 → "15%", 999 → "9.99%". */
export function formatApr(bps: number, locale?: string): string {
  return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 2 }).format(bps / 10_000);
}
