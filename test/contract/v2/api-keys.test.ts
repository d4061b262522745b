// Keys by API: a merchant manages its own keys, a partner its merchants' (with Evenpay-Merchant)
// and its own (without). A created key's secret is shown once and works at once; a rolled key
// keeps working until its overlap ends, then says which key replaced it; a revoked key stops at
// once. On a clock of its own, to move past an overlap.
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../src/kernel/clock.js';
import { makeMerchant, type TestMerchant } from '../../factories/merchants.js';
import { makePartner, type TestPartner } from '../../factories/partners.js';
import { appWithMerchant } from '../../helpers/app.js';
import { expectProblem, pointers } from '../../helpers/problem.js';

const clock = fixedClock('2030-05-01T12:00:00.000Z');
const { evenpay, http } = appWithMerchant('Keys Co', { clock });
const HOUR_MS = 60 * 60 * 1000;

let partner: TestPartner;
let shop: TestMerchant;

beforeAll(async () => {
  partner = await makePartner(evenpay.services.models, { name: 'Keys Platform' });
  shop = await makeMerchant(evenpay.services.models, { name: 'Keys Shop', partnerId: partner.id });
});

const bearer = (secret: string) => `Bearer ${secret}`;
const works = async (auth: string, headers: Record<string, string> = {}) => (await http.get('/v2/api-keys', { auth, headers })).status === 200;

describe('GET /v2/api-keys', () => {
  it("lists the merchant's keys in the key's mode, newest first, with hints and never a secret", async () => {
    const own = await makeMerchant(evenpay.services.models, { name: 'Listing Shop' });
    const res = await http.get('/v2/api-keys', { auth: own.bearer });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ object: 'list', url: '/v2/api-keys', has_more: false });
    expect(res.body.data.map((key: { type: string }) => key.type)).toEqual(['publishable', 'secret']);
    for (const key of res.body.data) {
      expect(key).toMatchObject({ object: 'api_key', livemode: false, status: 'active', merchant: own.id, partner: null, revoked_at: null, expires_at: null });
      expect(key.secret).toBeUndefined();
    }
    expect(res.body.data[0].publishable_key).toBe(own.publishableKey);
    expect(res.body.data[1].hint).toBe(`${own.secretKey.slice(0, 8)}…${own.secretKey.slice(-4)}`);
    const live = await http.get('/v2/api-keys', { auth: `Bearer ${own.liveSecretKey}` });
    expect(live.body.data.every((key: { livemode: boolean }) => key.livemode)).toBe(true);
  });

  it("is the partner's own keys without Evenpay-Merchant, the merchant's with it", async () => {
    const mine = await http.get('/v2/api-keys', { auth: partner.bearer });
    expect(mine.body.data).toEqual([expect.objectContaining({ type: 'secret', partner: partner.id, merchant: null, publishable_key: null })]);
    const theirs = await http.get('/v2/api-keys', { auth: partner.bearer, headers: { 'Evenpay-Merchant': shop.id } });
    expect(theirs.body.data.map((key: { merchant: string }) => key.merchant)).toEqual([shop.id, shop.id]);
  });
});

