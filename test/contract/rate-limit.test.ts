// Rate limits per API key: every answer says where the key stands; over the limit a 429 problem
// with Retry-After; other keys are not affected.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EvenpayApp } from '../../src/app.js';
import { makeMerchant, type TestMerchant } from '../factories/merchants.js';
import { makePartner } from '../factories/partners.js';
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
    // Sent together: the budget is per second of real time, and four requests one after another
    // can straddle a second on a loaded machine. Which of them is refused is up to the race.
    const answers = await Promise.all(Array.from({ length: 4 }, () => http.get('/v2/merchant', { auth: busy.bearer })));
    answers.sort((a, b) => a.status - b.status || Number(b.headers['ratelimit-remaining']) - Number(a.headers['ratelimit-remaining']));
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

describe('rate limits of a partner key', () => {
  it('give each merchant it acts for a budget of its own, within the key’s larger one, which made-up merchant ids spend too', async () => {
    const partner = await makePartner(evenpay.services.models, { name: 'Rate Platform' });
    const first = await makeMerchant(evenpay.services.models, { partnerId: partner.id });
    const second = await makeMerchant(evenpay.services.models, { partnerId: partner.id });
    const asPartner = (merchantId: string) => http.get('/v2/merchant', { auth: partner.bearer, headers: { 'Evenpay-Merchant': merchantId } });
    const forFirst = [await asPartner(first.id), await asPartner(first.id), await asPartner(first.id), await asPartner(first.id)];
    expect(forFirst.map((res) => res.status)).toEqual([200, 200, 200, 429]);
    expect(forFirst[3]!.body.detail).toContain(`acting for ${first.id}`);
    expect((await asPartner(second.id)).status).toBe(200);
    // The key's own budget (10 × 3 a second) counts every request, a made-up merchant's too.
    let last = await asPartner('mer_MadeUp0');
    for (let i = 1; i < 100 && last.status !== 429; i++) last = await asPartner(`mer_MadeUp${i}`);
    expect(last.status).toBe(429);
    expect(last.body.detail).toContain('this partner key');
  });
});
