// Authorizing a transaction over v2: POST /v2/transactions turns a confirmed checkout into an
// authorized transaction (Location, plan frozen, checkout completed, one event) or refuses it
// (422 for a checkout in the wrong state, 404 for one not the merchant's, 400, 401), and replays
// it under an Idempotency-Key; GET reads one with its expansions, only the merchant's own and only
// in its mode; the list walks them newest first with cursors and filters by status and creation
// time. (The actions on a transaction have a file each: transaction-*.test.ts.)
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { components } from '../../../generated/v2/client.js';
import { fixedClock } from '../../../src/kernel/clock.js';
import { makeMerchant, type TestMerchant } from '../../factories/merchants.js';
import {
  authorizedTransaction,
  type Checkout,
  canceledCheckout,
  capture,
  confirmedCheckout,
  declinedCheckout,
  type Event,
  eventsOf,
  type Http,
  liveBearer,
  openCheckout,
  refund,
  type Transaction,
  voidTransaction,
} from '../../factories/transactions.js';
import { appWithMerchant } from '../../helpers/app.js';
import { expectProblem, parameters, pointers } from '../../helpers/problem.js';
import { DAY_MS, transactionsWorld } from '../../helpers/transactions.js';

type TransactionList = components['schemas']['TransactionList'];

const { evenpay, http, merchant, typesOf } = transactionsWorld('Transaction Test Co');

const countTransactions = (merchantId: string) => evenpay.services.models.Transaction.count({ where: { merchantId } });

const authorize = (owner: TestMerchant, checkoutId: string, headers: Record<string, string> = {}) =>
  http.post('/v2/transactions', { auth: owner.bearer, body: { checkout_id: checkoutId }, headers });

