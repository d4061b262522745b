import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { fixedClock } from '../../../src/kernel/clock.js';
import { makeMerchant, type TestMerchant } from '../../factories/merchants.js';
import {
  authorizedTransaction,
  type Checkout,
  canceledCheckout,
  confirmedCheckout,
  declinedCheckout,
  eventsOf,
  liveBearer,
  openCheckout,
} from '../../factories/transactions.js';
import { appWithMerchant } from '../../helpers/app.js';
import { expectProblem, parameters, pointers } from '../../helpers/problem.js';

const MINUTE_MS = 60 * 1000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;

const { evenpay, http, merchant } = appWithMerchant('Sandbox Test Co');

const confirmUrl = (id: string) => `/v2/sandbox/checkouts/${id}/confirm`;
const cancelUrl = (id: string) => `/v2/sandbox/checkouts/${id}/cancel`;

const confirm = (owner: TestMerchant, id: string, body: unknown = { plan_id: 'pay_in_4' }, headers: Record<string, string> = {}) =>
  http.post(confirmUrl(id), { auth: owner.bearer, body, headers });

const cancel = (owner: TestMerchant, id: string, headers: Record<string, string> = {}) => http.post(cancelUrl(id), { auth: owner.bearer, headers });

const getCheckout = async (owner: TestMerchant, id: string): Promise<Checkout> => {
  const res = await http.get(`/v2/checkouts/${id}`, { auth: owner.bearer });
  expect(res.status).toBe(200);
  return res.body as Checkout;
};

