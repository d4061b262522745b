// POST /v2/merchant: a merchant's own settings — today the origins whose pages may read its
// promotional messages in the browser (GET /v2/promotions answers CORS for these only).
import { describe, expect, it } from 'vitest';
import { makeMerchant } from '../../factories/merchants.js';
import { makePartner } from '../../factories/partners.js';
import { appWithMerchant } from '../../helpers/app.js';
import { expectProblem } from '../../helpers/problem.js';

const { evenpay, http, merchant } = appWithMerchant('Settings Test Co');

describe('POST /v2/merchant', () => {
  it('sets the allowed origins, which GET /merchant then shows; a new list replaces the old, an empty one clears it', async () => {
    const origins = ['https://shop.settings.example', 'http://localhost:8080', 'http://127.0.0.1:5173', 'https://shop.settings.example:8443'];
    const set = await http.post('/v2/merchant', { auth: merchant.bearer, body: { allowed_origins: origins } });
    expect(set.status, JSON.stringify(set.body)).toBe(200);
    expect(set.body).toMatchObject({ id: merchant.id, object: 'merchant', allowed_origins: origins });
    expect((await http.get('/v2/merchant', { auth: merchant.bearer })).body.allowed_origins).toEqual(origins);

    const replaced = await http.post('/v2/merchant', { auth: merchant.bearer, body: { allowed_origins: ['https://new.settings.example'] } });
    expect(replaced.body.allowed_origins).toEqual(['https://new.settings.example']);
    const cleared = await http.post('/v2/merchant', { auth: merchant.bearer, body: { allowed_origins: [] } });
    expect(cleared.body.allowed_origins).toEqual([]);
    expect((await http.get('/v2/merchant', { auth: merchant.bearer })).body.allowed_origins).toEqual([]);
  });

  it('a new merchant has none', async () => {
    const fresh = await makeMerchant(evenpay.services.models, { name: 'No Origins Co' });
    expect((await http.get('/v2/merchant', { auth: fresh.bearer })).body.allowed_origins).toEqual([]);
  });

  it.each([
    ['https://shop.example.com/', 'must be the origin alone, in lower case, as a browser sends it in Origin: https://shop.example.com'],
    ['https://shop.example.com/products', 'must be the origin alone, in lower case, as a browser sends it in Origin: https://shop.example.com'],
    ['https://Shop.Example.com', 'must be the origin alone, in lower case, as a browser sends it in Origin: https://shop.example.com'],
    ['https://shop.example.com:443', 'must be the origin alone, in lower case, as a browser sends it in Origin: https://shop.example.com'],
    ['http://shop.example.com', 'must use https:// (http:// is only for localhost and 127.0.0.1): https://shop.example.com'],
    ['https://user:pw@shop.example.com', 'must not hold a user name or password'],
  ])('refuses %s with 400, saying what to send', async (origin, detail) => {
    const before = (await http.get('/v2/merchant', { auth: merchant.bearer })).body.allowed_origins;
    const res = await http.post('/v2/merchant', { auth: merchant.bearer, body: { allowed_origins: ['https://fine.example', origin] } });
    expectProblem(res, 400, 'invalid_request');
    expect(res.body.errors).toEqual([{ pointer: '/allowed_origins/1', detail }]);
    // Refused whole: nothing of the list was kept.
    expect((await http.get('/v2/merchant', { auth: merchant.bearer })).body.allowed_origins).toEqual(before);
  });

  it.each([
    ['a scheme that is not http(s)', { allowed_origins: ['ftp://files.example'] }, '/allowed_origins/0'],
    ['the same origin twice', { allowed_origins: ['https://a.example', 'https://a.example'] }, '/allowed_origins'],
    ['more than 20 origins', { allowed_origins: Array.from({ length: 21 }, (_, n) => `https://shop${n}.example`) }, '/allowed_origins'],
    ['no settings at all', {}, '/allowed_origins'],
    ['a setting it does not have', { allowed_origins: [], color: 'blue' }, '/color'],
  ])('refuses %s with 400 naming it', async (_what, body, pointer) => {
    const res = await http.post('/v2/merchant', { auth: merchant.bearer, body });
    expectProblem(res, 400, 'invalid_request');
    expect(res.body.errors).toContainEqual(expect.objectContaining({ pointer }));
  });

  it("a partner sets them for one of its merchants with Evenpay-Merchant, and never for another partner's", async () => {
    const partner = await makePartner(evenpay.services.models);
    const own = await makeMerchant(evenpay.services.models, { name: 'Partner Shop', partnerId: partner.id });
    const res = await http.post('/v2/merchant', {
      auth: partner.bearer,
      headers: { 'Evenpay-Merchant': own.id },
      body: { allowed_origins: ['https://partner-shop.example'] },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.allowed_origins).toEqual(['https://partner-shop.example']);
    const elsewhere = await http.post('/v2/merchant', { auth: partner.bearer, headers: { 'Evenpay-Merchant': merchant.id }, body: { allowed_origins: [] } });
    expectProblem(elsewhere, 404, 'merchant_not_found');
  });

  it('keys its Idempotency-Key: a replay, in flight → 409, reused with another body → 422', async () => {
    const body = { allowed_origins: ['https://idempotent.example'] };
    const key = `origins-${Math.random()}`;
    const first = await http.post('/v2/merchant', { auth: merchant.bearer, body, headers: { 'Idempotency-Key': key } });
    const replay = await http.post('/v2/merchant', { auth: merchant.bearer, body, headers: { 'Idempotency-Key': key } });
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.body).toEqual(first.body);
    const reused = await http.post('/v2/merchant', { auth: merchant.bearer, body: { allowed_origins: [] }, headers: { 'Idempotency-Key': key } });
    expectProblem(reused, 422, 'idempotency_key_reused');

    const held = `origins-${Math.random()}`;
    await evenpay.services.idempotency.claim({
      principalId: merchant.id,
      merchantId: merchant.id,
      livemode: false,
      key: held,
      operationId: 'updateMerchant',
      request: { params: {}, body },
    });
    const inFlight = await http.post('/v2/merchant', { auth: merchant.bearer, body, headers: { 'Idempotency-Key': held } });
    expectProblem(inFlight, 409, 'idempotency_request_in_flight');
  });
});
