// Public ids are a type prefix plus random base62 (`chk_4mQx7hW2rT9bKc1Ez0aP`): unguessable, so a
// merchant cannot probe another's objects, and self-describing in logs and support tickets.
import { randomBytes } from 'node:crypto';

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

export function randomBase62(length: number): string {
  // 248 is the largest multiple of 62 below 256: rejecting bytes above it keeps every
  // character equally likely.
  let out = '';
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte < 248 && out.length < length) out += ALPHABET[byte % 62];
    }
  }
  return out;
}

export type IdPrefix = 'mer' | 'chk' | 'key' | 'req' | 'txn' | 'evt' | 'whe' | 'whd' | 'whsec';

export function newId(prefix: IdPrefix, length = 20): string {
  return `${prefix}_${randomBase62(length)}`;
}
