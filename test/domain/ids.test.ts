// Public ids: prefix + random base62, unguessable and evenly spread over the alphabet.
import { describe, expect, it } from 'vitest';
import { newId, secretBase62 } from '../../src/domain/ids.js';

describe('ids', () => {
  it('are the prefix and the asked number of base62 characters', () => {
    expect(newId('chk')).toMatch(/^chk_[0-9A-Za-z]{20}$/);
    expect(newId('req', 16)).toMatch(/^req_[0-9A-Za-z]{16}$/);
    expect(secretBase62(1)).toMatch(/^[0-9A-Za-z]$/);
    expect(secretBase62(32)).toMatch(/^[0-9A-Za-z]{32}$/);
  });

  it('never repeat, across many refills of the random pool', () => {
    const ids = Array.from({ length: 20_000 }, () => newId('txn'));
    expect(new Set(ids).size).toBe(ids.length);
  });

  it.each([
    ['ids', () => newId('evt').slice(4)],
    ['secrets', () => secretBase62(20)],
  ])('%s use every character about equally often', (_kind, draw) => {
    const counts = new Map<string, number>();
    const text = Array.from({ length: 5_000 }, draw).join('');
    for (const char of text) counts.set(char, (counts.get(char) ?? 0) + 1);
    expect(counts.size).toBe(62);
    const expected = text.length / 62;
    // Chi-square with 61 degrees of freedom: above 140 happens by chance about 4 times in 10^8 runs.
    const chiSquare = [...counts.values()].reduce((sum, n) => sum + (n - expected) ** 2 / expected, 0);
    expect(chiSquare).toBeLessThan(140);
  });
});