describe('POST /v2/sandbox/checkouts/{checkoutId}/confirm', () => {
  it('confirms an ordinary customer: status confirmed, the chosen plan, no decline, no transaction yet', async () => {
    const owner = await makeMerchant(evenpay.services.models);
    const checkout = await openCheckout(http, owner, { email: 'jane.doe@example.com' });
    const res = await confirm(owner, checkout.id, { plan_id: 'monthly_3' });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ ...checkout, status: 'confirmed', plan_id: 'monthly_3', decline_category: null, transaction_id: null });
    expect(await getCheckout(owner, checkout.id)).toEqual(res.body);
  });

  it('records a checkout.confirmed event carrying the confirmed checkout and the request id', async () => {
    const owner = await makeMerchant(evenpay.services.models);
    const checkout = await openCheckout(http, owner);
    const res = await confirm(owner, checkout.id);
    const events = await eventsOf(http, owner, checkout.id);
    expect(events.map((e) => e.type)).toEqual(['checkout.confirmed']);
    expect(events[0]!.data.object).toEqual(res.body);
    expect(events[0]!.request_id).toBe(res.headers['request-id']);
    expect(events[0]!.livemode).toBe(false);
  });

  describe.each([
    ['+decline_credit', 'credit_risk'],
    ['+decline_fraud', 'fraud_risk'],
    ['+decline_identity', 'identity_unverified'],
    ['+decline_limit', 'exposure_limit'],
  ] as const)('a customer whose email carries %s', (magic, category) => {
    it(`is declined with decline_category ${category}, no plan, and a checkout.declined event`, async () => {
      const owner = await makeMerchant(evenpay.services.models);
      const checkout = await openCheckout(http, owner, { email: `jane${magic}@example.com` });
      const res = await confirm(owner, checkout.id, { plan_id: 'pay_in_4' });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ ...checkout, status: 'declined', decline_category: category, plan_id: null, transaction_id: null });
      const events = await eventsOf(http, owner, checkout.id);
      expect(events.map((e) => e.type)).toEqual(['checkout.declined']);
      expect(events[0]!.data.object).toMatchObject({ status: 'declined', decline_category: category });
    });
  });

  it('confirms a +expire_fast customer, whose authorization then expires 5 minutes after it is made', async () => {
    const checkout = await openCheckout(http, merchant, { email: 'jane+expire_fast@example.com' });
    const res = await confirm(merchant, checkout.id);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'confirmed', plan_id: 'pay_in_4', decline_category: null });

    const authorize = await http.post('/v2/transactions', { auth: merchant.bearer, body: { checkout_id: checkout.id } });
    expect(authorize.status).toBe(201);
    const lifetime = new Date(authorize.body.authorization_expires_at).getTime() - new Date(authorize.body.created).getTime();
    expect(lifetime).toBe(5 * MINUTE_MS);
  });

  it('gives an ordinary customer the default 30-day authorization', async () => {
    const tx = await authorizedTransaction(http, merchant, { email: 'jane.doe@example.com' });
    expect(new Date(tx.authorization_expires_at).getTime() - new Date(tx.created).getTime()).toBe(30 * DAY_MS);
  });

  it('replays the decision for the same Idempotency-Key and body, and decides only once', async () => {
    const owner = await makeMerchant(evenpay.services.models);
    const checkout = await openCheckout(http, owner);
    const key = randomUUID();
    const first = await confirm(owner, checkout.id, { plan_id: 'pay_in_4' }, { 'Idempotency-Key': key });
    const again = await confirm(owner, checkout.id, { plan_id: 'pay_in_4' }, { 'Idempotency-Key': key });
    expect(first.status).toBe(200);
    expect(again.status).toBe(200);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toEqual(first.body);
    expect((await eventsOf(http, owner, checkout.id)).map((e) => e.type)).toEqual(['checkout.confirmed']);
  });

  describe('refuses with 422 plan_not_available at /plan_id, and leaves the checkout open', () => {
    it.each([
      ['a plan the merchant offers but not for this amount (monthly_12 for 125.00)', 'monthly_12', 12_500],
      ['a well-formed plan the merchant does not offer (monthly_9)', 'monthly_9', 15_500],
    ])('for %s', async (_what, planId, total) => {
      const checkout = await openCheckout(http, merchant, { total });
      const res = await confirm(merchant, checkout.id, { plan_id: planId });
      expectProblem(res, 422, 'plan_not_available');
      expect(pointers(res)).toEqual(['/plan_id']);
      expect(res.body.detail).toContain(planId);
      expect((await getCheckout(merchant, checkout.id)).status).toBe('open');

      const retry = await confirm(merchant, checkout.id, { plan_id: 'pay_in_4' });
      expect(retry.body.status).toBe('confirmed');
    });
  });

  describe('refuses with 422 checkout_not_open once the consumer has acted', () => {
    it('when the checkout is already confirmed', async () => {
      const checkout = await confirmedCheckout(http, merchant);
      const res = await confirm(merchant, checkout.id, { plan_id: 'monthly_3' });
      expectProblem(res, 422, 'checkout_not_open');
      expect(res.body.detail).toContain('confirmed');
      expect(await getCheckout(merchant, checkout.id)).toMatchObject({ status: 'confirmed', plan_id: 'pay_in_4' });
    });

    it('when the checkout was declined', async () => {
      const checkout = await declinedCheckout(http, merchant);
      const res = await confirm(merchant, checkout.id);
      expectProblem(res, 422, 'checkout_not_open');
    });

    it('when the checkout was canceled', async () => {
      const checkout = await canceledCheckout(http, merchant);
      const res = await confirm(merchant, checkout.id);
      expectProblem(res, 422, 'checkout_not_open');
      expect((await getCheckout(merchant, checkout.id)).status).toBe('canceled');
    });
  });

  it('replays a business-rule refusal under the same key', async () => {
    const checkout = await confirmedCheckout(http, merchant);
    const key = randomUUID();
    const first = await confirm(merchant, checkout.id, { plan_id: 'pay_in_4' }, { 'Idempotency-Key': key });
    const again = await confirm(merchant, checkout.id, { plan_id: 'pay_in_4' }, { 'Idempotency-Key': key });
    expectProblem(first, 422, 'checkout_not_open');
    expect(again.status).toBe(422);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toEqual(first.body);
  });

  it('answers 403 sandbox_only to a live key, even for its own live checkout', async () => {
    const live = await openCheckout(http, merchant, { live: true });
    expect(live.livemode).toBe(true);
    const res = await http.post(confirmUrl(live.id), { auth: liveBearer(merchant), body: { plan_id: 'pay_in_4' } });
    expectProblem(res, 403, 'sandbox_only');
    const after = await http.get(`/v2/checkouts/${live.id}`, { auth: liveBearer(merchant) });
    expect(after.body.status).toBe('open');
  });

  describe('answers 404 resource_not_found', () => {
    it("for another merchant's checkout, which stays open", async () => {
      const other = await makeMerchant(evenpay.services.models);
      const theirs = await openCheckout(http, other);
      const res = await confirm(merchant, theirs.id);
      expectProblem(res, 404, 'resource_not_found');
      expect((await getCheckout(other, theirs.id)).status).toBe('open');
    });

    it('for a live checkout confirmed with the test key', async () => {
      const live = await openCheckout(http, merchant, { live: true });
      const res = await confirm(merchant, live.id);
      expectProblem(res, 404, 'resource_not_found');
    });

    it('for a well-formed id that does not exist', async () => {
      const res = await confirm(merchant, 'chk_00000000000000000000');
      expectProblem(res, 404, 'resource_not_found');
    });
  });

  describe('refuses a malformed request with 400 invalid_request', () => {
    it.each<[string, unknown, string]>([
      ['a plan_id that is not a plan id', { plan_id: 'monthly_twelve' }, '/plan_id'],
      ['a three-digit month count', { plan_id: 'monthly_120' }, '/plan_id'],
      ['a missing plan_id', {}, '/plan_id'],
      ['an unknown field', { plan_id: 'pay_in_4', approve: true }, '/approve'],
    ])('for %s', async (_what, body, pointer) => {
      const checkout = await openCheckout(http, merchant);
      const res = await confirm(merchant, checkout.id, body);
      expectProblem(res, 400, 'invalid_request');
      expect(pointers(res)).toContain(pointer);
      expect((await getCheckout(merchant, checkout.id)).status).toBe('open');
    });

    it('for a JSON request with an empty body', async () => {
      const checkout = await openCheckout(http, merchant);
      const res = await http.post(confirmUrl(checkout.id), { auth: merchant.bearer, raw: '', headers: { 'Content-Type': 'application/json' } });
      expectProblem(res, 400, 'invalid_request');
      expect(pointers(res)).toContain('/plan_id');
      expect((await getCheckout(merchant, checkout.id)).status).toBe('open');
    });

    it('for a malformed checkout id', async () => {
      const res = await confirm(merchant, 'checkout_1');
      expectProblem(res, 400, 'invalid_request');
      expect(parameters(res)).toContain('checkoutId');
    });
  });

  describe('with an Idempotency-Key', () => {
    it('answers 409 idempotency_request_in_flight with Retry-After while the first request still runs', async () => {
      const checkout = await openCheckout(http, merchant);
      const key = randomUUID();
      const body = { plan_id: 'pay_in_4' };
      await evenpay.services.idempotency.claim({
        principalId: merchant.id,
        merchantId: merchant.id,
        livemode: false,
        key,
        operationId: 'confirmSandboxCheckout',
        request: { params: { checkoutId: checkout.id }, body },
      });
      const res = await confirm(merchant, checkout.id, body, { 'Idempotency-Key': key });
      expectProblem(res, 409, 'idempotency_request_in_flight');
      expect(res.headers['retry-after']).toBe('1');
      expect((await getCheckout(merchant, checkout.id)).status).toBe('open');
    });

    it('refuses the same key with another plan with 422 idempotency_key_reused', async () => {
      const checkout = await openCheckout(http, merchant);
      const key = randomUUID();
      const first = await confirm(merchant, checkout.id, { plan_id: 'pay_in_4' }, { 'Idempotency-Key': key });
      expect(first.status).toBe(200);
      const other = await confirm(merchant, checkout.id, { plan_id: 'monthly_3' }, { 'Idempotency-Key': key });
      expectProblem(other, 422, 'idempotency_key_reused');
      expect(parameters(other)).toEqual(['Idempotency-Key']);
      expect((await getCheckout(merchant, checkout.id)).plan_id).toBe('pay_in_4');
    });

    it('refuses the same key for another checkout with 422 idempotency_key_reused', async () => {
      const a = await openCheckout(http, merchant);
      const b = await openCheckout(http, merchant);
      const key = randomUUID();
      expect((await confirm(merchant, a.id, { plan_id: 'pay_in_4' }, { 'Idempotency-Key': key })).status).toBe(200);
      const other = await confirm(merchant, b.id, { plan_id: 'pay_in_4' }, { 'Idempotency-Key': key });
      expectProblem(other, 422, 'idempotency_key_reused');
      expect((await getCheckout(merchant, b.id)).status).toBe('open');
    });
  });

  it('asks for a key when none is sent', async () => {
    const checkout = await openCheckout(http, merchant);
    const res = await http.post(confirmUrl(checkout.id), { body: { plan_id: 'pay_in_4' } });
    expectProblem(res, 401, 'authentication_required');
    expect(res.headers['www-authenticate']).toBe('Bearer realm="evenpay"');
  });
});