describe('POST /v2/transactions', () => {
  it('authorizes a confirmed checkout for its total, with a Location header and the plan frozen on the transaction', async () => {
    const checkout = await confirmedCheckout(http, merchant, { total: 80_000, plan_id: 'monthly_12', order_id: 'ORD-AUTH-1' });
    const res = await authorize(merchant, checkout.id);
    expect(res.status).toBe(201);
    const tx = res.body as Transaction;
    expect(tx.id).toMatch(/^txn_[0-9A-Za-z]{20}$/);
    expect(res.headers.location).toBe(`/v2/transactions/${tx.id}`);
    expect(res.headers['idempotent-replayed']).toBeUndefined();
    expect(tx).toMatchObject({
      object: 'transaction',
      livemode: false,
      status: 'authorized',
      checkout_id: checkout.id,
      order_id: 'ORD-AUTH-1',
      currency: 'USD',
      amount: 80_000,
      captured_amount: 0,
      refunded_amount: 0,
      capturable_amount: 80_000,
      refundable_amount: 0,
      plan: { plan_id: 'monthly_12', type: 'monthly', installment_count: 12, interval: 'month', apr_bps: 1_500 },
      shipping: { carrier: null, tracking_number: null },
    });
    expect(tx.schedule).toMatchObject({
      object: 'schedule',
      transaction_id: tx.id,
      plan_id: 'monthly_12',
      estimated: true,
      principal: 80_000,
      amount_owed: 86_648,
    });
    expect(tx.checkout).toBeUndefined();
    expect(tx.events).toBeUndefined();
  });

  it('marks the checkout completed with the transaction id', async () => {
    const checkout = await confirmedCheckout(http, merchant);
    const tx = (await authorize(merchant, checkout.id)).body as Transaction;
    const after = await http.get(`/v2/checkouts/${checkout.id}`, { auth: merchant.bearer });
    expect(after.body).toEqual({ ...checkout, status: 'completed', transaction_id: tx.id });
  });

  it('records a transaction.authorized event with the transaction and the request id', async () => {
    const checkout = await confirmedCheckout(http, merchant);
    const res = await authorize(merchant, checkout.id);
    const events = await eventsOf(http, merchant, res.body.id);
    expect(events.map((e) => e.type)).toEqual(['transaction.authorized']);
    expect(events[0]!.data.object).toEqual(res.body);
    expect(events[0]!.data.amount).toBeUndefined();
    expect(events[0]!.request_id).toBe(res.headers['request-id']);
  });

  describe('refuses with 422 checkout_not_confirmed at /checkout_id', () => {
    it.each<[string, (owner: TestMerchant) => Promise<Checkout>]>([
      ['an open checkout', (owner) => openCheckout(http, owner)],
      ['a declined checkout', (owner) => declinedCheckout(http, owner)],
      ['a canceled checkout', (owner) => canceledCheckout(http, owner)],
    ])('for %s, and authorizes nothing', async (_what, make) => {
      const owner = await makeMerchant(evenpay.services.models);
      const checkout = await make(owner);
      const res = await authorize(owner, checkout.id);
      expectProblem(res, 422, 'checkout_not_confirmed');
      expect(pointers(res)).toEqual(['/checkout_id']);
      expect(res.body.detail).toContain(checkout.status);
      expect(await countTransactions(owner.id)).toBe(0);
      const after = await http.get(`/v2/checkouts/${checkout.id}`, { auth: owner.bearer });
      expect(after.body.status).toBe(checkout.status);
    });
  });

  it('refuses a second authorization of the same checkout, under a new key, with 422 checkout_already_authorized', async () => {
    const owner = await makeMerchant(evenpay.services.models);
    const checkout = await confirmedCheckout(http, owner);
    const first = await authorize(owner, checkout.id, { 'Idempotency-Key': randomUUID() });
    expect(first.status).toBe(201);
    const second = await authorize(owner, checkout.id, { 'Idempotency-Key': randomUUID() });
    expectProblem(second, 422, 'checkout_already_authorized');
    expect(pointers(second)).toEqual(['/checkout_id']);
    expect(second.body.detail).toContain(first.body.id);
    expect(await countTransactions(owner.id)).toBe(1);
  });

  describe('answers 404 resource_not_found', () => {
    it('for a checkout that does not exist', async () => {
      const res = await authorize(merchant, 'chk_00000000000000000000');
      expectProblem(res, 404, 'resource_not_found');
    });

    it("for another merchant's confirmed checkout, which stays confirmed", async () => {
      const other = await makeMerchant(evenpay.services.models);
      const theirs = await confirmedCheckout(http, other);
      const res = await authorize(merchant, theirs.id);
      expectProblem(res, 404, 'resource_not_found');
      expect((await http.get(`/v2/checkouts/${theirs.id}`, { auth: other.bearer })).body.status).toBe('confirmed');
    });

    it('for a live checkout authorized with the test key', async () => {
      const live = await openCheckout(http, merchant, { live: true });
      const res = await authorize(merchant, live.id);
      expectProblem(res, 404, 'resource_not_found');
    });
  });

  describe('refuses a malformed request with 400 invalid_request', () => {
    it.each<[string, unknown, string]>([
      ['a missing checkout_id', {}, '/checkout_id'],
      ['a checkout_id that is not a checkout id', { checkout_id: 'txn_abc' }, '/checkout_id'],
      ['an unknown field', { checkout_id: 'chk_00000000000000000000', amount: 100 }, '/amount'],
    ])('for %s', async (_what, body, pointer) => {
      const res = await http.post('/v2/transactions', { auth: merchant.bearer, body });
      expectProblem(res, 400, 'invalid_request');
      expect(pointers(res)).toContain(pointer);
    });
  });

  it('asks for a key when none is sent', async () => {
    const checkout = await confirmedCheckout(http, merchant);
    const res = await http.post('/v2/transactions', { body: { checkout_id: checkout.id } });
    expectProblem(res, 401, 'authentication_required');
    expect((await http.get(`/v2/checkouts/${checkout.id}`, { auth: merchant.bearer })).body.status).toBe('confirmed');
  });

  describe('with an Idempotency-Key', () => {
    it('replays the same transaction, Location included, and authorizes once', async () => {
      const owner = await makeMerchant(evenpay.services.models);
      const checkout = await confirmedCheckout(http, owner);
      const key = randomUUID();
      const first = await authorize(owner, checkout.id, { 'Idempotency-Key': key });
      const again = await authorize(owner, checkout.id, { 'Idempotency-Key': key });
      expect(first.status).toBe(201);
      expect(again.status).toBe(201);
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect(again.headers.location).toBe(`/v2/transactions/${first.body.id}`);
      expect(again.body).toEqual(first.body);
      expect(await countTransactions(owner.id)).toBe(1);
      expect(await typesOf(owner, first.body.id)).toEqual(['transaction.authorized']);
    });

    it('answers 409 idempotency_request_in_flight with Retry-After while the first request still runs', async () => {
      const owner = await makeMerchant(evenpay.services.models);
      const checkout = await confirmedCheckout(http, owner);
      const key = randomUUID();
      const body = { checkout_id: checkout.id };
      await evenpay.services.idempotency.claim({
        principalId: owner.id,
        merchantId: owner.id,
        livemode: false,
        key,
        operationId: 'createTransaction',
        request: { params: {}, body },
      });
      const res = await authorize(owner, checkout.id, { 'Idempotency-Key': key });
      expectProblem(res, 409, 'idempotency_request_in_flight');
      expect(res.headers['retry-after']).toBe('1');
      expect(await countTransactions(owner.id)).toBe(0);
    });

    it('refuses the key reused for another checkout with 422 idempotency_key_reused', async () => {
      const owner = await makeMerchant(evenpay.services.models);
      const a = await confirmedCheckout(http, owner);
      const b = await confirmedCheckout(http, owner);
      const key = randomUUID();
      expect((await authorize(owner, a.id, { 'Idempotency-Key': key })).status).toBe(201);
      const res = await authorize(owner, b.id, { 'Idempotency-Key': key });
      expectProblem(res, 422, 'idempotency_key_reused');
      expect(parameters(res)).toEqual(['Idempotency-Key']);
      expect(await countTransactions(owner.id)).toBe(1);
      expect((await http.get(`/v2/checkouts/${b.id}`, { auth: owner.bearer })).body.status).toBe('confirmed');
    });
  });
});

