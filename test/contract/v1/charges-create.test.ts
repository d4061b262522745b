// POST /v1/charges: a confirmed checkout authorized into a Charge in the legacy shape, which is
// the same object (same id) as a v2 transaction; its idempotency, its refusals, and its brownout
// and sunset at fixed instants. Every answer carries the deprecation headers (legacy()).
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { components as V1 } from '../../../generated/v1/client.js';
import { makeMerchant } from '../../factories/merchants.js';
import { api } from '../../helpers/http.js';
import { expectProblem, parameters, pointers } from '../../helpers/problem.js';
import { AMOUNT, basic, brownoutAndSunset, DAY_S, legacy, unix, v1ChargesWorld } from '../../helpers/v1-charges.js';

type Charge = V1['schemas']['Charge'];

const { evenpay, http, merchant, v1, openCheckout, confirmedCheckout, newCharge, getTransaction, keyInFlight } = v1ChargesWorld('Legacy Charges Co');
const { brownout, sunset } = brownoutAndSunset();

describe('POST /v1/charges (createCharge)', () => {
  it('authorizes a confirmed checkout and answers the Charge in the legacy shape', async () => {
    const token = await confirmedCheckout(merchant);
    const before = Math.floor(Date.now() / 1000);
    const res = await v1().post('/v1/charges', { auth: merchant.basic, body: { checkout_token: token } });
    const after = Math.ceil(Date.now() / 1000);
    expect(res.status).toBe(200);
    const charge = res.body as Charge;
    expect(charge).toEqual({
      charge_id: expect.stringMatching(/^txn_[0-9A-Za-z]+$/),
      checkout_token: token,
      order_id: expect.stringMatching(/^ORD-V1-/),
      status: 'auth',
      currency: 'USD',
      amount: AMOUNT,
      auth_hold: AMOUNT,
      payable: 0,
      amount_refunded: 0,
      financing_program: 'pay_in_4',
      created_at: expect.any(Number),
      expires_at: expect.any(Number),
      shipping_carrier: null,
      shipping_confirmation: null,
    });
    expect(Number.isInteger(charge.created_at)).toBe(true);
    expect(charge.created_at).toBeGreaterThanOrEqual(before);
    expect(charge.created_at).toBeLessThanOrEqual(after);
    expect(charge.expires_at - charge.created_at).toBe(30 * DAY_S);
  });

  it('creates the same object as a v2 transaction, with the same id', async () => {
    const charge = await newCharge();
    const tx = await getTransaction(charge.charge_id);
    expect(tx).toMatchObject({
      id: charge.charge_id,
      object: 'transaction',
      status: 'authorized',
      checkout_id: charge.checkout_token,
      order_id: charge.order_id,
      currency: 'USD',
      amount: AMOUNT,
      captured_amount: 0,
      refunded_amount: 0,
      capturable_amount: AMOUNT,
      refundable_amount: 0,
      plan: { plan_id: 'pay_in_4' },
      shipping: { carrier: null, tracking_number: null },
    });
    expect(unix(tx.created)).toBe(charge.created_at);
    expect(unix(tx.authorization_expires_at)).toBe(charge.expires_at);
    const checkout = await http.get(`/v2/checkouts/${charge.checkout_token}`, { auth: merchant.bearer });
    expect(checkout.body).toMatchObject({ status: 'completed' });
  });

  it('replays the first answer for the same Idempotency-Key and body', async () => {
    const token = await confirmedCheckout(merchant);
    const key = randomUUID();
    const first = await v1().post('/v1/charges', { auth: merchant.basic, body: { checkout_token: token }, headers: { 'Idempotency-Key': key } });
    const again = await v1().post('/v1/charges', { auth: merchant.basic, body: { checkout_token: token }, headers: { 'Idempotency-Key': key } });
    expect(first.status).toBe(200);
    expect(again.status).toBe(200);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toEqual(first.body);
    expect(await evenpay.services.models.Transaction.count({ where: { checkoutId: token } })).toBe(1);
  });

  it('refuses a checkout the consumer has not confirmed with 422 checkout_not_confirmed at /checkout_token', async () => {
    const token = await openCheckout(merchant);
    const res = await v1().post('/v1/charges', { auth: merchant.basic, body: { checkout_token: token } });
    expectProblem(res, 422, 'checkout_not_confirmed');
    expect(res.body.instance).toBe('/v1/charges');
    expect(res.body.detail).toContain(token);
    expect(pointers(res)).toEqual(['/checkout_token']);
  });

  it('refuses to charge a checkout twice with 422 checkout_already_authorized', async () => {
    const charge = await newCharge();
    const res = await v1().post('/v1/charges', { auth: merchant.basic, body: { checkout_token: charge.checkout_token } });
    expectProblem(res, 422, 'checkout_already_authorized');
    expect(res.body.detail).toContain(charge.charge_id);
    expect(pointers(res)).toEqual(['/checkout_token']);
  });

  it('refuses an Idempotency-Key reused with another body with 422 idempotency_key_reused', async () => {
    const key = randomUUID();
    const first = await v1().post('/v1/charges', {
      auth: merchant.basic,
      body: { checkout_token: await confirmedCheckout(merchant) },
      headers: { 'Idempotency-Key': key },
    });
    expect(first.status).toBe(200);
    const other = await confirmedCheckout(merchant);
    const res = await v1().post('/v1/charges', { auth: merchant.basic, body: { checkout_token: other }, headers: { 'Idempotency-Key': key } });
    expectProblem(res, 422, 'idempotency_key_reused');
    expect(parameters(res)).toEqual(['Idempotency-Key']);
    expect(await evenpay.services.models.Transaction.count({ where: { checkoutId: other } })).toBe(0);
  });

  it('answers 409 idempotency_request_in_flight with Retry-After while the first request with the key still runs', async () => {
    const token = await confirmedCheckout(merchant);
    const body = { checkout_token: token };
    const key = await keyInFlight(merchant, 'createCharge', {}, body);
    const res = await v1().post('/v1/charges', { auth: merchant.basic, body, headers: { 'Idempotency-Key': key } });
    expectProblem(res, 409, 'idempotency_request_in_flight');
    expect(res.headers['retry-after']).toBe('1');
    expect(await evenpay.services.models.Transaction.count({ where: { checkoutId: token } })).toBe(0);
  });

  it.each<[string, unknown, string]>([
    ['a missing checkout_token', {}, '/checkout_token'],
    ['a checkout_token that is not a chk_ id', { checkout_token: 'txn_123' }, '/checkout_token'],
    ['an unknown field', { checkout_token: 'chk_4mQx7hW2rT9bKc1Ez0aP', amount: 100 }, '/amount'],
  ])('refuses %s with 400 invalid_request naming the field', async (_case, body, pointer) => {
    const res = await v1().post('/v1/charges', { auth: merchant.basic, body });
    expectProblem(res, 400, 'invalid_request');
    expect(pointers(res)).toContain(pointer);
  });

  it('refuses a body that is not JSON with 400 malformed_json', async () => {
    const res = await v1().post('/v1/charges', { auth: merchant.basic, raw: '{"checkout_token": ', headers: { 'Content-Type': 'application/json' } });
    expectProblem(res, 400, 'malformed_json');
  });

  it('asks for the key pair with 401 authentication_required when none is sent', async () => {
    const res = await v1().post('/v1/charges', { body: { checkout_token: 'chk_4mQx7hW2rT9bKc1Ez0aP' } });
    expectProblem(res, 401, 'authentication_required');
    expect(res.headers['www-authenticate']).toBe('Basic realm="evenpay"');
  });

  it("refuses a secret key paired with another merchant's publishable key with 401 invalid_api_key", async () => {
    const other = await makeMerchant(evenpay.services.models);
    const res = await v1().post('/v1/charges', {
      auth: basic(other.publishableKey, merchant.secretKey),
      body: { checkout_token: await confirmedCheckout(merchant) },
    });
    expectProblem(res, 401, 'invalid_api_key');
  });

  it('answers 404 resource_not_found for a checkout token that does not exist', async () => {
    const res = await v1().post('/v1/charges', { auth: merchant.basic, body: { checkout_token: 'chk_DoesNotExist0000000' } });
    expectProblem(res, 404, 'resource_not_found');
  });

  it("answers 404 for another merchant's confirmed checkout and leaves it unauthorized", async () => {
    const other = await makeMerchant(evenpay.services.models);
    const token = await confirmedCheckout(other);
    const res = await v1().post('/v1/charges', { auth: merchant.basic, body: { checkout_token: token } });
    expectProblem(res, 404, 'resource_not_found');
    expect(await evenpay.services.models.Transaction.count({ where: { checkoutId: token } })).toBe(0);
  });

  it('answers 410 operation_brownout during a scheduled brownout, naming createTransaction', async () => {
    const token = await confirmedCheckout(merchant);
    const res = await legacy(api(brownout.app)).post('/v1/charges', { auth: merchant.basic, body: { checkout_token: token } });
    expectProblem(res, 410, 'operation_brownout');
    expect(res.body.detail).toBe(
      'POST /v1/charges is in a scheduled brownout until 2027-03-03T16:00:00.000Z ahead of its sunset on 2027-06-30. Use createTransaction (POST /v2/transactions).',
    );
    expect(await evenpay.services.models.Transaction.count({ where: { checkoutId: token } })).toBe(0);
  });

  it('answers 410 operation_sunset after the sunset date, naming createTransaction', async () => {
    const res = await legacy(api(sunset.app)).post('/v1/charges', { auth: merchant.basic, body: { checkout_token: await confirmedCheckout(merchant) } });
    expectProblem(res, 410, 'operation_sunset');
    expect(res.body.detail).toBe('POST /v1/charges was switched off on 2027-06-30. Use createTransaction (POST /v2/transactions).');
  });
});
