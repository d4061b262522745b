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
