// GET /v2/promotions: the "as low as" message a shop's pages read with the publishable key —
// what it says for a price, who may read it (the publishable key only, CORS for the merchant's
// origins only), and how it is cached (Cache-Control, ETag, 304).
import supertest from 'supertest';
import { describe, expect, it } from 'vitest';
import type { components } from '../../../generated/v2/client.js';
import { makeMerchant } from '../../factories/merchants.js';
import { appWithMerchant } from '../../helpers/app.js';
import { expectProblem } from '../../helpers/problem.js';

type Promotion = components['schemas']['Promotion'];

const { evenpay, http, merchant } = appWithMerchant('Promotion Test Co');
const SHOP = 'https://shop.promotions.example';

const publishable = () => `Bearer ${merchant.publishableKey}`;
const promotion = (query: string, headers: Record<string, string> = {}, auth = publishable()) => http.get(`/v2/promotions?${query}`, { auth, headers });

async function allowOrigins(bearer: string, origins: string[]): Promise<void> {
  const res = await http.post('/v2/merchant', { auth: bearer, body: { allowed_origins: origins } });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
}

describe('GET /v2/promotions: the message', () => {
  it('advertises $800.00 as low as $72.21/month on monthly_12, with every plan and the wording', async () => {
    const res = await promotion('amount=80000&currency=USD');
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const body = res.body as Promotion;
    expect(body).toMatchObject({ object: 'promotion', amount: 80_000, currency: 'USD', livemode: false });
    expect(body.lowest_monthly_payment).toEqual({ amount: 7_221, plan_id: 'monthly_12', installment_count: 12, apr_bps: 1_500 });
    expect(body.plans.map((plan) => [plan.plan_id, plan.installment_amount, plan.finance_charge, plan.total_of_payments])).toEqual([
      ['pay_in_4', 20_000, 0, 80_000],
      ['monthly_3', 26_667, 0, 80_000],
      ['monthly_6', 13_725, 2_347, 82_347],
      ['monthly_12', 7_221, 6_648, 86_648],
    ]);
    expect(body.wording).toEqual({
      headline: 'As low as $72.21/month',
      apr_range: '0%–15% APR',
      eligibility: 'Subject to an eligibility check and approval by Evenpay; not every plan is available to every buyer.',
      example:
        'Example: a $800.00 purchase over 12 months at 15% APR is 11 monthly payments of $72.21 and a last one of $72.17; finance charge $66.48, total of payments $866.48.',
    });
  });

  it('the quote of the same price agrees with every plan of the message', async () => {
    const quote = await http.post('/v2/plan-quotes', { auth: merchant.bearer, body: { amount: 123_456, currency: 'USD' } });
    const message = (await promotion('amount=123456&currency=USD')).body as Promotion;
    expect(message.plans).toEqual(
      (quote.body as components['schemas']['PlanQuote']).plans.map((plan) => ({
        plan_id: plan.plan_id,
        type: plan.type,
        installment_count: plan.installment_count,
        interval: plan.interval,
        apr_bps: plan.apr_bps,
        installment_amount: plan.installment_amount,
        amount_financed: plan.disclosure.amount_financed,
        finance_charge: plan.disclosure.finance_charge,
        total_of_payments: plan.disclosure.total_of_payments,
      })),
    );
    const lowest = Math.min(...message.plans.filter((plan) => plan.interval === 'month').map((plan) => plan.installment_amount));
    expect(message.lowest_monthly_payment?.amount).toBe(lowest);
  });

  it('a price only pay in 4 covers is advertised as four interest-free payments, with no monthly payment', async () => {
    const body = (await promotion('amount=5000&currency=USD')).body as Promotion;
    expect(body.lowest_monthly_payment).toBeNull();
    expect(body.plans.map((plan) => plan.plan_id)).toEqual(['pay_in_4']);
    expect(body.wording).toMatchObject({
      headline: '4 interest-free payments of $12.50',
      apr_range: '0% APR',
      example: 'Example: a $50.00 purchase every two weeks at 0% APR is 4 payments of $12.50; finance charge $0.00, total of payments $50.00.',
    });
  });

  it('a price no plan covers is no error: no plans, no headline, so the shop shows nothing', async () => {
    const body = (await promotion('amount=1000&currency=USD')).body as Promotion;
    expect(body).toMatchObject({ lowest_monthly_payment: null, plans: [], wording: { headline: null, apr_range: null, example: null } });
    expect(body.wording.eligibility).toMatch(/eligibility/);
  });

  it('refuses a currency the merchant does not accept with 422, naming the parameter', async () => {
    const res = await promotion('amount=80000&currency=EUR');
    expectProblem(res, 422, 'currency_not_supported');
    expect(res.body.errors).toEqual([{ parameter: 'currency', detail: 'must be one of USD' }]);
  });

  it.each([
    ['amount=0&currency=USD', 'amount'],
    ['amount=-5&currency=USD', 'amount'],
    ['amount=eighty&currency=USD', 'amount'],
    ['amount=800.00&currency=USD', 'amount'],
    ['amount=8e4&currency=USD', 'amount'],
    ['amount=%2080000&currency=USD', 'amount'],
    ['currency=USD', 'amount'],
    ['amount=80000&currency=usd', 'currency'],
    ['amount=80000', 'currency'],
  ])('refuses %s with 400 naming %s', async (query, parameter) => {
    const res = await promotion(query);
    expectProblem(res, 400, 'invalid_request');
    expect(res.body.errors).toContainEqual(expect.objectContaining({ parameter }));
  });
});

