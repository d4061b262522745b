// The legacy v1 charges API: every operation answers in the old shapes, over the same objects as
// v2 (a charge is a transaction, same id, same events), and every answer — success or problem —
// carries the deprecation headers. Brownouts and the sunset are driven by the spec's x-brownouts
// and x-sunset, so they are tested at fixed instants.
import { randomUUID } from 'node:crypto';
import type { Response } from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { components as V1 } from '../../../generated/v1/client.js';
import type { components as V2 } from '../../../generated/v2/client.js';
import type { EvenpayApp } from '../../../src/app.js';
import { fixedClock } from '../../../src/kernel/clock.js';
import { checkoutBody } from '../../factories/checkouts.js';
import { makeMerchant, type TestMerchant } from '../../factories/merchants.js';
import { startTestApp } from '../../helpers/app.js';
import { api, type CallOptions, type Http } from '../../helpers/http.js';

type Charge = V1['schemas']['Charge'];
type ChargeEvent = V1['schemas']['ChargeEvent'];
type FieldError = V1['schemas']['ProblemFieldError'];
type Transaction = V2['schemas']['Transaction'];
type Event = V2['schemas']['Event'];

const DAY_S = 24 * 60 * 60;
const AMOUNT = 10_000;
/** `x-deprecated-on: '2026-06-01'` as RFC 9745 wants it: `@` and unix seconds. */
const DEPRECATED_SINCE = '@1780272000';
/** `x-sunset: '2027-06-30'` as an HTTP-date. */
const SUNSET = 'Wed, 30 Jun 2027 00:00:00 GMT';
const MIGRATION_GUIDE = '<https://docs.evenpay.test/migration/v1-to-v2>; rel="deprecation"; type="text/html"';
/** Inside the first scheduled brownout of every v1 operation (15:00–16:00 UTC). */
const IN_BROWNOUT = '2027-03-03T15:30:00Z';
const AFTER_SUNSET = '2027-07-01T09:00:00Z';
const UNKNOWN_CHARGE = 'txn_0000000000000000000000';

let evenpay: EvenpayApp;
let http: Http;
let merchant: TestMerchant;
/** The service standing inside a brownout window, and after the sunset (same database). */
let brownout: EvenpayApp;
let sunset: EvenpayApp;

beforeAll(async () => {
  evenpay = await startTestApp();
  http = api(evenpay.app);
  merchant = await makeMerchant(evenpay.services.models, { name: 'Legacy Charges Co' });
  brownout = await startTestApp({ clock: fixedClock(IN_BROWNOUT) });
  sunset = await startTestApp({ clock: fixedClock(AFTER_SUNSET) });
});
afterAll(async () => {
  await brownout.close();
  await sunset.close();
  await evenpay.close();
});

const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
/** v1 authentication: HTTP Basic with the publishable key as user and the secret key as password. */
const keysOf = (owner: TestMerchant) => basic(owner.publishableKey, owner.secretKey);
const unix = (iso: string) => Math.floor(Date.parse(iso) / 1000);

/** The deprecation headers every v1 answer carries; with a path, the successor link must name it. */
function expectDeprecationHeaders(res: Response, successorPath?: string): void {
  expect(res.headers.deprecation).toMatch(/^@\d+$/);
  expect(res.headers.deprecation).toBe(DEPRECATED_SINCE);
  expect(res.headers.sunset).toBe(SUNSET);
  const link = res.headers.link as string | undefined;
  expect(link).toContain(MIGRATION_GUIDE);
  expect(link).toMatch(/<http:\/\/evenpay\.test\/v2\/[^>]*>; rel="successor-version"/);
  if (successorPath) expect(link).toContain(`<http://evenpay.test${successorPath}>; rel="successor-version"`);
}

/** v1 calls go through `api()` (spec oracle, coverage) and must all carry the deprecation headers. */
function legacy(client: Http) {
  const call = async (method: 'get' | 'post', url: string, options?: CallOptions) => {
    const res = await client.call(method, url, options);
    expectDeprecationHeaders(res);
    return res;
  };
  return {
    get: (url: string, options?: CallOptions) => call('get', url, options),
    post: (url: string, options?: CallOptions) => call('post', url, options),
    call,
  };
}

const v1 = () => legacy(http);

/** An RFC 9457 problem with its stable code, catalogue URI and request id. */
function expectProblem(res: Response, status: number, code: string): void {
  expect(res.status).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.body).toMatchObject({ type: `https://docs.evenpay.test/errors#${code}`, status, code, request_id: res.headers['request-id'] });
}

const pointers = (res: Response) => (res.body.errors as FieldError[]).map((e) => e.pointer);
const parameters = (res: Response) => (res.body.errors as FieldError[]).map((e) => e.parameter);

/** An open checkout of `total` cents made through v2; returns its id (the v1 `checkout_token`). */
async function openCheckout(owner: TestMerchant, client: Http = http, total = AMOUNT): Promise<string> {
  const body = checkoutBody({
    order_id: `ORD-V1-${randomUUID().slice(0, 8)}`,
    items: [{ sku: 'LEGACY-1', name: 'Legacy item', unit_price: total, quantity: 1 }],
    shipping_amount: 0,
    tax_amount: 0,
    discount_amount: 0,
    total_amount: total,
  });
  const res = await client.post('/v2/checkouts', { auth: owner.bearer, body });
  expect(res.status).toBe(201);
  return res.body.id as string;
}