describe('POST /v2/sandbox/checkouts/{checkoutId}/cancel', () => {
  it('cancels an open checkout: status canceled, which is not a decline', async () => {
    const owner = await makeMerchant(evenpay.services.models);
    const checkout = await openCheckout(http, owner, { email: 'jane+decline_credit@example.com' });
    const res = await cancel(owner, checkout.id);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ ...checkout, status: 'canceled', plan_id: null, decline_category: null, transaction_id: null });
    expect(await getCheckout(owner, checkout.id)).toEqual(res.body);
  });

  it('records a checkout.canceled event, never a checkout.declined one', async () => {
    const owner = await makeMerchant(evenpay.services.models);
    const checkout = await openCheckout(http, owner);
    const res = await cancel(owner, checkout.id);
    const events = await eventsOf(http, owner, checkout.id);
    expect(events.map((e) => e.type)).toEqual(['checkout.canceled']);
    expect(events[0]!.data.object).toEqual(res.body);
    expect(events[0]!.request_id).toBe(res.headers['request-id']);
  });

  it('accepts an empty JSON body as well as none', async () => {
    const checkout = await openCheckout(http, merchant);
    const res = await http.post(cancelUrl(checkout.id), { auth: merchant.bearer, body: {} });
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('canceled');
  });

  describe('refuses with 422 checkout_not_open once the consumer has acted', () => {
    it('when the checkout was declined', async () => {
      const checkout = await declinedCheckout(http, merchant);
      const res = await cancel(merchant, checkout.id);
      expectProblem(res, 422, 'checkout_not_open');
      expect(await getCheckout(merchant, checkout.id)).toMatchObject({ status: 'declined', decline_category: 'credit_risk' });
    });

    it('when the checkout is confirmed', async () => {
      const checkout = await confirmedCheckout(http, merchant);
      const res = await cancel(merchant, checkout.id);
      expectProblem(res, 422, 'checkout_not_open');
      expect((await getCheckout(merchant, checkout.id)).status).toBe('confirmed');
    });

    it('when the checkout is already canceled', async () => {
      const checkout = await canceledCheckout(http, merchant);
      const res = await cancel(merchant, checkout.id);
      expectProblem(res, 422, 'checkout_not_open');
    });

    it('when a transaction was already authorized from it', async () => {
      const tx = await authorizedTransaction(http, merchant);
      const res = await cancel(merchant, tx.checkout_id);
      expectProblem(res, 422, 'checkout_not_open');
      expect(await getCheckout(merchant, tx.checkout_id)).toMatchObject({ status: 'completed', transaction_id: tx.id });
    });
  });

  it('answers 403 sandbox_only to a live key', async () => {
    const live = await openCheckout(http, merchant, { live: true });
    const res = await http.post(cancelUrl(live.id), { auth: liveBearer(merchant) });
    expectProblem(res, 403, 'sandbox_only');
    expect((await http.get(`/v2/checkouts/${live.id}`, { auth: liveBearer(merchant) })).body.status).toBe('open');
  });

  it("answers 404 resource_not_found for another merchant's checkout, which stays open", async () => {
    const other = await makeMerchant(evenpay.services.models);
    const theirs = await openCheckout(http, other);
    const res = await cancel(merchant, theirs.id);
    expectProblem(res, 404, 'resource_not_found');
    expect((await getCheckout(other, theirs.id)).status).toBe('open');
  });

  describe('refuses a malformed request with 400 invalid_request', () => {
    it('for a malformed checkout id', async () => {
      const res = await cancel(merchant, 'chk_not-valid!');
      expectProblem(res, 400, 'invalid_request');
      expect(parameters(res)).toContain('checkoutId');
    });

    it('for an Idempotency-Key with a space in it', async () => {
      const checkout = await openCheckout(http, merchant);
      const res = await cancel(merchant, checkout.id, { 'Idempotency-Key': 'two words' });
      expectProblem(res, 400, 'invalid_request');
      expect(parameters(res)).toContain('Idempotency-Key');
      expect((await getCheckout(merchant, checkout.id)).status).toBe('open');
    });
  });

  describe('with an Idempotency-Key', () => {
    it('replays the cancel for the same key', async () => {
      const checkout = await openCheckout(http, merchant);
      const key = randomUUID();
      const first = await cancel(merchant, checkout.id, { 'Idempotency-Key': key });
      const again = await cancel(merchant, checkout.id, { 'Idempotency-Key': key });
      expect(first.status).toBe(200);
      expect(again.status).toBe(200);
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect(again.body).toEqual(first.body);
    });

    it('answers 409 idempotency_request_in_flight while the first request still runs', async () => {
      const checkout = await openCheckout(http, merchant);
      const key = randomUUID();
      // A POST without a body reaches the handler with req.body undefined.
      await evenpay.services.idempotency.claim({
        principalId: merchant.id,
        merchantId: merchant.id,
        livemode: false,
        key,
        operationId: 'cancelSandboxCheckout',
        request: { params: { checkoutId: checkout.id }, body: undefined },
      });
      const res = await cancel(merchant, checkout.id, { 'Idempotency-Key': key });
      expectProblem(res, 409, 'idempotency_request_in_flight');
      expect(res.headers['retry-after']).toBe('1');
      expect((await getCheckout(merchant, checkout.id)).status).toBe('open');
    });

    it('refuses a key used to cancel another checkout with 422 idempotency_key_reused', async () => {
      const a = await openCheckout(http, merchant);
      const b = await openCheckout(http, merchant);
      const key = randomUUID();
      expect((await cancel(merchant, a.id, { 'Idempotency-Key': key })).status).toBe(200);
      const res = await cancel(merchant, b.id, { 'Idempotency-Key': key });
      expectProblem(res, 422, 'idempotency_key_reused');
      expect((await getCheckout(merchant, b.id)).status).toBe('open');
    });
  });

  it('asks for a key when none is sent', async () => {
    const checkout = await openCheckout(http, merchant);
    const res = await http.post(cancelUrl(checkout.id));
    expectProblem(res, 401, 'authentication_required');
  });
});

