import { describe, expect, it } from 'vitest';
import { fixedClock } from '../../../src/kernel/clock.js';
import { makeMerchant } from '../../factories/merchants.js';
import { appWithMerchant, startTestApp } from '../../helpers/app.js';
import { api } from '../../helpers/http.js';

const { evenpay, http, merchant } = appWithMerchant('Legacy Goods');
const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

describe('GET /v1/account', () => {
  it('returns the v1 shape of the merchant for a matching key pair', async () => {
    const res = await http.get('/v1/account', { auth: basic(merchant.publishableKey, merchant.secretKey) });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      merchant_id: merchant.id,
      merchant_name: 'Legacy Goods',
      public_api_key: merchant.publishableKey,
      sandbox: true,
      currency: 'USD',
      created_at: expect.any(Number),
    });
  });

  it('asks for the key pair when none is sent', async () => {
    const res = await http.get('/v1/account');
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('authentication_required');
    expect(res.headers['www-authenticate']).toBe('Basic realm="evenpay"');
  });

  it("refuses a secret key paired with another merchant's publishable key", async () => {
    const other = await makeMerchant(evenpay.services.models);
    const res = await http.get('/v1/account', { auth: basic(other.publishableKey, merchant.secretKey) });
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('invalid_api_key');
  });

  it('answers 410 operation_brownout during a scheduled brownout, naming getMerchant, with the deprecation headers', async () => {
    const inBrownout = await startTestApp({ clock: fixedClock('2027-03-03T15:30:00Z') });
    try {
      const res = await api(inBrownout.app).get('/v1/account', { auth: basic(merchant.publishableKey, merchant.secretKey) });
      expect(res.status).toBe(410);
      expect(res.body).toMatchObject({ code: 'operation_brownout', status: 410, instance: '/v1/account', request_id: res.headers['request-id'] });
      expect(res.body.detail).toBe(
        'GET /v1/account is in a scheduled brownout until 2027-03-03T16:00:00.000Z ahead of its sunset on 2027-06-30. Use getMerchant (GET /v2/merchant).',
      );
      expect(res.headers.deprecation).toBe('@1780272000');
      expect(res.headers.sunset).toBe('Wed, 30 Jun 2027 00:00:00 GMT');
      expect(res.headers.link).toContain('<http://evenpay.test/v2/merchant>; rel="successor-version"');
    } finally {
      await inBrownout.close();
    }
  });

  it('answers 410 operation_sunset after its sunset date, naming getMerchant', async () => {
    const afterSunset = await startTestApp({ clock: fixedClock('2027-07-01T09:00:00Z') });
    try {
      const res = await api(afterSunset.app).get('/v1/account', { auth: basic(merchant.publishableKey, merchant.secretKey) });
      expect(res.status).toBe(410);
      expect(res.body).toMatchObject({ code: 'operation_sunset', status: 410, instance: '/v1/account' });
      expect(res.body.detail).toContain('getMerchant (GET /v2/merchant)');
      expect(res.headers.link).toContain('<http://evenpay.test/v2/merchant>; rel="successor-version"');
    } finally {
      await afterSunset.close();
    }
  });

  it('refuses the v2 bearer scheme', async () => {
    const res = await http.get('/v1/account', { auth: merchant.bearer });
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('invalid_api_key');
  });
});