/** A checkout the consumer confirmed on pay-in-4 (v2 sandbox), ready to charge. */
async function confirmedCheckout(owner: TestMerchant, client: Http = http, total = AMOUNT): Promise<string> {
  const id = await openCheckout(owner, client, total);
  const res = await client.post(`/v2/sandbox/checkouts/${id}/confirm`, { auth: owner.bearer, body: { plan_id: 'pay_in_4' } });
  expect(res.status).toBe(200);
  expect(res.body.status).toBe('confirmed');
  return id;
}

/** An authorized charge of AMOUNT cents, made through v1. */
async function newCharge(owner: TestMerchant = merchant, client: Http = http): Promise<Charge> {
  const token = await confirmedCheckout(owner, client);
  const res = await legacy(client).post('/v1/charges', { auth: keysOf(owner), body: { checkout_token: token } });
  expect(res.status).toBe(200);
  return res.body as Charge;
}

const getCharge = async (id: string, owner: TestMerchant = merchant): Promise<Charge> => {
  const res = await v1().get(`/v1/charges/${id}`, { auth: keysOf(owner) });
  expect(res.status).toBe(200);
  return res.body as Charge;
};

const getTransaction = async (id: string, owner: TestMerchant = merchant): Promise<Transaction> => {
  const res = await http.get(`/v2/transactions/${id}`, { auth: owner.bearer });
  expect(res.status).toBe(200);
  return res.body as Transaction;
};

/** Posts a v1 money movement and expects its ChargeEvent. */
async function move(id: string, action: 'capture' | 'refund' | 'void' | 'update', body?: object): Promise<ChargeEvent> {
  const res = await v1().post(`/v1/charges/${id}/${action}`, { auth: keysOf(merchant), ...(body ? { body } : {}) });
  expect(res.status).toBe(200);
  return res.body as ChargeEvent;
}

/**
 * Claims an Idempotency-Key exactly as runWrite does (operationId, path params and body), as if
 * a first request with it were still running. A POST sent without a body has `req.body` undefined.
 */
async function keyInFlight(owner: TestMerchant, operationId: string, params: Record<string, string>, body: unknown): Promise<string> {
  const key = randomUUID();
  const claim = await evenpay.services.idempotency.claim({ merchantId: owner.id, livemode: false, key, operationId, request: { params, body } });
  expect(claim.kind).toBe('owner');
  return key;
}

const CHARGE_OPERATIONS = [
  ['getCharge', 'get', '', 'getTransaction', ''],
  ['captureCharge', 'post', '/capture', 'captureTransaction', '/capture'],
  ['voidCharge', 'post', '/void', 'voidTransaction', '/void'],
  ['refundCharge', 'post', '/refund', 'refundTransaction', '/refund'],
  ['updateCharge', 'post', '/update', 'updateTransaction', '/update'],
] as const;

