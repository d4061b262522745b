// Rate limits per API key: every answer says where the key stands; over the limit a 429 problem
// with Retry-After; other keys are not affected.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EvenpayApp } from '../../src/app.js';
import { makeMerchant, type TestMerchant } from '../factories/merchants.js';
import { startTestApp } from '../helpers/app.js';
import { api } from '../helpers/http.js';

let evenpay: EvenpayApp;
let http: ReturnType<typeof api>;
let busy: TestMerchant;
let quiet: TestMerchant;

beforeAll(async () => {
  evenpay = await startTestApp({ config: { rateLimit: { perSecond: 3, store: 'memory' } } });
  http = api(evenpay.app);
  busy = await makeMerchant(evenpay.services.models);
  quiet = await makeMerchant(evenpay.services.models);
});
afterAll(() => evenpay.close());

describe('rate limits per API key', () => {
  it('count down on every answer and refuse the request over the limit with 429 rate_limited', async () => {
    const answers = [];
    for (let i = 0; i < 4; i++) answers.push(await http.get('/v2/merchant', { auth: busy.bearer }));
    expect(answers.slice(0, 3).map((r) => [r.status, r.headers['ratelimit-limit'], r.headers['ratelimit-remaining']])).toEqual([
      [200, '3', '2'],
      [200, '3', '1'],
      [200, '3', '0'],
    ]);
    const refused = answers[3]!;
    expect(refused.status).toBe(429);
    expect(refused.body).toMatchObject({ status: 429, code: 'rate_limited' });
    expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(refused.headers['ratelimit-remaining']).toBe('0');
  });

  it('keeps each key to its own budget', async () => {
    expect((await http.get('/v2/merchant', { auth: quiet.bearer })).status).toBe(200);
  });

  it('gives the budget back after a second', async () => {
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    expect((await http.get('/v2/merchant', { auth: busy.bearer })).status).toBe(200);
  });
});
