import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EvenpayApp } from '../../../src/app.js';
import { makeMerchant, type TestMerchant } from '../../factories/merchants.js';
import { startTestApp } from '../../helpers/app.js';
import { api } from '../../helpers/http.js';

let evenpay: EvenpayApp;
let merchant: TestMerchant;
let http: ReturnType<typeof api>;
const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

beforeAll(async () => {
  evenpay = await startTestApp();
  http = api(evenpay.app);
  merchant = await makeMerchant(evenpay.services.models, { name: 'Legacy Goods' });
});
afterAll(() => evenpay.close());

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

  it('refuses the v2 bearer scheme', async () => {
    const res = await http.get('/v1/account', { auth: merchant.bearer });
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('invalid_api_key');
  });
});