describe('POST /v1/charges (createCharge)', () => {
  it('authorizes a confirmed checkout and answers the Charge in the legacy shape', async () => {
    const token = await confirmedCheckout(merchant);
    const before = Math.floor(Date.now() / 1000);
    const res = await v1().post('/v1/charges', { auth: keysOf(merchant), body: { checkout_token: token } });
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
    const first = await v1().post('/v1/charges', { auth: keysOf(merchant), body: { checkout_token: token }, headers: { 'Idempotency-Key': key } });
    const again = await v1().post('/v1/charges', { auth: keysOf(merchant), body: { checkout_token: token }, headers: { 'Idempotency-Key': key } });
    expect(first.status).toBe(200);
    expect(again.status).toBe(200);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toEqual(first.body);
    expect(await evenpay.services.models.Transaction.count({ where: { checkoutId: token } })).toBe(1);
  });

  it('refuses a checkout the consumer has not confirmed with 422 checkout_not_confirmed at /checkout_token', async () => {
    const token = await openCheckout(merchant);
    const res = await v1().post('/v1/charges', { auth: keysOf(merchant), body: { checkout_token: token } });
    expectProblem(res, 422, 'checkout_not_confirmed');
    expect(res.body.instance).toBe('/v1/charges');
    expect(res.body.detail).toContain(token);
    expect(pointers(res)).toEqual(['/checkout_token']);
  });

  it('refuses to charge a checkout twice with 422 checkout_already_authorized', async () => {
    const charge = await newCharge();
    const res = await v1().post('/v1/charges', { auth: keysOf(merchant), body: { checkout_token: charge.checkout_token } });
    expectProblem(res, 422, 'checkout_already_authorized');
    expect(res.body.detail).toContain(charge.charge_id);
    expect(pointers(res)).toEqual(['/checkout_token']);
  });

  it('refuses an Idempotency-Key reused with another body with 422 idempotency_key_reused', async () => {
    const key = randomUUID();
    const first = await v1().post('/v1/charges', {
      auth: keysOf(merchant),
      body: { checkout_token: await confirmedCheckout(merchant) },
      headers: { 'Idempotency-Key': key },
    });
    expect(first.status).toBe(200);
    const other = await confirmedCheckout(merchant);
    const res = await v1().post('/v1/charges', { auth: keysOf(merchant), body: { checkout_token: other }, headers: { 'Idempotency-Key': key } });
    expectProblem(res, 422, 'idempotency_key_reused');
    expect(parameters(res)).toEqual(['Idempotency-Key']);
    expect(await evenpay.services.models.Transaction.count({ where: { checkoutId: other } })).toBe(0);
  });

  it('answers 409 idempotency_request_in_flight with Retry-After while the first request with the key still runs', async () => {
    const token = await confirmedCheckout(merchant);
    const body = { checkout_token: token };
    const key = await keyInFlight(merchant, 'createCharge', {}, body);
    const res = await v1().post('/v1/charges', { auth: keysOf(merchant), body, headers: { 'Idempotency-Key': key } });
    expectProblem(res, 409, 'idempotency_request_in_flight');
    expect(res.headers['retry-after']).toBe('1');
    expect(await evenpay.services.models.Transaction.count({ where: { checkoutId: token } })).toBe(0);
  });

  it.each<[string, unknown, string]>([
    ['a missing checkout_token', {}, '/checkout_token'],
    ['a checkout_token that is not a chk_ id', { checkout_token: 'txn_123' }, '/checkout_token'],
    ['an unknown field', { checkout_token: 'chk_4mQx7hW2rT9bKc1Ez0aP', amount: 100 }, '/amount'],
  ])('refuses %s with 400 invalid_request naming the field', async (_case, body, pointer) => {
    const res = await v1().post('/v1/charges', { auth: keysOf(merchant), body });
    expectProblem(res, 400, 'invalid_request');
    expect(pointers(res)).toContain(pointer);
  });

  it('refuses a body that is not JSON with 400 malformed_json', async () => {
    const res = await v1().post('/v1/charges', { auth: keysOf(merchant), raw: '{"checkout_token": ', headers: { 'Content-Type': 'application/json' } });
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
    const res = await v1().post('/v1/charges', { auth: keysOf(merchant), body: { checkout_token: 'chk_DoesNotExist0000000' } });
    expectProblem(res, 404, 'resource_not_found');
  });

  it("answers 404 for another merchant's confirmed checkout and leaves it unauthorized", async () => {
    const other = await makeMerchant(evenpay.services.models);
    const token = await confirmedCheckout(other);
    const res = await v1().post('/v1/charges', { auth: keysOf(merchant), body: { checkout_token: token } });
    expectProblem(res, 404, 'resource_not_found');
    expect(await evenpay.services.models.Transaction.count({ where: { checkoutId: token } })).toBe(0);
  });

  it('answers 410 operation_brownout during a scheduled brownout, naming createTransaction', async () => {
    const token = await confirmedCheckout(merchant);
    const res = await legacy(api(brownout.app)).post('/v1/charges', { auth: keysOf(merchant), body: { checkout_token: token } });
    expectProblem(res, 410, 'operation_brownout');
    expect(res.body.detail).toBe(
      'POST /v1/charges is in a scheduled brownout until 2027-03-03T16:00:00.000Z ahead of its sunset on 2027-06-30. Use createTransaction (POST /v2/transactions).',
    );
    expect(await evenpay.services.models.Transaction.count({ where: { checkoutId: token } })).toBe(0);
  });

  it('answers 410 operation_sunset after the sunset date, naming createTransaction', async () => {
    const res = await legacy(api(sunset.app)).post('/v1/charges', { auth: keysOf(merchant), body: { checkout_token: await confirmedCheckout(merchant) } });
    expectProblem(res, 410, 'operation_sunset');
    expect(res.body.detail).toBe('POST /v1/charges was switched off on 2027-06-30. Use createTransaction (POST /v2/transactions).');
  });
});

