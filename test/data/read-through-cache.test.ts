import { describe, expect, it } from 'vitest';
import { readThroughCache } from '../../src/data/read-through-cache.js';
import { fixedClock } from '../../src/kernel/clock.js';

function counting(values: Record<string, { v: number } | undefined>) {
  const calls: string[] = [];
  return {
    calls,
    load: async (key: string) => {
      calls.push(key);
      await new Promise((resolve) => setTimeout(resolve, 5));
      return values[key];
    },
  };
}

/** A row that changes under its lookups: each reads it at once and answers `delayMs(n)` ms later (n: the lookup's number, from 1). */
function changingRow(delayMs: (call: number) => number = () => 5) {
  let row = { v: 1 };
  const calls: string[] = [];
  return {
    calls,
    change: (v: number) => {
      row = { v };
    },
    load: async (key: string) => {
      calls.push(key);
      const read = row;
      await new Promise((resolve) => setTimeout(resolve, delayMs(calls.length)));
      return read;
    },
  };
}

describe('readThroughCache', () => {
  it('looks a key up once while it is fresh, and again once its time is up', async () => {
    const clock = fixedClock('2026-11-25T12:00:00Z');
    const source = counting({ a: { v: 1 } });
    const cache = readThroughCache({ ttlMs: 30_000, max: 10, clock, load: source.load });
    expect(await cache.get('a')).toEqual({ v: 1 });
    clock.advance(29_000);
    expect(await cache.get('a')).toEqual({ v: 1 });
    expect(source.calls).toEqual(['a']);
    clock.advance(2_000);
    expect(await cache.get('a')).toEqual({ v: 1 });
    expect(source.calls).toEqual(['a', 'a']);
  });

  it('shares one lookup between concurrent misses for the same key', async () => {
    const source = counting({ a: { v: 1 } });
    const cache = readThroughCache({ ttlMs: 30_000, max: 10, clock: fixedClock('2026-11-25T12:00:00Z'), load: source.load });
    const answers = await Promise.all(Array.from({ length: 20 }, () => cache.get('a')));
    expect(answers.every((answer) => answer?.v === 1)).toBe(true);
    expect(source.calls).toEqual(['a']);
  });

  it("answers a shared lookup in flight when a transaction's own lookup is stored over it, or when it is evicted", async () => {
    const source = counting({ a: { v: 1 }, b: { v: 2 } });
    const cache = readThroughCache<{ v: number }, string>({ ttlMs: 30_000, max: 1, clock: fixedClock('2026-11-25T12:00:00Z'), load: source.load });
    // A request outside a transaction starts the shared lookup; a transaction's read of the same
    // key (on its own connection) finishes and is stored while the shared one is still in flight.
    const shared = cache.get('a');
    expect(await cache.get('a', 'transaction')).toEqual({ v: 1 });
    expect(await shared).toEqual({ v: 1 });
    // A full cache (max 1) evicts a lookup in flight: its caller still gets the answer.
    cache.forget('a');
    const evicted = cache.get('a');
    const other = cache.get('b');
    expect(await Promise.all([evicted, other])).toEqual([{ v: 1 }, { v: 2 }]);
  });

  it('does not keep an answer whose key was forgotten while it was looked up, and it serves its caller', async () => {
    const source = changingRow();
    const cache = readThroughCache<{ v: number }, string>({ ttlMs: 30_000, max: 10, clock: fixedClock('2026-11-25T12:00:00Z'), load: source.load });
    const inFlight = cache.get('a');
    // The row changes after the lookup read it, and this replica is told so.
    source.change(2);
    cache.forgetWhere((key) => key === 'a');
    expect(await inFlight).toEqual({ v: 1 });
    expect(await cache.get('a')).toEqual({ v: 2 });
    expect(source.calls).toEqual(['a', 'a']);

    // The same for a transaction's own lookup (`context`), which is not shared through the cache.
    const inTransaction = cache.get('b', 'transaction');
    source.change(3);
    cache.forget('b');
    expect(await inTransaction).toEqual({ v: 2 });
    expect(await cache.get('b')).toEqual({ v: 3 });
    expect(source.calls).toEqual(['a', 'a', 'b', 'b']);
  });

  it('keeps the answer of a lookup begun after a forget, while one begun before it is still in flight', async () => {
    // The first lookup is slow: it answers after the one begun later.
    const source = changingRow((call) => (call === 1 ? 30 : 5));
    const cache = readThroughCache({ ttlMs: 30_000, max: 10, clock: fixedClock('2026-11-25T12:00:00Z'), load: source.load });
    const slow = cache.get('a');
    source.change(2);
    cache.forget('a');
    expect(await cache.get('a')).toEqual({ v: 2 });
    expect(await slow).toEqual({ v: 1 });
    expect(await cache.get('a')).toEqual({ v: 2 });
    expect(source.calls).toEqual(['a', 'a']);
  });

  it("keeps a hit, and a lookup in flight, when another key is forgotten meanwhile (another merchant's key rolled)", async () => {
    const source = counting({ a: { v: 1 }, b: { v: 2 } });
    const cache = readThroughCache({ ttlMs: 30_000, max: 10, clock: fixedClock('2026-11-25T12:00:00Z'), load: source.load });
    await cache.get('a');
    const hit = cache.get('a');
    const load = cache.get('b');
    cache.forgetWhere((key) => key === 'c');
    cache.forget('c');
    expect(await Promise.all([hit, load])).toEqual([{ v: 1 }, { v: 2 }]);
    expect(await cache.get('a')).toEqual({ v: 1 });
    expect(await cache.get('b')).toEqual({ v: 2 });
    expect(source.calls).toEqual(['a', 'b']);
  });

  it('keeps neither a miss nor a failure, so an unknown key cannot fill it and a fault is retried', async () => {
    const clock = fixedClock('2026-11-25T12:00:00Z');
    let fail = true;
    const calls: string[] = [];
    const cache = readThroughCache<{ v: number }>({
      ttlMs: 30_000,
      max: 10,
      clock,
      load: async (key) => {
        calls.push(key);
        if (key === 'broken' && fail) throw new Error('database down');
        return key === 'known' || key === 'broken' ? { v: 2 } : undefined;
      },
    });
    expect(await cache.get('unknown')).toBeUndefined();
    expect(await cache.get('unknown')).toBeUndefined();
    await expect(cache.get('broken')).rejects.toThrow('database down');
    fail = false;
    expect(await cache.get('broken')).toEqual({ v: 2 });
    expect(calls).toEqual(['unknown', 'unknown', 'broken', 'broken']);
  });

  it('holds at most `max` entries, dropping the least recently used', async () => {
    const source = counting({ a: { v: 1 }, b: { v: 2 }, c: { v: 3 } });
    const cache = readThroughCache({ ttlMs: 30_000, max: 2, clock: fixedClock('2026-11-25T12:00:00Z'), load: source.load });
    await cache.get('a');
    await cache.get('b');
    await cache.get('a');
    await cache.get('c'); // evicts b
    await cache.get('a');
    await cache.get('b');
    expect(source.calls).toEqual(['a', 'b', 'c', 'b']);
  });

  it('looks up every time when the time to live is 0', async () => {
    const source = counting({ a: { v: 1 } });
    const cache = readThroughCache({ ttlMs: 0, max: 10, clock: fixedClock('2026-11-25T12:00:00Z'), load: source.load });
    await cache.get('a');
    await cache.get('a');
    expect(source.calls).toEqual(['a', 'a']);
  });
});