describe('GET /v2/promotions: the publishable key, and only it', () => {
  it('takes the publishable key as HTTP Basic with an empty password (curl -u "pk_…:")', async () => {
    const basic = `Basic ${Buffer.from(`${merchant.publishableKey}:`).toString('base64')}`;
    const res = await promotion('amount=80000&currency=USD', {}, basic);
    expect(res.status).toBe(200);
    expect(res.body.lowest_monthly_payment.amount).toBe(7_221);
  });

  it('refuses the secret key, saying it must never be in a page', async () => {
    const res = await promotion('amount=80000&currency=USD', {}, merchant.bearer);
    expectProblem(res, 401, 'invalid_api_key');
    expect(res.body.detail).toMatch(/secret key .*must never be in a web page.*publishable key/);
    expect(res.headers['www-authenticate']).toMatch(/^Bearer realm="evenpay", error="invalid_token"/);
  });

  it('refuses Basic with the secret key as the password', async () => {
    const pair = `Basic ${Buffer.from(`${merchant.publishableKey}:${merchant.secretKey}`).toString('base64')}`;
    const res = await promotion('amount=80000&currency=USD', {}, pair);
    expectProblem(res, 401, 'invalid_api_key');
    expect(res.body.detail).toMatch(/password must be empty/);
  });

  it('the publishable key opens nothing else', async () => {
    const res = await http.get('/v2/merchant', { auth: publishable() });
    expectProblem(res, 401, 'invalid_api_key');
    expect(res.body.detail).toMatch(/publishable key .*cannot call this API/);
  });

  it('a revoked publishable key is refused, saying when', async () => {
    const other = await makeMerchant(evenpay.services.models, { name: 'Revoked Publishable Co' });
    const keys = await http.get('/v2/api-keys', { auth: other.bearer });
    const key = (keys.body.data as Array<{ id: string; type: string; livemode: boolean }>).find((k) => k.type === 'publishable' && !k.livemode)!;
    // Used first, so this replica has it cached: the revocation must reach the cache too.
    expect((await http.get('/v2/promotions?amount=80000&currency=USD', { auth: `Bearer ${other.publishableKey}` })).status).toBe(200);
    expect((await http.post(`/v2/api-keys/${key.id}/revoke`, { auth: other.bearer })).status).toBe(200);
    const res = await http.get('/v2/promotions?amount=80000&currency=USD', { auth: `Bearer ${other.publishableKey}` });
    expectProblem(res, 401, 'invalid_api_key');
    expect(res.body.detail).toMatch(/revoked on/);
  });
});