describe('GET /v1/charges/{chargeId} (getCharge)', () => {
  it('returns the charge in the legacy shape', async () => {
    const charge = await newCharge();
    expect(await getCharge(charge.charge_id)).toEqual(charge);
  });

  it('maps every v2 status to its legacy name as the charge moves through its life', async () => {
    const full = await newCharge();
    expect((await getCharge(full.charge_id)).status).toBe('auth');
    await move(full.charge_id, 'capture', { amount: 4_000 });
    expect(await getCharge(full.charge_id)).toMatchObject({ status: 'partially_captured', auth_hold: 6_000, payable: 4_000 });
    await move(full.charge_id, 'capture');
    expect(await getCharge(full.charge_id)).toMatchObject({ status: 'captured', auth_hold: 0, payable: AMOUNT });
    await move(full.charge_id, 'refund', { amount: 1_000 });
    expect(await getCharge(full.charge_id)).toMatchObject({ status: 'partially_refunded', payable: 9_000, amount_refunded: 1_000 });
    await move(full.charge_id, 'refund');
    expect(await getCharge(full.charge_id)).toMatchObject({ status: 'refunded', payable: 0, amount_refunded: AMOUNT });

    const voided = await newCharge();
    await move(voided.charge_id, 'void');
    expect(await getCharge(voided.charge_id)).toMatchObject({ status: 'voided', auth_hold: 0, payable: 0 });

    for (const id of [full.charge_id, voided.charge_id]) {
      const [charge, tx] = [await getCharge(id), await getTransaction(id)];
      expect({ status: charge.status, auth_hold: charge.auth_hold, payable: charge.payable, amount_refunded: charge.amount_refunded }).toEqual({
        status: tx.status === 'authorized' ? 'auth' : tx.status,
        auth_hold: tx.capturable_amount,
        payable: tx.refundable_amount,
        amount_refunded: tx.refunded_amount,
      });
    }
  });

  it('shows an authorization that ran out after 30 days as auth_expired, in v1 as in v2', async () => {
    const clock = fixedClock('2026-12-01T12:00:00Z');
    const clocked = await startTestApp({ clock });
    try {
      const client = api(clocked.app);
      const charge = await newCharge(merchant, client);
      expect(charge.created_at).toBe(unix('2026-12-01T12:00:00Z'));
      expect(charge.expires_at).toBe(unix('2026-12-31T12:00:00Z'));
      clock.set('2026-12-31T11:59:59Z');
      expect((await legacy(client).get(`/v1/charges/${charge.charge_id}`, { auth: keysOf(merchant) })).body.status).toBe('auth');
      clock.advance(2_000);
      const res = await legacy(client).get(`/v1/charges/${charge.charge_id}`, { auth: keysOf(merchant) });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ status: 'auth_expired', auth_hold: 0, payable: 0, expires_at: charge.expires_at });
      const tx = await client.get(`/v2/transactions/${charge.charge_id}`, { auth: merchant.bearer });
      expect(tx.body).toMatchObject({ status: 'expired', capturable_amount: 0 });
      const capture = await legacy(client).post(`/v1/charges/${charge.charge_id}/capture`, { auth: keysOf(merchant) });
      expectProblem(capture, 422, 'authorization_expired');
    } finally {
      await clocked.close();
    }
  });

  it('refuses an id that is not a txn_ id with 400 naming the chargeId parameter', async () => {
    const res = await v1().get('/v1/charges/ch_123', { auth: keysOf(merchant) });
    expectProblem(res, 400, 'invalid_request');
    expect(parameters(res)).toEqual(['chargeId']);
  });

  it('asks for the key pair with 401 when none is sent', async () => {
    const charge = await newCharge();
    const res = await v1().get(`/v1/charges/${charge.charge_id}`);
    expectProblem(res, 401, 'authentication_required');
    expect(res.headers['www-authenticate']).toBe('Basic realm="evenpay"');
  });

  it('refuses the v2 bearer scheme with 401 invalid_api_key', async () => {
    const charge = await newCharge();
    const res = await v1().get(`/v1/charges/${charge.charge_id}`, { auth: merchant.bearer });
    expectProblem(res, 401, 'invalid_api_key');
  });

  it("answers 404 for another merchant's charge", async () => {
    const other = await makeMerchant(evenpay.services.models);
    const theirs = await newCharge(other);
    const res = await v1().get(`/v1/charges/${theirs.charge_id}`, { auth: keysOf(merchant) });
    expectProblem(res, 404, 'resource_not_found');
    expect(res.body.instance).toBe(`/v1/charges/${theirs.charge_id}`);
  });

  it('answers 404 for a well-formed id that does not exist', async () => {
    const res = await v1().get(`/v1/charges/${UNKNOWN_CHARGE}`, { auth: keysOf(merchant) });
    expectProblem(res, 404, 'resource_not_found');
    expect(res.body.detail).toContain(UNKNOWN_CHARGE);
  });

  it('answers 410 operation_brownout during a scheduled brownout, naming getTransaction', async () => {
    const charge = await newCharge();
    const res = await legacy(api(brownout.app)).get(`/v1/charges/${charge.charge_id}`, { auth: keysOf(merchant) });
    expectProblem(res, 410, 'operation_brownout');
    expect(res.body.detail).toContain('Use getTransaction (GET /v2/transactions/{transactionId}).');
  });

  it('answers 410 operation_sunset after the sunset date, naming getTransaction', async () => {
    const charge = await newCharge();
    const res = await legacy(api(sunset.app)).get(`/v1/charges/${charge.charge_id}`, { auth: keysOf(merchant) });
    expectProblem(res, 410, 'operation_sunset');
    expect(res.body.detail).toBe('GET /v1/charges/{chargeId} was switched off on 2027-06-30. Use getTransaction (GET /v2/transactions/{transactionId}).');
  });
});