describe('checkout expiry (24 hours after creation)', () => {
  const clock = fixedClock('2026-06-01T10:00:00Z');
  const { evenpay: clocked, http: client, merchant: owner } = appWithMerchant('Expiry Test Co', { clock });

  it('refuses to confirm a checkout past its expires_at with 422 checkout_expired', async () => {
    clock.set('2026-06-01T10:00:00Z');
    const checkout = await openCheckout(client, owner);
    clock.advance(25 * HOUR_MS);
    const res = await client.post(confirmUrl(checkout.id), { auth: owner.bearer, body: { plan_id: 'pay_in_4' } });
    expectProblem(res, 422, 'checkout_expired');
    expect(res.body.detail).toContain('2026-06-02T10:00:00.000Z');
  });

  it('refuses to cancel a checkout past its expires_at with 422 checkout_expired', async () => {
    clock.set('2026-06-01T10:00:00Z');
    const checkout = await openCheckout(client, owner);
    clock.advance(25 * HOUR_MS);
    const res = await client.post(cancelUrl(checkout.id), { auth: owner.bearer });
    expectProblem(res, 422, 'checkout_expired');
  });

  it('still confirms a checkout one millisecond before it expires', async () => {
    clock.set('2026-06-01T10:00:00Z');
    const checkout = await openCheckout(client, owner);
    clock.advance(DAY_MS - 1);
    const res = await client.post(confirmUrl(checkout.id), { auth: owner.bearer, body: { plan_id: 'pay_in_4' } });
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('confirmed');
  });

  it('shows an open checkout past its expiry as expired, with a checkout.expired event made by Evenpay', async () => {
    clock.set('2026-06-01T10:00:00Z');
    const checkout = await openCheckout(client, owner);
    clock.advance(25 * HOUR_MS);
    const res = await client.get(`/v2/checkouts/${checkout.id}`, { auth: owner.bearer });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ ...checkout, status: 'expired' });

    const events = await eventsOf(client, owner, checkout.id);
    expect(events.map((e) => e.type)).toEqual(['checkout.expired']);
    expect(events[0]!.request_id).toBeNull();
    expect(events[0]!.created).toBe('2026-06-02T11:00:00.000Z');
    expect(events[0]!.data.object).toMatchObject({ id: checkout.id, status: 'expired' });

    // Reading it again does not expire it twice.
    await client.get(`/v2/checkouts/${checkout.id}`, { auth: owner.bearer });
    expect((await eventsOf(client, owner, checkout.id)).map((e) => e.type)).toEqual(['checkout.expired']);
  });

  it('lists an open checkout past its expiry as expired too', async () => {
    clock.set('2026-06-01T10:00:00Z');
    const lister = await makeMerchant(clocked.services.models);
    const stale = await openCheckout(client, lister);
    clock.advance(25 * HOUR_MS);
    const fresh = await openCheckout(client, lister);
    const res = await client.get('/v2/checkouts', { auth: lister.bearer });
    expect(res.status).toBe(200);
    expect((res.body.data as Checkout[]).map((c) => [c.id, c.status])).toEqual([
      [fresh.id, 'open'],
      [stale.id, 'expired'],
    ]);
    expect((await eventsOf(client, lister, stale.id)).map((e) => e.type)).toEqual(['checkout.expired']);
  });

  it('refuses to confirm an expired checkout with checkout_not_open once it shows as expired', async () => {
    clock.set('2026-06-01T10:00:00Z');
    const checkout = await openCheckout(client, owner);
    clock.advance(25 * HOUR_MS);
    expect((await client.get(`/v2/checkouts/${checkout.id}`, { auth: owner.bearer })).body.status).toBe('expired');
    const res = await client.post(confirmUrl(checkout.id), { auth: owner.bearer, body: { plan_id: 'pay_in_4' } });
    expectProblem(res, 422, 'checkout_not_open');
  });
});
