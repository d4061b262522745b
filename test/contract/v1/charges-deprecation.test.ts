// The deprecation of v1 charges, driven by the spec's x-brownouts and x-sunset and so tested at
// fixed instants: every operation on a charge answers 410 in a brownout and after the sunset,
// naming its v2 successor, and every v1 answer — success or problem — carries the Deprecation,
// Sunset and Link headers, which v2 answers never do.
import type { Response } from 'supertest';
import { describe, expect, it } from 'vitest';
import { api } from '../../helpers/http.js';
import { expectProblem } from '../../helpers/problem.js';
import {
  brownoutAndSunset,
  CHARGE_OPERATIONS,
  DEPRECATED_SINCE,
  expectDeprecationHeaders,
  legacy,
  MIGRATION_GUIDE,
  SUNSET,
  UNKNOWN_CHARGE,
  v1ChargesWorld,
} from '../../helpers/v1-charges.js';

const { http, merchant, confirmedCheckout, newCharge, getCharge, move } = v1ChargesWorld('Legacy Charges Co');
const { brownout, sunset } = brownoutAndSunset();

describe.each(CHARGE_OPERATIONS)('%s around its sunset', (operationId, method, suffix, successor, successorSuffix) => {
  const successorCall = `${successor} (${method.toUpperCase()} /v2/transactions/{transactionId}${successorSuffix})`;
  const body = operationId === 'updateCharge' ? { order_id: 'ORD-X' } : undefined;

  it(`answers 410 operation_brownout during a scheduled brownout, naming ${successor} in detail and Link`, async () => {
    const charge = await newCharge();
    const res = await legacy(api(brownout.app)).call(method, `/v1/charges/${charge.charge_id}${suffix}`, { auth: merchant.basic, ...(body ? { body } : {}) });
    expectProblem(res, 410, 'operation_brownout');
    expect(res.body.detail).toBe(
      `${method.toUpperCase()} /v1/charges/{chargeId}${suffix} is in a scheduled brownout until 2027-03-03T16:00:00.000Z ahead of its sunset on 2027-06-30. Use ${successorCall}.`,
    );
    expectDeprecationHeaders(res, `/v2/transactions/${charge.charge_id}${successorSuffix}`);
    expect(await getCharge(charge.charge_id)).toEqual(charge);
  });

  it(`answers 410 operation_sunset after the sunset date, naming ${successor}`, async () => {
    const charge = await newCharge();
    const res = await legacy(api(sunset.app)).call(method, `/v1/charges/${charge.charge_id}${suffix}`, { auth: merchant.basic, ...(body ? { body } : {}) });
    expectProblem(res, 410, 'operation_sunset');
    expect(res.body.detail).toBe(`${method.toUpperCase()} /v1/charges/{chargeId}${suffix} was switched off on 2027-06-30. Use ${successorCall}.`);
  });
});

describe('deprecation headers on every v1 answer', () => {
  it.each(CHARGE_OPERATIONS)(
    '%s links its v2 successor with the charge id carried into the path',
    async (_operationId, method, suffix, _successor, successorSuffix) => {
      const charge = await newCharge();
      if (suffix === '/refund') await move(charge.charge_id, 'capture');
      const res = await http.call(method, `/v1/charges/${charge.charge_id}${suffix}`, {
        auth: merchant.basic,
        ...(suffix === '/update' ? { body: { order_id: 'ORD-LINK' } } : {}),
      });
      expect(res.status).toBe(200);
      expect(res.headers.link).toBe(`${MIGRATION_GUIDE}, <http://evenpay.test/v2/transactions/${charge.charge_id}${successorSuffix}>; rel="successor-version"`);
      expectDeprecationHeaders(res, `/v2/transactions/${charge.charge_id}${successorSuffix}`);
    },
  );

  it('createCharge links POST /v2/transactions', async () => {
    const res = await http.post('/v1/charges', { auth: merchant.basic, body: { checkout_token: await confirmedCheckout(merchant) } });
    expect(res.status).toBe(200);
    expect(res.headers.link).toBe(`${MIGRATION_GUIDE}, <http://evenpay.test/v2/transactions>; rel="successor-version"`);
  });

  it.each<[string, () => Promise<Response>]>([
    ['a 401 without credentials', () => http.post(`/v1/charges/${UNKNOWN_CHARGE}/capture`)],
    ['a 400 for a bad body', () => http.post(`/v1/charges/${UNKNOWN_CHARGE}/capture`, { auth: merchant.basic, body: { amount: 0 } })],
    ['a 404 for an unknown charge', () => http.post(`/v1/charges/${UNKNOWN_CHARGE}/capture`, { auth: merchant.basic })],
    ['a 410 in a brownout', () => api(brownout.app).post(`/v1/charges/${UNKNOWN_CHARGE}/capture`, { auth: merchant.basic })],
    ['a 410 after the sunset', () => api(sunset.app).post(`/v1/charges/${UNKNOWN_CHARGE}/capture`, { auth: merchant.basic })],
  ])('are on %s too, with the successor path of the request', async (_case, call) => {
    const res = await call();
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.headers.deprecation).toBe(DEPRECATED_SINCE);
    expect(res.headers.sunset).toBe(SUNSET);
    expect(res.headers.link).toBe(`${MIGRATION_GUIDE}, <http://evenpay.test/v2/transactions/${UNKNOWN_CHARGE}/capture>; rel="successor-version"`);
  });

  it('are not on v2 answers', async () => {
    const charge = await newCharge();
    const res = await http.get(`/v2/transactions/${charge.charge_id}`, { auth: merchant.bearer });
    expect(res.status).toBe(200);
    expect(res.headers.deprecation).toBeUndefined();
    expect(res.headers.sunset).toBeUndefined();
  });
});
