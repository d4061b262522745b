import { describe, expect, it } from 'vitest';
import { STANDARD_PLAN_TERMS } from '../../../src/domain/merchants.js';
import { makeMerchant } from '../../factories/merchants.js';
import { appWithMerchant } from '../../helpers/app.js';

const { evenpay, http, merchant } = appWithMerchant('Merchant Test Co');

describe('GET /v2/merchant', () => {
  it('returns the merchant behind the key with its plan terms in display order', async () => {
    const res = await http.get('/v2/merchant', { auth: merchant.bearer });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: merchant.id, object: 'merchant', name: 'Merchant Test Co', livemode: false, currencies: ['USD'] });
    expect(res.body.plan_terms.map((t: { plan_id: string }) => t.plan_id)).toEqual(STANDARD_PLAN_TERMS.map((t) => t.planId));
    expect(res.headers['request-id']).toMatch(/^req_/);
  });

  it('reports livemode true for a live key', async () => {
    const res = await http.get('/v2/merchant', { auth: `Bearer ${merchant.liveSecretKey}` });
    expect(res.status).toBe(200);
    expect(res.body.livemode).toBe(true);
  });

  it('asks for a key when none is sent', async () => {
    const res = await http.get('/v2/merchant');
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({ code: 'authentication_required', status: 401, request_id: res.headers['request-id'] });
    expect(res.body.type).toBe('https://docs.evenpay.test/errors#authentication_required');
    expect(res.headers['www-authenticate']).toBe('Bearer realm="evenpay"');
  });

  it.each([
    ['an unknown key', 'Bearer sk_test_000000000000000000000000'],
    ['a malformed key', 'Bearer not-a-key'],
    ['the publishable key', 'publishable'],
    ['another scheme', 'Basic c2tfdGVzdF94Og=='],
  ])('refuses %s with invalid_api_key', async (_what, auth) => {
    const header = auth === 'publishable' ? `Bearer ${merchant.publishableKey}` : auth;
    const res = await http.get('/v2/merchant', { auth: header });
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('invalid_api_key');
  });

  it('refuses a revoked key', async () => {
    const other = await makeMerchant(evenpay.services.models);
    await evenpay.services.models.ApiKey.update({ revokedAt: new Date() }, { where: { merchantId: other.id } });
    const res = await http.get('/v2/merchant', { auth: other.bearer });
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('invalid_api_key');
  });
});