describe('POST /v2/api-keys', () => {
  it('creates a secret key shown once, which works at once; and a publishable key, shown as it is public', async () => {
    const created = await http.post('/v2/api-keys', { auth: partner.bearer, headers: { 'Evenpay-Merchant': shop.id }, body: { type: 'secret' } });
    expect(created.status).toBe(201);
    expect(created.headers.location).toBe(`/v2/api-keys/${created.body.id}`);
    expect(created.body).toMatchObject({ type: 'secret', merchant: shop.id, status: 'active', secret: expect.stringMatching(/^sk_test_/) });
    expect(await works(bearer(created.body.secret))).toBe(true);
    const listed = await http.get('/v2/api-keys', { auth: shop.bearer });
    expect(listed.body.data[0]).toEqual({ ...created.body, secret: undefined });

    const publishable = await http.post('/v2/api-keys', { auth: shop.bearer, body: { type: 'publishable' } });
    expect(publishable.body).toMatchObject({ type: 'publishable', publishable_key: expect.stringMatching(/^pk_test_/) });
    expect(publishable.body.secret).toBeUndefined();
  });

  it('gives a partner secret keys of its own, never publishable ones', async () => {
    const created = await http.post('/v2/api-keys', { auth: partner.bearer, body: { type: 'secret' } });
    expect(created.body).toMatchObject({ partner: partner.id, merchant: null });
    expect(await works(bearer(created.body.secret))).toBe(true);
    const refused = await http.post('/v2/api-keys', { auth: partner.bearer, body: { type: 'publishable' } });
    expectProblem(refused, 422, 'api_key_not_allowed');
    expect(pointers(refused)).toEqual(['/type']);
  });

  it('replays a retry with the same Idempotency-Key: one key, the same secret', async () => {
    const key = randomUUID();
    const first = await http.post('/v2/api-keys', { auth: shop.bearer, body: { type: 'secret' }, headers: { 'Idempotency-Key': key } });
    const again = await http.post('/v2/api-keys', { auth: shop.bearer, body: { type: 'secret' }, headers: { 'Idempotency-Key': key } });
    expect(again.body).toEqual(first.body);
    expect(again.headers['idempotent-replayed']).toBe('true');
    const reused = await http.post('/v2/api-keys', { auth: shop.bearer, body: { type: 'publishable' }, headers: { 'Idempotency-Key': key } });
    expectProblem(reused, 422, 'idempotency_key_reused');
  });
});

describe('the Idempotency-Key on key operations', () => {
  it('answers 409 while the same key is in flight and 422 when it is reused for another request, on create, roll and revoke', async () => {
    const merchant = await makeMerchant(evenpay.services.models, { name: 'Idempotent Keys Shop' });
    const [, secret] = (await http.get('/v2/api-keys', { auth: merchant.bearer })).body.data;
    // Spare keys to revoke (not the one these requests authenticate with).
    const spare = (await http.post('/v2/api-keys', { auth: merchant.bearer, body: { type: 'secret' } })).body;
    const another = (await http.post('/v2/api-keys', { auth: merchant.bearer, body: { type: 'secret' } })).body;
    const scope = { principalId: merchant.id, merchantId: merchant.id, livemode: false };
    const cases = [
      { operationId: 'createApiKey', url: '/v2/api-keys', params: {}, body: { type: 'secret' }, other: { type: 'publishable' } },
      {
        operationId: 'rollApiKey',
        url: `/v2/api-keys/${secret.id}/roll`,
        params: { keyId: secret.id },
        body: { expires_in_hours: 1 },
        other: { expires_in_hours: 2 },
      },
      { operationId: 'revokeApiKey', url: `/v2/api-keys/${spare.id}/revoke`, params: { keyId: spare.id }, body: undefined, other: undefined },
    ];
    for (const { operationId, url, params, body } of cases) {
      const key = randomUUID();
      await evenpay.services.idempotency.claim({ ...scope, key, operationId, request: { params, body } });
      const res = await http.post(url, { auth: merchant.bearer, ...(body ? { body } : {}), headers: { 'Idempotency-Key': key } });
      expectProblem(res, 409, 'idempotency_request_in_flight');
    }
    // Reused for another request: another body, or (revoke, which has none) another key's path.
    for (const { url, body, other } of cases.slice(1)) {
      const key = randomUUID();
      await http.post(url, { auth: merchant.bearer, ...(body ? { body } : {}), headers: { 'Idempotency-Key': key } });
      const elsewhere = other ? url : `/v2/api-keys/${another.id}/revoke`;
      const reused = await http.post(elsewhere, { auth: merchant.bearer, ...(other ? { body: other } : {}), headers: { 'Idempotency-Key': key } });
      expectProblem(reused, 422, 'idempotency_key_reused');
    }
  });
});