describe('POST /v1/charges/{chargeId}/capture (captureCharge)', () => {
  it('answers the capture event, amount in cents, whose id is the v2 event', async () => {
    const charge = await newCharge();
    const res = await v1().post(`/v1/charges/${charge.charge_id}/capture`, { auth: keysOf(merchant), body: { amount: 4_000 } });
    expect(res.status).toBe(200);
    const event = res.body as ChargeEvent;
    expect(event).toEqual({
      id: expect.stringMatching(/^evt_/),
      charge_id: charge.charge_id,
      type: 'capture',
      amount: 4_000,
      currency: 'USD',
      created_at: expect.any(Number),
    });
    const v2 = await http.get(`/v2/events/${event.id}`, { auth: merchant.bearer });
    expect(v2.status).toBe(200);
    const seen = v2.body as Event;
    expect(seen).toMatchObject({
      id: event.id,
      type: 'transaction.captured',
      request_id: res.headers['request-id'],
      data: { amount: 4_000, object: { id: charge.charge_id } },
    });
    expect(unix(seen.created)).toBe(event.created_at);
  });

  it('captures everything still held when no amount is sent', async () => {
    const charge = await newCharge();
    await move(charge.charge_id, 'capture', { amount: 2_500 });
    const event = await move(charge.charge_id, 'capture');
    expect(event).toMatchObject({ type: 'capture', amount: 7_500 });
    expect(await getCharge(charge.charge_id)).toMatchObject({ status: 'captured', auth_hold: 0, payable: AMOUNT });
  });

  it('shows a v1 capture in v2, and a v2 capture in v1', async () => {
    const charge = await newCharge();
    await move(charge.charge_id, 'capture', { amount: 4_000 });
    expect(await getTransaction(charge.charge_id)).toMatchObject({ status: 'partially_captured', captured_amount: 4_000, capturable_amount: 6_000 });
    const v2 = await http.post(`/v2/transactions/${charge.charge_id}/capture`, {
      auth: merchant.bearer,
      body: { amount: 6_000 },
      headers: { 'Idempotency-Key': randomUUID() },
    });
    expect(v2.status).toBe(200);
    expect(await getCharge(charge.charge_id)).toMatchObject({ status: 'captured', auth_hold: 0, payable: AMOUNT });
  });

  it('replays the first capture for the same Idempotency-Key and captures once', async () => {
    const charge = await newCharge();
    const key = randomUUID();
    const call = () =>
      v1().post(`/v1/charges/${charge.charge_id}/capture`, { auth: keysOf(merchant), body: { amount: 1_000 }, headers: { 'Idempotency-Key': key } });
    const first = await call();
    const again = await call();
    expect(first.status).toBe(200);
    expect(again.status).toBe(200);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toEqual(first.body);
    expect((await getCharge(charge.charge_id)).payable).toBe(1_000);
  });

  it('refuses to capture more than is held with 422 capture_exceeds_authorized at /amount', async () => {
    const charge = await newCharge();
    const res = await v1().post(`/v1/charges/${charge.charge_id}/capture`, { auth: keysOf(merchant), body: { amount: AMOUNT + 1 } });
    expectProblem(res, 422, 'capture_exceeds_authorized');
    expect(res.body.errors).toEqual([{ pointer: '/amount', detail: `must be at most ${AMOUNT}` }]);
    expect((await getCharge(charge.charge_id)).status).toBe('auth');
  });

  it('refuses to capture a voided charge with 422 transaction_voided', async () => {
    const charge = await newCharge();
    await move(charge.charge_id, 'void');
    const res = await v1().post(`/v1/charges/${charge.charge_id}/capture`, { auth: keysOf(merchant), body: { amount: 1_000 } });
    expectProblem(res, 422, 'transaction_voided');
  });

  it('refuses an Idempotency-Key reused with another amount with 422 idempotency_key_reused', async () => {
    const charge = await newCharge();
    const key = randomUUID();
    const url = `/v1/charges/${charge.charge_id}/capture`;
    expect((await v1().post(url, { auth: keysOf(merchant), body: { amount: 1_000 }, headers: { 'Idempotency-Key': key } })).status).toBe(200);
    const res = await v1().post(url, { auth: keysOf(merchant), body: { amount: 2_000 }, headers: { 'Idempotency-Key': key } });
    expectProblem(res, 422, 'idempotency_key_reused');
    expect((await getCharge(charge.charge_id)).payable).toBe(1_000);
  });

  it('answers 409 while a capture with the same Idempotency-Key is in flight, and captures nothing', async () => {
    const charge = await newCharge();
    const key = await keyInFlight(merchant, 'captureCharge', { chargeId: charge.charge_id }, { amount: 1_000 });
    const res = await v1().post(`/v1/charges/${charge.charge_id}/capture`, {
      auth: keysOf(merchant),
      body: { amount: 1_000 },
      headers: { 'Idempotency-Key': key },
    });
    expectProblem(res, 409, 'idempotency_request_in_flight');
    expect(res.headers['retry-after']).toBe('1');
    expect((await getCharge(charge.charge_id)).payable).toBe(0);
  });

  it.each<[string, object, string]>([
    ['an amount of zero', { amount: 0 }, '/amount'],
    ['a fractional amount', { amount: 10.5 }, '/amount'],
    ['an unknown field', { amount: 100, final: true }, '/final'],
  ])('refuses %s with 400 invalid_request naming the field', async (_case, body, pointer) => {
    const charge = await newCharge();
    const res = await v1().post(`/v1/charges/${charge.charge_id}/capture`, { auth: keysOf(merchant), body });
    expectProblem(res, 400, 'invalid_request');
    expect(pointers(res)).toContain(pointer);
  });
});

