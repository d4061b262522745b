import type { Response } from 'supertest';
import { describe, expect, it } from 'vitest';
import { checkoutBody } from '../../factories/checkouts.js';
import { appWithMerchant } from '../../helpers/app.js';

const { evenpay, http, merchant } = appWithMerchant('Errors Test Co');

/** An RFC 9457 problem with the stable code, its catalogue URI and the request's id, and nothing internal. */
const expectProblem = (res: Response, status: number, code: string, instance: string): void => {
  expect(res.status).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.headers['request-id']).toMatch(/^req_[0-9A-Za-z]+$/);
  expect(res.body).toMatchObject({
    type: `https://docs.evenpay.test/errors#${code}`,
    title: expect.any(String),
    status,
    code,
    instance,
    request_id: res.headers['request-id'],
  });
  expect(res.text).not.toMatch(/\bat\s+(?:[^\s(]+\s+\()?\/[^\s)]*:\d+/);
  expect(res.text).not.toContain('node_modules');
};

describe('unknown routes under /v2', () => {
  it.each([
    ['get', '/v2/does-not-exist'],
    ['get', '/v2/checkouts/chk_00000000000000000000/items'],
    ['post', '/v2/refunds'],
  ] as const)('%s %s answers 404 route_not_found', async (method, url) => {
    const res = await http.call(method, url, { auth: merchant.bearer, ...(method === 'post' ? { body: {} } : {}) });
    expectProblem(res, 404, 'route_not_found', url);
  });

  it('does not reveal which routes exist to a caller without a key', async () => {
    const res = await http.get('/v2/does-not-exist');
    expectProblem(res, 401, 'authentication_required', '/v2/does-not-exist');
  });
});

describe('methods a path does not accept', () => {
  it.each([
    ['delete', '/v2/merchant'],
    ['put', '/v2/checkouts'],
    ['patch', '/v2/plan-quotes'],
  ] as const)('%s %s answers 405 method_not_allowed', async (method, url) => {
    const res = await http.call(method, url, { auth: merchant.bearer });
    expectProblem(res, 405, 'method_not_allowed', url);
  });
});

describe('request bodies over the limit', () => {
  it('answers 413 payload_too_large for a body over 100 KB', async () => {
    const body = checkoutBody({ metadata: { note: 'x'.repeat(101 * 1024) } });
    const res = await http.post('/v2/checkouts', { auth: merchant.bearer, body });
    expectProblem(res, 413, 'payload_too_large', '/v2/checkouts');
    expect(await evenpay.services.models.Checkout.count({ where: { merchantId: merchant.id } })).toBe(0);
  });

  it('still accepts a body just under the limit, up to the schema', async () => {
    // 19 metadata values of 500 characters: well under 100 KB and within the schema's limits.
    const metadata = Object.fromEntries(Array.from({ length: 19 }, (_, i) => [`k${i}`, 'y'.repeat(500)]));
    const res = await http.post('/v2/checkouts', { auth: merchant.bearer, body: checkoutBody({ metadata }) });
    expect(res.status).toBe(201);
  });
});

describe('every problem carries its request id', () => {
  it('matches the Request-Id header across error kinds', async () => {
    const responses = await Promise.all([
      http.get('/v2/merchant'),
      http.get('/v2/nowhere', { auth: merchant.bearer }),
      http.call('delete', '/v2/merchant', { auth: merchant.bearer }),
      http.post('/v2/checkouts', { auth: merchant.bearer, raw: '{', headers: { 'Content-Type': 'application/json' } }),
      http.get('/v2/checkouts?limit=0', { auth: merchant.bearer }),
    ]);
    const ids = responses.map((res) => {
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body.request_id).toBe(res.headers['request-id']);
      return res.body.request_id as string;
    });
    expect(new Set(ids).size).toBe(ids.length);
  });
});
