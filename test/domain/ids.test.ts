// Public ids: prefix + random base62, unguessable and evenly spread over the alphabet.
import { describe, expect, it } from 'vitest';
import { newId, randomBase62 } from '../../src/domain/ids.js';

describe('ids', () => {
  it('are the prefix and the asked number of base62 characters', () => {
    expect(newId('chk')).toMatch(/^chk_[0-9A-Za-z]{20}$/);
    expect(newId('req', 16)).toMatch(/^req_[0-9A-Za-z]{16}$/);
    expect(randomBase62(1)).toMatch(/^[0-9A-Za-z]$/);
  });

  it('never repeat, across many refills of the random pool', () => {
    const ids = Array.from({ length: 20_000 }, () => newId('txn'));
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('use every character about equally often', () => {
    const counts = new Map<string, number>();
    const text = Array.from({ length: 5_000 }, () => randomBase62(20)).join('');
    for (const char of text) counts.set(char, (counts.get(char) ?? 0) + 1);
    expect(counts.size).toBe(62);
    const expected = text.length / 62;
    // Chi-square with 61 degrees of freedom: above 120 happens by chance far less than once in 10^5 runs.
    const chiSquare = [...counts.values()].reduce((sum, n) => sum + (n - expected) ** 2 / expected, 0);
    expect(chiSquare).toBeLessThan(120);
  });
});