describe('POST /v1/charges/{chargeId}/void (voidCharge)', () => {
  it('answers the void event with amount 0, visible in v2 as transaction.voided', async () => {
    const charge = await newCharge();
    const res = await v1().post(`/v1/charges/${charge.charge_id}/void`, { auth: keysOf(merchant) });
    expect(res.status).toBe(200);
    const event = res.body as ChargeEvent;
    expect(event).toEqual({
      id: expect.stringMatching(/^evt_/),
      charge_id: charge.charge_id,
      type: 'void',
      amount: 0,
      currency: 'USD',
      created_at: expect.any(Number),
    });
    const v2 = await http.get(`/v2/events/${event.id}`, { auth: merchant.bearer });
    expect(v2.body).toMatchObject({ id: event.id, type: 'transaction.voided', data: { object: { id: charge.charge_id, status: 'voided' } } });
    expect(await getTransaction(charge.charge_id)).toMatchObject({ status: 'voided', capturable_amount: 0 });
  });

  it('accepts an empty JSON object, as the spec example sends', async () => {
    const charge = await newCharge();
    expect(await move(charge.charge_id, 'void', {})).toMatchObject({ type: 'void', amount: 0 });
  });

  it('refuses to void a charge with captures with 422 void_after_capture', async () => {
    const charge = await newCharge();
    await move(charge.charge_id, 'capture', { amount: 1_000 });
    const res = await v1().post(`/v1/charges/${charge.charge_id}/void`, { auth: keysOf(merchant) });
    expectProblem(res, 422, 'void_after_capture');
    expect((await getCharge(charge.charge_id)).status).toBe('partially_captured');
  });

  it('refuses to void twice with 422 transaction_voided', async () => {
    const charge = await newCharge();
    await move(charge.charge_id, 'void');
    const res = await v1().post(`/v1/charges/${charge.charge_id}/void`, { auth: keysOf(merchant) });
    expectProblem(res, 422, 'transaction_voided');
  });

  it('answers 409 while a body-less void with the same Idempotency-Key is in flight', async () => {
    const charge = await newCharge();
    const key = await keyInFlight(merchant, 'voidCharge', { chargeId: charge.charge_id }, undefined);
    const res = await v1().post(`/v1/charges/${charge.charge_id}/void`, { auth: keysOf(merchant), headers: { 'Idempotency-Key': key } });
    expectProblem(res, 409, 'idempotency_request_in_flight');
    expect((await getCharge(charge.charge_id)).status).toBe('auth');
  });

  it('refuses a body with any field with 400 (voids take no parameters)', async () => {
    const charge = await newCharge();
    const res = await v1().post(`/v1/charges/${charge.charge_id}/void`, { auth: keysOf(merchant), body: { reason: 'customer_request' } });
    expectProblem(res, 400, 'invalid_request');
    expect(pointers(res)).toContain('/reason');
  });
});

describe('POST /v1/charges/{chargeId}/refund (refundCharge)', () => {
  it('answers the refund event, amount in cents, whose id is the v2 event', async () => {
    const charge = await newCharge();
    await move(charge.charge_id, 'capture');
    const res = await v1().post(`/v1/charges/${charge.charge_id}/refund`, { auth: keysOf(merchant), body: { amount: 2_500 } });
    expect(res.status).toBe(200);
    const event = res.body as ChargeEvent;
    expect(event).toEqual({
      id: expect.stringMatching(/^evt_/),
      charge_id: charge.charge_id,
      type: 'refund',
      amount: 2_500,
      currency: 'USD',
      created_at: expect.any(Number),
    });
    const v2 = await http.get(`/v2/events/${event.id}`, { auth: merchant.bearer });
    expect(v2.body).toMatchObject({ id: event.id, type: 'transaction.refunded', data: { amount: 2_500, object: { id: charge.charge_id } } });
    expect(await getTransaction(charge.charge_id)).toMatchObject({ status: 'partially_refunded', refunded_amount: 2_500, refundable_amount: 7_500 });
  });

  it('refunds everything still payable when no amount is sent', async () => {
    const charge = await newCharge();
    await move(charge.charge_id, 'capture', { amount: 6_000 });
    await move(charge.charge_id, 'refund', { amount: 1_000 });
    expect(await move(charge.charge_id, 'refund')).toMatchObject({ type: 'refund', amount: 5_000 });
    expect(await getCharge(charge.charge_id)).toMatchObject({ payable: 0, amount_refunded: 6_000 });
  });

  it('shows a v2 refund in v1', async () => {
    const charge = await newCharge();
    await move(charge.charge_id, 'capture');
    const v2 = await http.post(`/v2/transactions/${charge.charge_id}/refund`, {
      auth: merchant.bearer,
      body: { amount: 3_000 },
      headers: { 'Idempotency-Key': randomUUID() },
    });
    expect(v2.status).toBe(200);
    expect(await getCharge(charge.charge_id)).toMatchObject({ status: 'partially_refunded', payable: 7_000, amount_refunded: 3_000 });
  });

  it('refuses to refund before anything was captured with 422 refund_exceeds_captured', async () => {
    const charge = await newCharge();
    const res = await v1().post(`/v1/charges/${charge.charge_id}/refund`, { auth: keysOf(merchant), body: { amount: 100 } });
    expectProblem(res, 422, 'refund_exceeds_captured');
    expect(res.body.errors).toEqual([{ pointer: '/amount', detail: 'must be at most 0' }]);
  });

  it('refuses to refund more than is payable with 422 refund_exceeds_captured', async () => {
    const charge = await newCharge();
    await move(charge.charge_id, 'capture', { amount: 3_000 });
    const res = await v1().post(`/v1/charges/${charge.charge_id}/refund`, { auth: keysOf(merchant), body: { amount: 3_001 } });
    expectProblem(res, 422, 'refund_exceeds_captured');
    expect((await getCharge(charge.charge_id)).amount_refunded).toBe(0);
  });

  it('refuses a key first used to capture with 422 idempotency_key_reused', async () => {
    const charge = await newCharge();
    const key = randomUUID();
    const body = { amount: 1_000 };
    expect((await v1().post(`/v1/charges/${charge.charge_id}/capture`, { auth: keysOf(merchant), body, headers: { 'Idempotency-Key': key } })).status).toBe(
      200,
    );
    const res = await v1().post(`/v1/charges/${charge.charge_id}/refund`, { auth: keysOf(merchant), body, headers: { 'Idempotency-Key': key } });
    expectProblem(res, 422, 'idempotency_key_reused');
  });

  it('answers 409 while a body-less refund with the same Idempotency-Key is in flight', async () => {
    const charge = await newCharge();
    await move(charge.charge_id, 'capture');
    const key = await keyInFlight(merchant, 'refundCharge', { chargeId: charge.charge_id }, undefined);
    const res = await v1().post(`/v1/charges/${charge.charge_id}/refund`, { auth: keysOf(merchant), headers: { 'Idempotency-Key': key } });
    expectProblem(res, 409, 'idempotency_request_in_flight');
    expect((await getCharge(charge.charge_id)).amount_refunded).toBe(0);
  });

  it.each<[string, object, string]>([
    ['a negative amount', { amount: -100 }, '/amount'],
    ['an amount that is a string', { amount: 'all' }, '/amount'],
    ['an unknown field', { amount: 100, reason: 'damaged' }, '/reason'],
  ])('refuses %s with 400 invalid_request naming the field', async (_case, body, pointer) => {
    const charge = await newCharge();
    const res = await v1().post(`/v1/charges/${charge.charge_id}/refund`, { auth: keysOf(merchant), body });
    expectProblem(res, 400, 'invalid_request');
    expect(pointers(res)).toContain(pointer);
  });
});