describe("GET /v2/promotions: CORS for the merchant's origins only", () => {
  it("answers a registered origin with Access-Control-Allow-Origin, and another origin (or another merchant's) with none", async () => {
    const other = await makeMerchant(evenpay.services.models, { name: 'Other Origin Co' });
    await allowOrigins(merchant.bearer, [SHOP, 'http://localhost:8080']);
    await allowOrigins(other.bearer, ['https://elsewhere.example']);

    const allowed = await promotion('amount=80000&currency=USD', { Origin: SHOP });
    expect(allowed.status).toBe(200);
    expect(allowed.headers['access-control-allow-origin']).toBe(SHOP);
    expect(allowed.headers['access-control-expose-headers']).toBe('ETag, Request-Id, RateLimit-Limit, RateLimit-Remaining, RateLimit-Reset');
    expect(allowed.headers.vary).toBe('Origin, Authorization');

    for (const origin of ['https://evil.example', 'https://elsewhere.example', 'https://shop.promotions.example.evil.example']) {
      const refused = await promotion('amount=80000&currency=USD', { Origin: origin });
      expect(refused.status).toBe(200);
      expect(refused.headers['access-control-allow-origin']).toBeUndefined();
      expect(refused.headers['access-control-expose-headers']).toBeUndefined();
    }
    // Without an Origin (a server, curl) nothing changes but the CORS headers.
    expect((await promotion('amount=80000&currency=USD')).headers['access-control-allow-origin']).toBeUndefined();
  });

  it("answers the browser's preflight for a registered origin only", async () => {
    await allowOrigins(merchant.bearer, [SHOP]);
    const preflight = (origin: string) =>
      supertest(evenpay.app)
        .options('/v2/promotions?amount=80000&currency=USD')
        .set({ Origin: origin, 'Access-Control-Request-Method': 'GET', 'Access-Control-Request-Headers': 'authorization' });
    const allowed = await preflight(SHOP);
    expect(allowed.status).toBe(204);
    expect(allowed.headers).toMatchObject({
      'access-control-allow-origin': SHOP,
      'access-control-allow-methods': 'GET',
      'access-control-allow-headers': 'Authorization, If-None-Match',
      'access-control-max-age': '600',
    });
    const refused = await preflight('https://evil.example');
    expect(refused.status).not.toBe(204);
    expect(refused.headers['access-control-allow-origin']).toBeUndefined();
    // An operation that takes a secret key is never preflighted for a browser.
    const secret = await supertest(evenpay.app).options('/v2/merchant').set({ Origin: SHOP, 'Access-Control-Request-Method': 'GET' });
    expect(secret.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('a merchant that clears its origins stops being preflighted and answered with CORS', async () => {
    const shop = await makeMerchant(evenpay.services.models, { name: 'Cleared Origins Co' });
    const origin = 'https://cleared.example';
    await allowOrigins(shop.bearer, [origin]);
    await allowOrigins(shop.bearer, []);
    const res = await http.get('/v2/promotions?amount=80000&currency=USD', { auth: `Bearer ${shop.publishableKey}`, headers: { Origin: origin } });
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
    const preflight = await supertest(evenpay.app).options('/v2/promotions').set({ Origin: origin, 'Access-Control-Request-Method': 'GET' });
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
  });
});

describe('GET /v2/promotions: caching', () => {
  it('may be cached five minutes by a browser or a CDN, one copy per key and origin', async () => {
    const res = await promotion('amount=80000&currency=USD');
    expect(res.headers['cache-control']).toBe('public, max-age=300');
    expect(res.headers.vary).toBe('Origin, Authorization');
    expect(res.headers.etag).toMatch(/^"[A-Za-z0-9_-]{32}"$/);
  });

  it('answers 304 with no body while the ETag holds, with the same headers; a new price has a new ETag', async () => {
    await allowOrigins(merchant.bearer, [SHOP]);
    const first = await promotion('amount=80000&currency=USD', { Origin: SHOP });
    const etag = first.headers.etag as string;
    const again = await promotion('amount=80000&currency=USD', { Origin: SHOP, 'If-None-Match': etag });
    expect(again.status).toBe(304);
    expect(again.text ?? '').toBe('');
    expect(again.headers).toMatchObject({ etag, 'cache-control': 'public, max-age=300', 'access-control-allow-origin': SHOP });
    expect((await promotion('amount=80000&currency=USD', { 'If-None-Match': `W/${etag}, "other"` })).status).toBe(304);
    const other = await promotion('amount=80001&currency=USD', { 'If-None-Match': etag });
    expect(other.status).toBe(200);
    expect(other.headers.etag).not.toBe(etag);
  });

  it('operations that do not document ETag never send one, nor 304', async () => {
    const res = await http.get('/v2/merchant', { auth: merchant.bearer });
    expect(res.headers.etag).toBeUndefined();
  });
});
