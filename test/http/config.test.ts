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
});