describe('GET /v2/transactions/{transactionId}', () => {
  it('returns the transaction as it was authorized, without expansions', async () => {
    const tx = await authorizedTransaction(http, merchant);
    const res = await http.get(`/v2/transactions/${tx.id}`, { auth: merchant.bearer });
    expect(res.status).toBe(200);
    expect(res.body).toEqual(tx);
  });

  it('includes the checkout with expand=checkout', async () => {
    const tx = await authorizedTransaction(http, merchant);
    const checkout = (await http.get(`/v2/checkouts/${tx.checkout_id}`, { auth: merchant.bearer })).body as Checkout;
    const res = await http.get(`/v2/transactions/${tx.id}?expand=checkout`, { auth: merchant.bearer });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ ...tx, checkout });
    expect(res.body.checkout).toMatchObject({ status: 'completed', transaction_id: tx.id });
    expect(res.body.events).toBeUndefined();
  });

  it("lists the transaction's events oldest first with expand=events", async () => {
    const tx = await authorizedTransaction(http, merchant);
    await capture(http, merchant, tx.id, 5_000);
    await capture(http, merchant, tx.id);
    await refund(http, merchant, tx.id, 1_000);
    const res = await http.get(`/v2/transactions/${tx.id}?expand=events`, { auth: merchant.bearer });
    expect(res.status).toBe(200);
    const events = res.body.events as Event[];
    expect(events.map((e) => e.type)).toEqual(['transaction.authorized', 'transaction.captured', 'transaction.captured', 'transaction.refunded']);
    expect(events.map((e) => e.data.amount)).toEqual([undefined, 5_000, 10_500, 1_000]);
    expect(events.every((e) => e.data.object.id === tx.id)).toBe(true);
    expect(res.body.checkout).toBeUndefined();
    // The same events GET /events lists, in the opposite order.
    expect(events.map((e) => e.id)).toEqual((await eventsOf(http, merchant, tx.id)).map((e) => e.id).reverse());
  });

  it('includes both with expand=checkout,events', async () => {
    const tx = await authorizedTransaction(http, merchant);
    const res = await http.get(`/v2/transactions/${tx.id}?expand=checkout,events`, { auth: merchant.bearer });
    expect(res.status).toBe(200);
    expect(res.body.checkout).toMatchObject({ id: tx.checkout_id, status: 'completed' });
    expect((res.body.events as Event[]).map((e) => e.type)).toEqual(['transaction.authorized']);
  });

  describe('refuses a malformed request with 400 invalid_request', () => {
    it('for an expansion that does not exist', async () => {
      const tx = await authorizedTransaction(http, merchant);
      const res = await http.get(`/v2/transactions/${tx.id}?expand=bogus`, { auth: merchant.bearer });
      expectProblem(res, 400, 'invalid_request');
      expect(parameters(res).some((p) => p?.startsWith('expand'))).toBe(true);
    });

    it('for a malformed transaction id', async () => {
      const res = await http.get('/v2/transactions/chk_00000000000000000000', { auth: merchant.bearer });
      expectProblem(res, 400, 'invalid_request');
      expect(parameters(res)).toContain('transactionId');
    });
  });

  describe('answers 404 resource_not_found', () => {
    it("for another merchant's transaction, without naming the merchant", async () => {
      const other = await makeMerchant(evenpay.services.models);
      const theirs = await authorizedTransaction(http, other);
      const res = await http.get(`/v2/transactions/${theirs.id}`, { auth: merchant.bearer });
      expectProblem(res, 404, 'resource_not_found');
      expect(JSON.stringify(res.body)).not.toContain(other.id);
    });

    it('for a test transaction read with the live key', async () => {
      const tx = await authorizedTransaction(http, merchant);
      const res = await http.get(`/v2/transactions/${tx.id}`, { auth: liveBearer(merchant) });
      expectProblem(res, 404, 'resource_not_found');
    });

    it('for a well-formed id that does not exist', async () => {
      const res = await http.get('/v2/transactions/txn_00000000000000000000', { auth: merchant.bearer });
      expectProblem(res, 404, 'resource_not_found');
    });
  });

  it('asks for a key when none is sent', async () => {
    const tx = await authorizedTransaction(http, merchant);
    expectProblem(await http.get(`/v2/transactions/${tx.id}`), 401, 'authentication_required');
  });
});

