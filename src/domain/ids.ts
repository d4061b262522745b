// Public ids are a type prefix plus random base62 (`chk_4mQx7hW2rT9bKc1Ez0aP`): unguessable, so a
// merchant cannot probe another's objects, and self-describing in logs and support tickets.
import { randomFillSync } from 'node:crypto';

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

// CSPRNG bytes fetched 4 KB at a time (as the uuid package does): one call into OpenSSL per
// ~150 ids instead of one per id, which showed in every request's profile (the request id).
const pool = Buffer.alloc(4096);
let next = pool.length;

function randomByte(): number {
  if (next === pool.length) {
    randomFillSync(pool);
    next = 0;
  }
  return pool[next++]!;
}

export function randomBase62(length: number): string {
  // 248 is the largest multiple of 62 below 256: rejecting bytes above it keeps every
  // character equally likely.
  let out = '';
  while (out.length < length) {
    const byte = randomByte();
    if (byte < 248) out += ALPHABET[byte % 62];
  }
  return out;
}

export type IdPrefix = 'mer' | 'chk' | 'key' | 'req' | 'txn' | 'evt' | 'whe' | 'whd' | 'whsec';

export function newId(prefix: IdPrefix, length = 20): string {
  return `${prefix}_${randomBase62(length)}`;
}