describe('POST /v1/charges/{chargeId}/update (updateCharge)', () => {
  it('answers the update event and maps shipping_confirmation to the v2 tracking number', async () => {
    const charge = await newCharge();
    const res = await v1().post(`/v1/charges/${charge.charge_id}/update`, {
      auth: keysOf(merchant),
      body: { shipping_carrier: 'UPS', shipping_confirmation: '1Z999AA10123456784' },
    });
    expect(res.status).toBe(200);
    const event = res.body as ChargeEvent;
    expect(event).toEqual({
      id: expect.stringMatching(/^evt_/),
      charge_id: charge.charge_id,
      type: 'update',
      amount: 0,
      currency: 'USD',
      created_at: expect.any(Number),
    });
    expect((await getTransaction(charge.charge_id)).shipping).toEqual({ carrier: 'UPS', tracking_number: '1Z999AA10123456784' });
    expect(await getCharge(charge.charge_id)).toMatchObject({ shipping_carrier: 'UPS', shipping_confirmation: '1Z999AA10123456784' });
    const v2 = await http.get(`/v2/events/${event.id}`, { auth: merchant.bearer });
    expect(v2.body).toMatchObject({ id: event.id, type: 'transaction.updated', data: { object: { shipping: { tracking_number: '1Z999AA10123456784' } } } });
  });

  it('changes the order id and leaves the shipping fields as they were', async () => {
    const charge = await newCharge();
    await move(charge.charge_id, 'update', { shipping_carrier: 'FedEx' });
    await move(charge.charge_id, 'update', { order_id: 'ORD-RENAMED-1' });
    expect(await getCharge(charge.charge_id)).toMatchObject({ order_id: 'ORD-RENAMED-1', shipping_carrier: 'FedEx', shipping_confirmation: null });
    expect(await getTransaction(charge.charge_id)).toMatchObject({ order_id: 'ORD-RENAMED-1', shipping: { carrier: 'FedEx', tracking_number: null } });
  });

  it('shows a v2 tracking number as the v1 shipping_confirmation', async () => {
    const charge = await newCharge();
    const v2 = await http.post(`/v2/transactions/${charge.charge_id}/update`, {
      auth: merchant.bearer,
      body: { shipping_tracking_number: '9400100000000000000000' },
    });
    expect(v2.status).toBe(200);
    expect((await getCharge(charge.charge_id)).shipping_confirmation).toBe('9400100000000000000000');
  });

  it('refuses to update a voided charge with 422 transaction_voided', async () => {
    const charge = await newCharge();
    await move(charge.charge_id, 'void');
    const res = await v1().post(`/v1/charges/${charge.charge_id}/update`, { auth: keysOf(merchant), body: { order_id: 'ORD-TOO-LATE' } });
    expectProblem(res, 422, 'transaction_voided');
    expect((await getCharge(charge.charge_id)).order_id).toBe(charge.order_id);
  });

  it('answers 409 while an update with the same Idempotency-Key is in flight', async () => {
    const charge = await newCharge();
    const body = { shipping_carrier: 'DHL' };
    const key = await keyInFlight(merchant, 'updateCharge', { chargeId: charge.charge_id }, body);
    const res = await v1().post(`/v1/charges/${charge.charge_id}/update`, { auth: keysOf(merchant), body, headers: { 'Idempotency-Key': key } });
    expectProblem(res, 409, 'idempotency_request_in_flight');
    expect((await getCharge(charge.charge_id)).shipping_carrier).toBeNull();
  });

  it.each<[string, object, string]>([
    ['an empty body', {}, '/'],
    ['an unknown field (the v2 name of the tracking number)', { shipping_tracking_number: '1Z' }, '/shipping_tracking_number'],
    ['an empty order id', { order_id: '' }, '/order_id'],
  ])('refuses %s with 400 invalid_request', async (_case, body, pointer) => {
    const charge = await newCharge();
    const res = await v1().post(`/v1/charges/${charge.charge_id}/update`, { auth: keysOf(merchant), body });
    expectProblem(res, 400, 'invalid_request');
    expect(pointers(res)).toContain(pointer);
  });
});

