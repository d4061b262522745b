import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';

describe('loadConfig', () => {
  it('keeps the rate limit and the webhook timeout within what the spec shows of them', () => {
    expect(loadConfig({ RATE_LIMIT_PER_SECOND: '250', WEBHOOK_TIMEOUT_MS: '5000' })).toMatchObject({ rateLimit: { perSecond: 250 }, webhookTimeoutMs: 5000 });
    expect(loadConfig({})).toMatchObject({ rateLimit: { perSecond: 100 }, webhookTimeoutMs: 10_000 });
    for (const value of ['0', '-5', '2.5', 'lots', '1000001']) {
      expect(() => loadConfig({ RATE_LIMIT_PER_SECOND: value })).toThrow(`RATE_LIMIT_PER_SECOND must be a whole number from 1 to 1000000 (got ${value})`);
    }
    expect(() => loadConfig({ WEBHOOK_TIMEOUT_MS: '3600001' })).toThrow(/WEBHOOK_TIMEOUT_MS must be a whole number/);
  });

  it('reads how long a request waits for the database, with the defaults the README lists', () => {
    expect(loadConfig({}).databaseTuning).toEqual({ busyTimeoutMs: 15_000, poolMax: 10, poolAcquireMs: 30_000 });
    expect(loadConfig({ SQLITE_BUSY_TIMEOUT_MS: '300', DATABASE_POOL_MAX: '4', DATABASE_POOL_ACQUIRE_MS: '2000' }).databaseTuning).toEqual({
      busyTimeoutMs: 300,
      poolMax: 4,
      poolAcquireMs: 2_000,
    });
    expect(() => loadConfig({ DATABASE_POOL_MAX: '0' })).toThrow('DATABASE_POOL_MAX must be a whole number from 1 to 1000 (got 0)');
    expect(() => loadConfig({ SQLITE_BUSY_TIMEOUT_MS: 'soon' })).toThrow(/SQLITE_BUSY_TIMEOUT_MS must be a whole number/);
  });
});
