// One way to keep rarely-changing rows in memory (API keys, merchant profiles): read through to
// the database on a miss, keep the answer for `ttlMs`, at most `max` entries (least recently used
// go first). Concurrent misses for one key share a single lookup. A lookup that finds nothing is
// not kept (so unknown keys cannot fill the cache), and one that fails is not kept either. A
// caller inside a database transaction passes it (`context`): a miss then reads on the
// transaction's own connection and shares no lookup with other callers, so it never waits for a
// second pooled connection while holding the first (ten transactions doing that at once on a pool
// of ten wait for each other until the pool times out).
// A change made elsewhere (an operator, another replica) reaches every replica within `ttlMs`;
// the replica that made it `forget`s its copy at once. `ttlMs` 0 turns caching off.
import { LRUCache } from 'lru-cache';
import type { Clock } from '../kernel/clock.js';

export interface ReadThroughCache<V, C = never> {
  get(key: string, context?: C): Promise<V | undefined>;
  /** Drops this process's copy, so the next get reads the database (other replicas keep theirs until `ttlMs`). */
  forget(key: string): void;
  /** Drops every copy whose key matches (a scan: for rare changes, such as a revoked API key). */
  forgetWhere(matches: (key: string) => boolean): void;
}

/** How long entries live and whose clock ages them (Config.cacheTtlMs, the service's clock). */
export interface CacheSettings {
  ttlMs: number;
  clock: Clock;
}

export function readThroughCache<V extends object, C = never>(
  options: CacheSettings & { max: number; load: (key: string, context: C | undefined) => Promise<V | undefined> },
): ReadThroughCache<V, C> {
  const { ttlMs, max, clock, load } = options;
  if (ttlMs <= 0) return { get: load, forget: () => undefined, forgetWhere: () => undefined };
  const cache = new LRUCache<string, V>({
    max,
    ttl: ttlMs,
    // The service's clock, so tests that move time also age the cache.
    perf: { now: () => clock.now().getTime() },
    ttlResolution: 0,
    fetchMethod: (key) => load(key, undefined),
    // A shared lookup in flight is never abandoned: when a transaction's own lookup is stored over
    // it (`set`), or the cache is full and evicts it, lru-cache would abort it and every caller
    // waiting on it would fail ("replaced", "evicted": a 500 under load). Its callers get its answer.
    ignoreFetchAbort: true,
  });
  // The gets in flight, each with the key it asked for. A forget of that key while one is in
  // flight (the change may have come after its lookup read the row) means its answer serves its
  // own callers but is not kept: a shared lookup's entry is deleted, which lru-cache takes as "do
  // not store this answer" (keys() does not list a lookup in flight, so forgetWhere could not find
  // it there), and a transaction's own lookup is marked. A forget of any other key leaves it alone.
  const inFlight = new Set<{ key: string; forgotten: boolean }>();
  const forgetMatching = (matches: (key: string) => boolean) => {
    for (const get of inFlight) {
      if (!matches(get.key)) continue;
      get.forgotten = true;
      cache.delete(get.key);
    }
    for (const key of [...cache.keys()]) if (matches(key)) cache.delete(key);
  };
  return {
    get: async (key, context) => {
      const get = { key, forgotten: false };
      inFlight.add(get);
      try {
        if (context === undefined) return await cache.fetch(key);
        const cached = cache.get(key);
        if (cached !== undefined) return cached;
        const loaded = await load(key, context);
        if (loaded !== undefined && !get.forgotten) cache.set(key, loaded);
        return loaded;
      } finally {
        inFlight.delete(get);
      }
    },
    forget: (key) => forgetMatching((candidate) => candidate === key),
    forgetWhere: forgetMatching,
  };
}
