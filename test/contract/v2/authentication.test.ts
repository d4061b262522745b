// The Authorization header is read strictly, and every 401 says what is wrong and how to fix it
// (the unit tests of http/authorization-header.ts cover each wording; these prove the service
// answers with them, with the WWW-Authenticate challenge, and never lets a bad header through).
import { describe, expect, it } from 'vitest';
import { appWithMerchant } from '../../helpers/app.js';
import { expectProblem } from '../../helpers/problem.js';

const { evenpay, http, merchant } = appWithMerchant('Authentication Test Co');

const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

describe('Authorization on v2', () => {
  it('lets a bearer secret key in, whatever the case of the scheme', async () => {
    for (const scheme of ['Bearer', 'bearer', 'BEARER']) {
      const res = await http.get('/v2/merchant', { auth: `${scheme} ${merchant.secretKey}` });
      expect(res.status).toBe(200);
    }
  });

  it('answers 401 authentication_required with a bare challenge when no key is sent', async () => {
    const res = await http.get('/v2/merchant');
    expectProblem(res, 401, 'authentication_required');
    expect(res.headers['www-authenticate']).toBe('Bearer realm="evenpay"');
    expect(res.body.detail).toContain('Authorization: Bearer sk_test_');
  });

  const refusals: Array<[string, () => string, RegExp]> = [
    ['trailing text after a valid key', () => `Bearer ${merchant.secretKey} junk`, /nothing after the key/],
    ['12 KB after a valid key', () => `Bearer ${merchant.secretKey} ${'x'.repeat(12 * 1024)}`, /at most 512/],
    ['a valid key without "Bearer "', () => merchant.secretKey, /no scheme: send Authorization: Bearer/],
    ['the publishable key', () => `Bearer ${merchant.publishableKey}`, /publishable key .* Use the secret key/],
    ['HTTP Basic with the key pair', () => basic(merchant.publishableKey, merchant.secretKey), /not HTTP Basic/],
    ['Stripe-style -u sk_…:', () => basic(merchant.secretKey, ''), /secret key alone as a bearer token/],
    ['an unknown key prefix', () => 'Bearer sec_test_0123456789abcdefghijklmn', /not an Evenpay API key/],
    ['a well-formed key nobody issued', () => `Bearer sk_test_${'Z'.repeat(24)}`, /No API key matches this one/],
  ];
  for (const [what, header, detail] of refusals) {
    it(`refuses ${what} with 401 invalid_api_key naming the fix, in the body and the challenge`, async () => {
      const res = await http.get('/v2/merchant', { auth: header() });
      expectProblem(res, 401, 'invalid_api_key');
      expect(res.body.detail).toMatch(detail);
      expect(res.headers['www-authenticate']).toMatch(/^Bearer realm="evenpay", error="invalid_token", error_description="[\x20-\x21\x23-\x5B\x5D-\x7E]+"$/);
    });
  }

  it('says when a key was revoked, and when', async () => {
    const own = await import('../../factories/merchants.js').then(({ makeMerchant }) => makeMerchant(evenpay.services.models));
    const revokedAt = new Date('2026-11-20T10:00:00Z');
    await evenpay.services.models.ApiKey.update({ revokedAt }, { where: { merchantId: own.id, kind: 'secret', livemode: false } });
    const res = await http.get('/v2/merchant', { auth: own.bearer });
    expectProblem(res, 401, 'invalid_api_key');
    expect(res.body.detail).toBe('This API key was revoked on 2026-11-20T10:00:00.000Z. Use one of your active keys.');
  });

  it('refuses a bad header before reading the body or the route', async () => {
    const res = await http.post('/v2/transactions/txn_00000000000000000000/capture', {
      auth: `Bearer ${merchant.secretKey} junk`,
      headers: { 'Idempotency-Key': 'auth-trailing-1' },
      body: { amount: 100 },
    });
    expectProblem(res, 401, 'invalid_api_key');
  });
});