describe('POST /v2/api-keys/{keyId}/roll', () => {
  it('issues a new key; the old one works until its overlap ends, then names its successor', async () => {
    const merchant = await makeMerchant(evenpay.services.models, { name: 'Rolling Shop' });
    const [, secret] = (await http.get('/v2/api-keys', { auth: merchant.bearer })).body.data;
    const rolled = await http.post(`/v2/api-keys/${secret.id}/roll`, { auth: merchant.bearer, body: { expires_in_hours: 2 } });
    expect(rolled.status).toBe(201);
    expect(rolled.body).toMatchObject({ type: 'secret', status: 'active', secret: expect.stringMatching(/^sk_test_/) });
    const old = (await http.get('/v2/api-keys', { auth: bearer(rolled.body.secret) })).body.data.find((key: { id: string }) => key.id === secret.id);
    expect(old).toMatchObject({ status: 'expiring', rolled_to: rolled.body.id, expires_at: new Date(clock.now().getTime() + 2 * HOUR_MS).toISOString() });

    expect(await works(merchant.bearer)).toBe(true);
    clock.advance(2 * HOUR_MS - 1000);
    expect(await works(merchant.bearer)).toBe(true);
    clock.advance(1000);
    const refused = await http.get('/v2/api-keys', { auth: merchant.bearer });
    expectProblem(refused, 401, 'invalid_api_key');
    expect(refused.body.detail).toContain(`Use the key that replaced it (${rolled.body.id})`);
    expect(await works(bearer(rolled.body.secret))).toBe(true);

    const again = await http.post(`/v2/api-keys/${secret.id}/roll`, { auth: bearer(rolled.body.secret), body: {} });
    expectProblem(again, 422, 'api_key_revoked');
  });

  it('with expires_in_hours 0 stops the old key at once; more than 168 hours is refused', async () => {
    const merchant = await makeMerchant(evenpay.services.models, { name: 'Instant Roll Shop' });
    const [, secret] = (await http.get('/v2/api-keys', { auth: merchant.bearer })).body.data;
    const tooLong = await http.post(`/v2/api-keys/${secret.id}/roll`, { auth: merchant.bearer, body: { expires_in_hours: 169 } });
    expectProblem(tooLong, 400, 'invalid_request');
    const rolled = await http.post(`/v2/api-keys/${secret.id}/roll`, { auth: merchant.bearer, body: { expires_in_hours: 0 } });
    expect(rolled.status).toBe(201);
    expectProblem(await http.get('/v2/api-keys', { auth: merchant.bearer }), 401, 'invalid_api_key');
  });
});

describe('POST /v2/api-keys/{keyId}/revoke', () => {
  it('stops the key at once (the next request is refused), and answers a revoked key as it is', async () => {
    const merchant = await makeMerchant(evenpay.services.models, { name: 'Revoking Shop' });
    const extra = await http.post('/v2/api-keys', { auth: merchant.bearer, body: { type: 'secret' } });
    expect(await works(bearer(extra.body.secret))).toBe(true);
    const revoked = await http.post(`/v2/api-keys/${extra.body.id}/revoke`, { auth: merchant.bearer });
    expect(revoked.status).toBe(200);
    expect(revoked.body).toMatchObject({ id: extra.body.id, status: 'revoked', revoked_at: clock.now().toISOString() });
    expect(revoked.body.secret).toBeUndefined();
    const refused = await http.get('/v2/api-keys', { auth: bearer(extra.body.secret) });
    expectProblem(refused, 401, 'invalid_api_key');
    expect(refused.body.detail).toContain('was revoked');
    const again = await http.post(`/v2/api-keys/${extra.body.id}/revoke`, { auth: merchant.bearer });
    expect(again.body).toEqual(revoked.body);
  });

  it("lets a partner revoke its merchant's key and its own, and nobody else's (404)", async () => {
    const other = await makeMerchant(evenpay.services.models, { name: 'Unrelated Shop' });
    const [, othersSecret] = (await http.get('/v2/api-keys', { auth: other.bearer })).body.data;
    const foreign = await http.post(`/v2/api-keys/${othersSecret.id}/revoke`, { auth: partner.bearer, headers: { 'Evenpay-Merchant': shop.id } });
    expectProblem(foreign, 404, 'resource_not_found');
    expectProblem(await http.post(`/v2/api-keys/${othersSecret.id}/revoke`, { auth: partner.bearer }), 404, 'resource_not_found');
    expectProblem(await http.post(`/v2/api-keys/${othersSecret.id}/roll`, { auth: shop.bearer, body: {} }), 404, 'resource_not_found');

    const spare = await http.post('/v2/api-keys', { auth: partner.bearer, body: { type: 'secret' } });
    const revoked = await http.post(`/v2/api-keys/${spare.body.id}/revoke`, { auth: partner.bearer });
    expect(revoked.body).toMatchObject({ partner: partner.id, status: 'revoked' });
    expectProblem(await http.get('/v2/api-keys', { auth: bearer(spare.body.secret) }), 401, 'invalid_api_key');
  });
});