describe('GET /v2/transactions', () => {
  let lister: TestMerchant;
  /** Oldest first: authorized, captured, voided, partially refunded. */
  let ids: string[];

  beforeAll(async () => {
    lister = await makeMerchant(evenpay.services.models, { name: 'Transaction List Co' });
    const authorized = await authorizedTransaction(http, lister, { order_id: 'ORD-1' });
    const captured = await authorizedTransaction(http, lister, { order_id: 'ORD-2' });
    await capture(http, lister, captured.id);
    const voided = await authorizedTransaction(http, lister, { order_id: 'ORD-3' });
    await voidTransaction(http, lister, voided.id);
    const refunded = await authorizedTransaction(http, lister, { order_id: 'ORD-4' });
    await capture(http, lister, refunded.id);
    await refund(http, lister, refunded.id, 500);
    ids = [authorized.id, captured.id, voided.id, refunded.id];
  });

  const list = async (query: string, owner: TestMerchant = lister, client: Http = http): Promise<TransactionList> => {
    const res = await client.get(`/v2/transactions${query}`, { auth: owner.bearer });
    expect(res.status).toBe(200);
    return res.body as TransactionList;
  };

  it('lists the transactions newest first as a list object, each in its current state', async () => {
    const page = await list('');
    expect(page).toMatchObject({ object: 'list', url: '/v2/transactions', has_more: false });
    expect(page.data.map((tx) => tx.id)).toEqual([...ids].reverse());
    expect(page.data.map((tx) => tx.status)).toEqual(['partially_refunded', 'voided', 'captured', 'authorized']);
    expect(page.data.map((tx) => tx.order_id)).toEqual(['ORD-4', 'ORD-3', 'ORD-2', 'ORD-1']);
  });

  it('pages with limit, starting_after and ending_before', async () => {
    const newestFirst = [...ids].reverse();
    const first = await list('?limit=3');
    expect(first.data.map((tx) => tx.id)).toEqual(newestFirst.slice(0, 3));
    expect(first.has_more).toBe(true);
    const second = await list(`?limit=3&starting_after=${first.data.at(-1)!.id}`);
    expect(second.data.map((tx) => tx.id)).toEqual(newestFirst.slice(3));
    expect(second.has_more).toBe(false);
    const back = await list(`?limit=3&ending_before=${second.data[0]!.id}`);
    expect(back.data.map((tx) => tx.id)).toEqual(newestFirst.slice(0, 3));
  });

  it.each([
    ['authorized', 0],
    ['captured', 1],
    ['voided', 2],
    ['partially_refunded', 3],
  ] as const)('filters by status=%s', async (status, index) => {
    const page = await list(`?status=${status}`);
    expect(page.data.map((tx) => tx.id)).toEqual([ids[index]]);
  });

  it('returns an empty page for a status no transaction has', async () => {
    expect((await list('?status=refunded')).data).toEqual([]);
  });

  it("never lists another merchant's transactions, nor test transactions to the live key", async () => {
    const other = await makeMerchant(evenpay.services.models);
    const theirs = await authorizedTransaction(http, other);
    expect((await list('?limit=100', other)).data.map((tx) => tx.id)).toEqual([theirs.id]);
    expect((await list('?limit=100')).data.map((tx) => tx.id)).toEqual([...ids].reverse());
    const live = await http.get('/v2/transactions', { auth: liveBearer(lister) });
    expect(live.status).toBe(200);
    expect(live.body.data).toEqual([]);
  });

  describe('filters by creation time', () => {
    const clock = fixedClock('2026-06-01T10:00:00Z');
    const { http: client, merchant: owner } = appWithMerchant('Created Range Co', { clock });
    /** Created on 1, 2 and 3 June at 10:00 UTC. */
    let days: Transaction[];

    beforeAll(async () => {
      days = [];
      for (let day = 0; day < 3; day++) {
        days.push(await authorizedTransaction(client, owner));
        clock.advance(DAY_MS);
      }
    });

    it('records each creation time from the clock', () => {
      expect(days.map((tx) => tx.created)).toEqual(['2026-06-01T10:00:00.000Z', '2026-06-02T10:00:00.000Z', '2026-06-03T10:00:00.000Z']);
    });

    it.each([
      ['created[gte] and created[lt] around one day', 'created[gte]=2026-06-02T00:00:00Z&created[lt]=2026-06-03T00:00:00Z', [1]],
      ['created[gte] on an exact creation instant (inclusive)', 'created[gte]=2026-06-02T10:00:00Z', [2, 1]],
      ['created[gt] on an exact creation instant (exclusive)', 'created[gt]=2026-06-02T10:00:00Z', [2]],
      ['created[lt] on an exact creation instant (exclusive)', 'created[lt]=2026-06-02T10:00:00Z', [0]],
      ['created[lte] on an exact creation instant (inclusive)', 'created[lte]=2026-06-02T10:00:00Z', [1, 0]],
      ['a range before every transaction', 'created[lt]=2026-05-01T00:00:00Z', []],
    ])('with %s', async (_what, query, expected) => {
      const page = await list(`?${query}`, owner, client);
      expect(page.data.map((tx) => tx.id)).toEqual(expected.map((index) => days[index]!.id));
    });

    it('combines the range with status and pagination', async () => {
      await capture(client, owner, days[1]!.id);
      expect((await list('?status=captured&created[gte]=2026-06-02T00:00:00Z', owner, client)).data.map((tx) => tx.id)).toEqual([days[1]!.id]);
      const page = await list('?limit=1&created[gte]=2026-06-01T00:00:00Z', owner, client);
      expect(page.data.map((tx) => tx.id)).toEqual([days[2]!.id]);
      expect(page.has_more).toBe(true);
    });
  });

  describe('refuses a bad query with 400 invalid_request', () => {
    it.each([
      ['an unknown status', '?status=pending', 'status'],
      ['a date that is not a date-time', '?created[gte]=yesterday', 'created'],
      ['an impossible date', '?created[lt]=2026-13-01T00:00:00Z', 'created'],
      ['an unknown range operator', '?created[after]=2026-06-01T00:00:00Z', 'created'],
      ['an unknown query parameter', '?order=asc', 'order'],
      ['a limit of 101', '?limit=101', 'limit'],
    ])('for %s', async (_what, query, parameter) => {
      const res = await http.get(`/v2/transactions${query}`, { auth: lister.bearer });
      expectProblem(res, 400, 'invalid_request');
      expect(parameters(res).some((p) => p?.startsWith(parameter))).toBe(true);
    });

    it("answers invalid_cursor for another merchant's transaction as cursor", async () => {
      const other = await makeMerchant(evenpay.services.models);
      const theirs = await authorizedTransaction(http, other);
      const res = await http.get(`/v2/transactions?starting_after=${theirs.id}`, { auth: lister.bearer });
      expectProblem(res, 400, 'invalid_cursor');
      expect(parameters(res)).toEqual(['starting_after']);
    });
  });

  it('asks for a key when none is sent', async () => {
    expectProblem(await http.get('/v2/transactions'), 401, 'authentication_required');
  });
});
