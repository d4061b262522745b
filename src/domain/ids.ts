// Public ids are a type prefix plus random base62 (`chk_4mQx7hW2rT9bKc1Ez0aP`): unguessable, so a
// merchant cannot probe another's objects, and self-describing in logs and support tickets.
import { randomBytes, randomFillSync } from 'node:crypto';

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

// Public ids draw on CSPRNG bytes fetched 4 KB at a time (as the uuid package does): one call
// into OpenSSL per ~150 ids instead of one per id, which showed in every request's profile (the
// request id). Secrets never do: their bytes would sit in this buffer before and after use.
const pool = Buffer.alloc(4096);
let next = pool.length;

function pooledByte(): number {
  if (next === pool.length) {
    randomFillSync(pool);
    next = 0;
  }
  return pool[next++]!;
}

function base62(length: number, nextByte: () => number): string {
  // 248 is the largest multiple of 62 below 256: rejecting bytes above it keeps every
  // character equally likely.
  let out = '';
  while (out.length < length) {
    const byte = nextByte();
    if (byte < 248) out += ALPHABET[byte % 62];
  }
  return out;
}

/** Random base62 for secrets (API keys, webhook signing secrets): bytes fetched for this call only. */
export function secretBase62(length: number): string {
  let bytes = randomBytes(length * 2);
  let at = 0;
  return base62(length, () => {
    if (at === bytes.length) {
      bytes = randomBytes(length);
      at = 0;
    }
    return bytes[at++]!;
  });
}

export type IdPrefix = 'mer' | 'ptn' | 'chk' | 'key' | 'req' | 'txn' | 'evt' | 'whe' | 'whd' | 'whsec' | 'olk' | 'img' | 'bal' | 'po' | 'dp' | 'doc';

export function newId(prefix: IdPrefix, length = 20): string {
  return `${prefix}_${base62(length, pooledByte)}`;
}