describe.each(CHARGE_OPERATIONS)('%s on a charge it cannot act on', (operationId, method, suffix) => {
  const url = (id: string) => `/v1/charges/${id}${suffix}`;
  /** A body the operation accepts, so the status comes from what is being tested. */
  const body = operationId === 'updateCharge' ? { order_id: 'ORD-X' } : undefined;
  const options = (auth?: string): CallOptions => ({ ...(auth ? { auth } : {}), ...(body ? { body } : {}) });

  it('refuses an id that is not a txn_ id with 400 naming chargeId', async () => {
    const res = await v1().call(method, url('chk_4mQx7hW2rT9bKc1Ez0aP'), options(keysOf(merchant)));
    expectProblem(res, 400, 'invalid_request');
    expect(parameters(res)).toContain('chargeId');
  });

  it('asks for the key pair with 401 authentication_required when none is sent', async () => {
    const charge = await newCharge();
    const res = await v1().call(method, url(charge.charge_id), options());
    expectProblem(res, 401, 'authentication_required');
    expect(res.headers['www-authenticate']).toBe('Basic realm="evenpay"');
  });

  it("refuses a secret key paired with another merchant's publishable key with 401 invalid_api_key", async () => {
    const charge = await newCharge();
    const other = await makeMerchant(evenpay.services.models);
    const res = await v1().call(method, url(charge.charge_id), options(basic(other.publishableKey, merchant.secretKey)));
    expectProblem(res, 401, 'invalid_api_key');
  });

  it("answers 404 for another merchant's charge and leaves it untouched", async () => {
    const other = await makeMerchant(evenpay.services.models);
    const theirs = await newCharge(other);
    const res = await v1().call(method, url(theirs.charge_id), options(keysOf(merchant)));
    expectProblem(res, 404, 'resource_not_found');
    expect(await getCharge(theirs.charge_id, other)).toEqual(theirs);
  });

  it('answers 404 for a well-formed charge id that does not exist', async () => {
    const res = await v1().call(method, url(UNKNOWN_CHARGE), options(keysOf(merchant)));
    expectProblem(res, 404, 'resource_not_found');
  });
});

describe.each(CHARGE_OPERATIONS)('%s around its sunset', (operationId, method, suffix, successor, successorSuffix) => {
  const successorCall = `${successor} (${method.toUpperCase()} /v2/transactions/{transactionId}${successorSuffix})`;
  const body = operationId === 'updateCharge' ? { order_id: 'ORD-X' } : undefined;

  it(`answers 410 operation_brownout during a scheduled brownout, naming ${successor} in detail and Link`, async () => {
    const charge = await newCharge();
    const res = await legacy(api(brownout.app)).call(method, `/v1/charges/${charge.charge_id}${suffix}`, { auth: keysOf(merchant), ...(body ? { body } : {}) });
    expectProblem(res, 410, 'operation_brownout');
    expect(res.body.detail).toBe(
      `${method.toUpperCase()} /v1/charges/{chargeId}${suffix} is in a scheduled brownout until 2027-03-03T16:00:00.000Z ahead of its sunset on 2027-06-30. Use ${successorCall}.`,
    );
    expectDeprecationHeaders(res, `/v2/transactions/${charge.charge_id}${successorSuffix}`);
    expect(await getCharge(charge.charge_id)).toEqual(charge);
  });

  it(`answers 410 operation_sunset after the sunset date, naming ${successor}`, async () => {
    const charge = await newCharge();
    const res = await legacy(api(sunset.app)).call(method, `/v1/charges/${charge.charge_id}${suffix}`, { auth: keysOf(merchant), ...(body ? { body } : {}) });
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
        auth: keysOf(merchant),
        ...(suffix === '/update' ? { body: { order_id: 'ORD-LINK' } } : {}),
      });
      expect(res.status).toBe(200);
      expect(res.headers.link).toBe(`${MIGRATION_GUIDE}, <http://evenpay.test/v2/transactions/${charge.charge_id}${successorSuffix}>; rel="successor-version"`);
      expectDeprecationHeaders(res, `/v2/transactions/${charge.charge_id}${successorSuffix}`);
    },
  );

  it('createCharge links POST /v2/transactions', async () => {
    const res = await http.post('/v1/charges', { auth: keysOf(merchant), body: { checkout_token: await confirmedCheckout(merchant) } });
    expect(res.status).toBe(200);
    expect(res.headers.link).toBe(`${MIGRATION_GUIDE}, <http://evenpay.test/v2/transactions>; rel="successor-version"`);
  });

  it.each<[string, () => Promise<Response>]>([
    ['a 401 without credentials', () => http.post(`/v1/charges/${UNKNOWN_CHARGE}/capture`)],
    ['a 400 for a bad body', () => http.post(`/v1/charges/${UNKNOWN_CHARGE}/capture`, { auth: keysOf(merchant), body: { amount: 0 } })],
    ['a 404 for an unknown charge', () => http.post(`/v1/charges/${UNKNOWN_CHARGE}/capture`, { auth: keysOf(merchant) })],
    ['a 410 in a brownout', () => api(brownout.app).post(`/v1/charges/${UNKNOWN_CHARGE}/capture`, { auth: keysOf(merchant) })],
    ['a 410 after the sunset', () => api(sunset.app).post(`/v1/charges/${UNKNOWN_CHARGE}/capture`, { auth: keysOf(merchant) })],
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
