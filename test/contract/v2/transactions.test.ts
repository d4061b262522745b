import { randomUUID } from 'node:crypto';
import type { Response } from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { components } from '../../../generated/v2/client.js';
import type { EvenpayApp } from '../../../src/app.js';
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
  transactionAction,
  voidTransaction,
} from '../../factories/transactions.js';
import { appWithMerchant, startTestApp } from '../../helpers/app.js';
import { api } from '../../helpers/http.js';

type TransactionList = components['schemas']['TransactionList'];
type Schedule = components['schemas']['Schedule'];
type PlanQuote = components['schemas']['PlanQuote'];
type FieldError = components['schemas']['ProblemFieldError'];

const MINUTE_MS = 60 * 1000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;

const { evenpay, http, merchant } = appWithMerchant('Transaction Test Co');

const pointers = (res: Response): Array<string | undefined> => ((res.body.errors ?? []) as FieldError[]).map((e) => e.pointer);
const parameters = (res: Response): Array<string | undefined> => ((res.body.errors ?? []) as FieldError[]).map((e) => e.parameter);
const sum = (values: number[]): number => values.reduce((total, value) => total + value, 0);

const expectProblem = (res: Response, status: number, code: string): void => {
  expect(res.status).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.body).toMatchObject({ status, code, type: `https://docs.evenpay.test/errors#${code}`, request_id: res.headers['request-id'] });
};

const authorize = (owner: TestMerchant, checkoutId: string, headers: Record<string, string> = {}) =>
  http.post('/v2/transactions', { auth: owner.bearer, body: { checkout_id: checkoutId }, headers });

const fetchTransaction = async (owner: TestMerchant, id: string, client: Http = http): Promise<Transaction> => {
  const res = await client.get(`/v2/transactions/${id}`, { auth: owner.bearer });
  expect(res.status).toBe(200);
  return res.body as Transaction;
};

const countTransactions = (merchantId: string) => evenpay.services.models.Transaction.count({ where: { merchantId } });

const typesOf = async (owner: TestMerchant, id: string, client: Http = http): Promise<string[]> =>
  (await eventsOf(client, owner, id)).map((event) => event.type).reverse();

/** A schedule is internally consistent: installments add up to what is owed and their principal parts to the principal. */
const expectConsistentSchedule = (schedule: Schedule): void => {
  const { installments } = schedule.disclosure;
  expect(schedule.disclosure.amount_financed).toBe(schedule.principal);
  expect(sum(installments.map((i) => i.amount))).toBe(schedule.amount_owed);
  expect(sum(installments.map((i) => i.principal))).toBe(schedule.principal);
  expect(schedule.disclosure.total_of_payments).toBe(schedule.amount_owed);
};

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
      await evenpay.services.idempotency.claim({ merchantId: owner.id, livemode: false, key, operationId: 'createTransaction', request: { params: {}, body } });
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
    let clocked: EvenpayApp;
    let client: Http;
    let owner: TestMerchant;
    /** Created on 1, 2 and 3 June at 10:00 UTC. */
    let days: Transaction[];

    beforeAll(async () => {
      clocked = await startTestApp({ clock });
      client = api(clocked.app);
      owner = await makeMerchant(clocked.services.models);
      days = [];
      for (let day = 0; day < 3; day++) {
        days.push(await authorizedTransaction(client, owner));
        clock.advance(DAY_MS);
      }
    });
    afterAll(() => clocked.close());

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

describe('POST /v2/transactions/{transactionId}/capture', () => {
  it('captures in parts until the whole amount is captured: partial + partial = full', async () => {
    const tx = await authorizedTransaction(http, merchant, { total: 15_500 });
    const first = await capture(http, merchant, tx.id, 5_000);
    expect(first).toMatchObject({
      status: 'partially_captured',
      captured_amount: 5_000,
      capturable_amount: 10_500,
      refundable_amount: 5_000,
      refunded_amount: 0,
    });
    const second = await capture(http, merchant, tx.id, 10_500);
    expect(second).toMatchObject({ status: 'captured', captured_amount: 15_500, capturable_amount: 0, refundable_amount: 15_500 });
    expect(await fetchTransaction(merchant, tx.id)).toEqual(second);
  });

  it('captures everything still capturable when amount is left out', async () => {
    const tx = await authorizedTransaction(http, merchant, { total: 15_500 });
    await capture(http, merchant, tx.id, 3_000);
    const rest = await capture(http, merchant, tx.id);
    expect(rest).toMatchObject({ status: 'captured', captured_amount: 15_500, capturable_amount: 0 });
    const events = await eventsOf(http, merchant, tx.id);
    expect(events[0]).toMatchObject({ type: 'transaction.captured', data: { amount: 12_500 } });
  });

  it('captures everything with an empty JSON body too', async () => {
    const tx = await authorizedTransaction(http, merchant);
    const res = await transactionAction(http, merchant, tx.id, 'capture', {});
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'captured', captured_amount: tx.amount });
  });

  it('records a transaction.captured event per capture, with the amount of that capture and the request id', async () => {
    const tx = await authorizedTransaction(http, merchant);
    const res = await transactionAction(http, merchant, tx.id, 'capture', { amount: 2_000 });
    await capture(http, merchant, tx.id, 3_000);
    const events = (await eventsOf(http, merchant, tx.id)).reverse();
    expect(events.map((e) => [e.type, e.data.amount])).toEqual([
      ['transaction.authorized', undefined],
      ['transaction.captured', 2_000],
      ['transaction.captured', 3_000],
    ]);
    expect(events[1]!.request_id).toBe(res.headers['request-id']);
    expect(events[1]!.data.object).toEqual(res.body);
  });

  it('starts the real schedule: no longer estimated, principal = what was captured', async () => {
    const tx = await authorizedTransaction(http, merchant, { total: 15_500 });
    expect(tx.schedule).toMatchObject({ estimated: true, principal: 15_500 });
    const captured = await capture(http, merchant, tx.id, 10_003);
    expect(captured.schedule).toMatchObject({ estimated: false, principal: 10_003, amount_owed: 10_003 });
    expect(captured.schedule.disclosure.installments.map((i) => i.amount)).toEqual([2_501, 2_501, 2_501, 2_500]);
  });

  describe('refuses with 422 capture_exceeds_authorized at /amount, and changes nothing', () => {
    it('for more than is still capturable', async () => {
      const tx = await authorizedTransaction(http, merchant, { total: 15_500 });
      await capture(http, merchant, tx.id, 10_000);
      const res = await transactionAction(http, merchant, tx.id, 'capture', { amount: 5_501 });
      expectProblem(res, 422, 'capture_exceeds_authorized');
      expect(res.body.errors).toEqual([{ pointer: '/amount', detail: 'must be at most 5500' }]);
      expect(await fetchTransaction(merchant, tx.id)).toMatchObject({ captured_amount: 10_000, capturable_amount: 5_500 });
    });

    it('for more than the authorized amount on the first capture', async () => {
      const tx = await authorizedTransaction(http, merchant, { total: 15_500 });
      const res = await transactionAction(http, merchant, tx.id, 'capture', { amount: 15_501 });
      expectProblem(res, 422, 'capture_exceeds_authorized');
      expect(pointers(res)).toEqual(['/amount']);
    });

    it('for any capture once everything is captured, with or without an amount', async () => {
      const tx = await authorizedTransaction(http, merchant);
      await capture(http, merchant, tx.id);
      expectProblem(await transactionAction(http, merchant, tx.id, 'capture', { amount: 1 }), 422, 'capture_exceeds_authorized');
      expectProblem(await transactionAction(http, merchant, tx.id, 'capture'), 422, 'capture_exceeds_authorized');
      expect(await typesOf(merchant, tx.id)).toEqual(['transaction.authorized', 'transaction.captured']);
    });
  });

  it('refuses a voided transaction with 422 transaction_voided', async () => {
    const tx = await authorizedTransaction(http, merchant);
    await voidTransaction(http, merchant, tx.id);
    expectProblem(await transactionAction(http, merchant, tx.id, 'capture', { amount: 100 }), 422, 'transaction_voided');
    expect(await fetchTransaction(merchant, tx.id)).toMatchObject({ status: 'voided', captured_amount: 0 });
  });

  describe('refuses a malformed request with 400 invalid_request', () => {
    it('without an Idempotency-Key, naming the header', async () => {
      const tx = await authorizedTransaction(http, merchant);
      const res = await http.post(`/v2/transactions/${tx.id}/capture`, { auth: merchant.bearer, body: { amount: 100 } });
      expectProblem(res, 400, 'invalid_request');
      expect(parameters(res)).toEqual(['Idempotency-Key']);
      expect((await fetchTransaction(merchant, tx.id)).captured_amount).toBe(0);
    });

    it.each<[string, unknown, string]>([
      ['an amount of 0', { amount: 0 }, '/amount'],
      ['a negative amount', { amount: -100 }, '/amount'],
      ['a fractional amount', { amount: 10.5 }, '/amount'],
      ['an amount that is not a number', { amount: 'all' }, '/amount'],
      ['an unknown field', { amount: 100, final: true }, '/final'],
    ])('for %s', async (_what, body, pointer) => {
      const tx = await authorizedTransaction(http, merchant);
      const res = await transactionAction(http, merchant, tx.id, 'capture', body as object);
      expectProblem(res, 400, 'invalid_request');
      expect(pointers(res)).toContain(pointer);
      expect((await fetchTransaction(merchant, tx.id)).captured_amount).toBe(0);
    });

    it('for a malformed transaction id', async () => {
      const res = await transactionAction(http, merchant, 'txn_', 'capture');
      expectProblem(res, 400, 'invalid_request');
      expect(parameters(res)).toContain('transactionId');
    });
  });

  it("answers 404 resource_not_found for another merchant's transaction, and captures nothing", async () => {
    const other = await makeMerchant(evenpay.services.models);
    const theirs = await authorizedTransaction(http, other);
    expectProblem(await transactionAction(http, merchant, theirs.id, 'capture'), 404, 'resource_not_found');
    expect((await fetchTransaction(other, theirs.id)).captured_amount).toBe(0);
  });

  it('asks for a key when none is sent', async () => {
    const tx = await authorizedTransaction(http, merchant);
    const res = await http.post(`/v2/transactions/${tx.id}/capture`, { headers: { 'Idempotency-Key': randomUUID() } });
    expectProblem(res, 401, 'authentication_required');
  });

  describe('with its Idempotency-Key', () => {
    it('replays the same response for the same key and body, and captures only once', async () => {
      const tx = await authorizedTransaction(http, merchant);
      const key = randomUUID();
      const first = await transactionAction(http, merchant, tx.id, 'capture', { amount: 1_000 }, key);
      const again = await transactionAction(http, merchant, tx.id, 'capture', { amount: 1_000 }, key);
      expect(first.status).toBe(200);
      expect(again.status).toBe(200);
      expect(first.headers['idempotent-replayed']).toBeUndefined();
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect(again.body).toEqual(first.body);
      expect((await fetchTransaction(merchant, tx.id)).captured_amount).toBe(1_000);
      expect(await typesOf(merchant, tx.id)).toEqual(['transaction.authorized', 'transaction.captured']);
    });

    it('replays a refusal as the same 422, even after the state that caused it changed', async () => {
      const tx = await authorizedTransaction(http, merchant, { total: 15_500 });
      const key = randomUUID();
      const first = await transactionAction(http, merchant, tx.id, 'capture', { amount: 20_000 }, key);
      expectProblem(first, 422, 'capture_exceeds_authorized');
      const again = await transactionAction(http, merchant, tx.id, 'capture', { amount: 20_000 }, key);
      expect(again.status).toBe(422);
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect(again.body).toEqual(first.body);
    });

    it('answers 409 idempotency_request_in_flight while the first capture still runs', async () => {
      const tx = await authorizedTransaction(http, merchant);
      const key = randomUUID();
      const body = { amount: 1_000 };
      await evenpay.services.idempotency.claim({
        merchantId: merchant.id,
        livemode: false,
        key,
        operationId: 'captureTransaction',
        request: { params: { transactionId: tx.id }, body },
      });
      const res = await transactionAction(http, merchant, tx.id, 'capture', body, key);
      expectProblem(res, 409, 'idempotency_request_in_flight');
      expect(res.headers['retry-after']).toBe('1');
      expect((await fetchTransaction(merchant, tx.id)).captured_amount).toBe(0);
    });

    it('refuses the same key with another amount with 422 idempotency_key_reused', async () => {
      const tx = await authorizedTransaction(http, merchant);
      const key = randomUUID();
      expect((await transactionAction(http, merchant, tx.id, 'capture', { amount: 1_000 }, key)).status).toBe(200);
      const res = await transactionAction(http, merchant, tx.id, 'capture', { amount: 2_000 }, key);
      expectProblem(res, 422, 'idempotency_key_reused');
      expect(parameters(res)).toEqual(['Idempotency-Key']);
      expect((await fetchTransaction(merchant, tx.id)).captured_amount).toBe(1_000);
    });
  });
});

describe('POST /v2/transactions/{transactionId}/void', () => {
  it('releases an authorization: status voided, nothing capturable, nothing owed', async () => {
    const tx = await authorizedTransaction(http, merchant);
    const voided = await voidTransaction(http, merchant, tx.id);
    expect(voided).toMatchObject({ status: 'voided', captured_amount: 0, capturable_amount: 0, refundable_amount: 0, amount: tx.amount });
    expect(voided.schedule).toMatchObject({ estimated: false, principal: 0, amount_owed: 0 });
    expect(voided.schedule.disclosure.installments).toEqual([]);
    expect(await fetchTransaction(merchant, tx.id)).toEqual(voided);
  });

  it('records a transaction.voided event', async () => {
    const tx = await authorizedTransaction(http, merchant);
    const res = await transactionAction(http, merchant, tx.id, 'void');
    const [latest] = await eventsOf(http, merchant, tx.id);
    expect(latest).toMatchObject({ type: 'transaction.voided', request_id: res.headers['request-id'] });
    expect(latest!.data.object).toEqual(res.body);
    expect(latest!.data.amount).toBeUndefined();
  });

  it('accepts an empty JSON body as well as none', async () => {
    const tx = await authorizedTransaction(http, merchant);
    const res = await transactionAction(http, merchant, tx.id, 'void', {});
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('voided');
  });

  it('refuses a transaction with captures with 422 void_after_capture: refund instead', async () => {
    const tx = await authorizedTransaction(http, merchant);
    await capture(http, merchant, tx.id, 1_000);
    expectProblem(await transactionAction(http, merchant, tx.id, 'void'), 422, 'void_after_capture');
    expect(await fetchTransaction(merchant, tx.id)).toMatchObject({ status: 'partially_captured', capturable_amount: tx.amount - 1_000 });
  });

  it('refuses a void after a full capture with 422 void_after_capture', async () => {
    const tx = await authorizedTransaction(http, merchant);
    await capture(http, merchant, tx.id);
    expectProblem(await transactionAction(http, merchant, tx.id, 'void'), 422, 'void_after_capture');
  });

  it('refuses a second void (under a new key) with 422 transaction_voided', async () => {
    const tx = await authorizedTransaction(http, merchant);
    await voidTransaction(http, merchant, tx.id);
    expectProblem(await transactionAction(http, merchant, tx.id, 'void'), 422, 'transaction_voided');
    expect(await typesOf(merchant, tx.id)).toEqual(['transaction.authorized', 'transaction.voided']);
  });

  describe('refuses a malformed request with 400 invalid_request', () => {
    it('without an Idempotency-Key, naming the header', async () => {
      const tx = await authorizedTransaction(http, merchant);
      const res = await http.post(`/v2/transactions/${tx.id}/void`, { auth: merchant.bearer });
      expectProblem(res, 400, 'invalid_request');
      expect(parameters(res)).toEqual(['Idempotency-Key']);
      expect((await fetchTransaction(merchant, tx.id)).status).toBe('authorized');
    });

    it('for a body with a field (voids take none)', async () => {
      const tx = await authorizedTransaction(http, merchant);
      const res = await transactionAction(http, merchant, tx.id, 'void', { reason: 'duplicate' });
      expectProblem(res, 400, 'invalid_request');
      expect(pointers(res)).toContain('/reason');
    });
  });

  it("answers 404 resource_not_found for another merchant's transaction, which stays authorized", async () => {
    const other = await makeMerchant(evenpay.services.models);
    const theirs = await authorizedTransaction(http, other);
    expectProblem(await transactionAction(http, merchant, theirs.id, 'void'), 404, 'resource_not_found');
    expect((await fetchTransaction(other, theirs.id)).status).toBe('authorized');
  });

  it('asks for a key when none is sent', async () => {
    const tx = await authorizedTransaction(http, merchant);
    expectProblem(await http.post(`/v2/transactions/${tx.id}/void`, { headers: { 'Idempotency-Key': randomUUID() } }), 401, 'authentication_required');
  });

  describe('with its Idempotency-Key', () => {
    it('replays the void for the same key instead of refusing it as a second void', async () => {
      const tx = await authorizedTransaction(http, merchant);
      const key = randomUUID();
      const first = await transactionAction(http, merchant, tx.id, 'void', undefined, key);
      const again = await transactionAction(http, merchant, tx.id, 'void', undefined, key);
      expect(again.status).toBe(200);
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect(again.body).toEqual(first.body);
    });

    it('answers 409 idempotency_request_in_flight while the first void still runs', async () => {
      const tx = await authorizedTransaction(http, merchant);
      const key = randomUUID();
      // A POST without a body reaches the handler with req.body undefined.
      await evenpay.services.idempotency.claim({
        merchantId: merchant.id,
        livemode: false,
        key,
        operationId: 'voidTransaction',
        request: { params: { transactionId: tx.id }, body: undefined },
      });
      const res = await transactionAction(http, merchant, tx.id, 'void', undefined, key);
      expectProblem(res, 409, 'idempotency_request_in_flight');
      expect((await fetchTransaction(merchant, tx.id)).status).toBe('authorized');
    });

    it('refuses a key used to void another transaction with 422 idempotency_key_reused', async () => {
      const a = await authorizedTransaction(http, merchant);
      const b = await authorizedTransaction(http, merchant);
      const key = randomUUID();
      expect((await transactionAction(http, merchant, a.id, 'void', undefined, key)).status).toBe(200);
      const res = await transactionAction(http, merchant, b.id, 'void', undefined, key);
      expectProblem(res, 422, 'idempotency_key_reused');
      expect((await fetchTransaction(merchant, b.id)).status).toBe('authorized');
    });
  });
});

describe('POST /v2/transactions/{transactionId}/refund', () => {
  it('walks the statuses authorized → partially_captured → captured → partially_refunded → refunded', async () => {
    const tx = await authorizedTransaction(http, merchant, { total: 15_500 });
    expect(tx.status).toBe('authorized');
    expect((await capture(http, merchant, tx.id, 5_500)).status).toBe('partially_captured');
    expect((await capture(http, merchant, tx.id)).status).toBe('captured');
    const partly = await refund(http, merchant, tx.id, 4_000);
    expect(partly).toMatchObject({ status: 'partially_refunded', refunded_amount: 4_000, refundable_amount: 11_500, capturable_amount: 0 });
    const again = await refund(http, merchant, tx.id, 1_500);
    expect(again).toMatchObject({ status: 'partially_refunded', refunded_amount: 5_500, refundable_amount: 10_000 });
    const rest = await refund(http, merchant, tx.id);
    expect(rest).toMatchObject({ status: 'refunded', captured_amount: 15_500, refunded_amount: 15_500, refundable_amount: 0 });
    expect(rest.schedule).toMatchObject({ principal: 0, amount_owed: 0, estimated: false });
    expect(await typesOf(merchant, tx.id)).toEqual([
      'transaction.authorized',
      'transaction.captured',
      'transaction.captured',
      'transaction.refunded',
      'transaction.refunded',
      'transaction.refunded',
    ]);
    const amounts = (await eventsOf(http, merchant, tx.id)).reverse().map((e) => e.data.amount);
    expect(amounts).toEqual([undefined, 5_500, 10_000, 4_000, 1_500, 10_000]);
  });

  it('refunds a partial capture while the rest stays capturable, and the status stays partially_refunded', async () => {
    const tx = await authorizedTransaction(http, merchant, { total: 15_500 });
    await capture(http, merchant, tx.id, 5_000);
    const refunded = await refund(http, merchant, tx.id);
    expect(refunded).toMatchObject({
      status: 'partially_refunded',
      captured_amount: 5_000,
      refunded_amount: 5_000,
      capturable_amount: 10_500,
      refundable_amount: 0,
    });
    const more = await capture(http, merchant, tx.id, 500);
    expect(more).toMatchObject({ status: 'partially_refunded', captured_amount: 5_500, refundable_amount: 500, capturable_amount: 10_000 });
  });

  it('shrinks the schedule: $800 on monthly_12 at 15 %, all captured, then $200 refunded, owes the plan for $600', async () => {
    const tx = await authorizedTransaction(http, merchant, { total: 80_000, plan_id: 'monthly_12' });
    const captured = await capture(http, merchant, tx.id);
    expect(captured.schedule).toMatchObject({ principal: 80_000, amount_owed: 86_648, estimated: false });
    expect(captured.schedule.disclosure.installments.map((i) => i.amount)).toEqual([...Array<number>(11).fill(7_221), 7_217]);
    expectConsistentSchedule(captured.schedule);

    const refunded = await refund(http, merchant, tx.id, 20_000);
    const schedule = refunded.schedule;
    expect(schedule).toMatchObject({
      object: 'schedule',
      transaction_id: tx.id,
      plan_id: 'monthly_12',
      principal: 60_000,
      estimated: false,
      start_date: captured.schedule.start_date,
    });
    expectConsistentSchedule(schedule);
    expect(schedule.amount_owed).toBeLessThan(captured.schedule.amount_owed);
    expect(schedule.disclosure.installments).toHaveLength(12);
    expect(schedule.disclosure.apr_bps).toBe(1_500);

    // Exactly what the plan would cost for $600 from the same day.
    const quote = await http.post('/v2/plan-quotes', { auth: merchant.bearer, body: { amount: 60_000, currency: 'USD', start_date: schedule.start_date } });
    const plan = (quote.body as PlanQuote).plans.find((p) => p.plan_id === 'monthly_12')!;
    expect(schedule.disclosure).toEqual(plan.disclosure);
    expect((await http.get(`/v2/transactions/${tx.id}/schedule`, { auth: merchant.bearer })).body).toEqual(schedule);
  });

  describe('refuses with 422 refund_exceeds_captured at /amount, and changes nothing', () => {
    it('when nothing was captured', async () => {
      const tx = await authorizedTransaction(http, merchant);
      const res = await transactionAction(http, merchant, tx.id, 'refund', { amount: 100 });
      expectProblem(res, 422, 'refund_exceeds_captured');
      expect(res.body.errors).toEqual([{ pointer: '/amount', detail: 'must be at most 0' }]);
      expectProblem(await transactionAction(http, merchant, tx.id, 'refund'), 422, 'refund_exceeds_captured');
      expect((await fetchTransaction(merchant, tx.id)).status).toBe('authorized');
    });

    it('for more than is still refundable', async () => {
      const tx = await authorizedTransaction(http, merchant);
      await capture(http, merchant, tx.id, 6_000);
      await refund(http, merchant, tx.id, 2_000);
      const res = await transactionAction(http, merchant, tx.id, 'refund', { amount: 4_001 });
      expectProblem(res, 422, 'refund_exceeds_captured');
      expect(res.body.errors).toEqual([{ pointer: '/amount', detail: 'must be at most 4000' }]);
      expect(await fetchTransaction(merchant, tx.id)).toMatchObject({ refunded_amount: 2_000, refundable_amount: 4_000 });
    });

    it('once everything was refunded', async () => {
      const tx = await authorizedTransaction(http, merchant);
      await capture(http, merchant, tx.id);
      await refund(http, merchant, tx.id);
      expectProblem(await transactionAction(http, merchant, tx.id, 'refund'), 422, 'refund_exceeds_captured');
    });
  });

  it('refuses a voided transaction with 422 transaction_voided', async () => {
    const tx = await authorizedTransaction(http, merchant);
    await voidTransaction(http, merchant, tx.id);
    expectProblem(await transactionAction(http, merchant, tx.id, 'refund', { amount: 100 }), 422, 'transaction_voided');
  });

  describe('refuses a malformed request with 400 invalid_request', () => {
    it('without an Idempotency-Key, naming the header', async () => {
      const tx = await authorizedTransaction(http, merchant);
      await capture(http, merchant, tx.id);
      const res = await http.post(`/v2/transactions/${tx.id}/refund`, { auth: merchant.bearer, body: { amount: 100 } });
      expectProblem(res, 400, 'invalid_request');
      expect(parameters(res)).toEqual(['Idempotency-Key']);
      expect((await fetchTransaction(merchant, tx.id)).refunded_amount).toBe(0);
    });

    it.each<[string, unknown, string]>([
      ['an amount of 0', { amount: 0 }, '/amount'],
      ['a reason that is not one of the reasons', { amount: 100, reason: 'changed_mind' }, '/reason'],
      ['an unknown field', { amount: 100, note: 'x' }, '/note'],
    ])('for %s', async (_what, body, pointer) => {
      const tx = await authorizedTransaction(http, merchant);
      await capture(http, merchant, tx.id);
      const res = await transactionAction(http, merchant, tx.id, 'refund', body as object);
      expectProblem(res, 400, 'invalid_request');
      expect(pointers(res)).toContain(pointer);
    });
  });

  it('accepts a documented reason', async () => {
    const tx = await authorizedTransaction(http, merchant);
    await capture(http, merchant, tx.id);
    const res = await transactionAction(http, merchant, tx.id, 'refund', { amount: 100, reason: 'returned_goods' });
    expect(res.status).toBe(200);
    expect(res.body.refunded_amount).toBe(100);
  });

  it("answers 404 resource_not_found for another merchant's transaction", async () => {
    const other = await makeMerchant(evenpay.services.models);
    const theirs = await authorizedTransaction(http, other);
    await capture(http, other, theirs.id);
    expectProblem(await transactionAction(http, merchant, theirs.id, 'refund'), 404, 'resource_not_found');
    expect((await fetchTransaction(other, theirs.id)).refunded_amount).toBe(0);
  });

  it('asks for a key when none is sent', async () => {
    const tx = await authorizedTransaction(http, merchant);
    expectProblem(await http.post(`/v2/transactions/${tx.id}/refund`, { headers: { 'Idempotency-Key': randomUUID() } }), 401, 'authentication_required');
  });

  describe('with its Idempotency-Key', () => {
    it('replays the same refund for the same key and body, and refunds only once', async () => {
      const tx = await authorizedTransaction(http, merchant);
      await capture(http, merchant, tx.id);
      const key = randomUUID();
      const first = await transactionAction(http, merchant, tx.id, 'refund', { amount: 700 }, key);
      const again = await transactionAction(http, merchant, tx.id, 'refund', { amount: 700 }, key);
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect(again.body).toEqual(first.body);
      expect((await fetchTransaction(merchant, tx.id)).refunded_amount).toBe(700);
    });

    it('answers 409 idempotency_request_in_flight while the first refund still runs', async () => {
      const tx = await authorizedTransaction(http, merchant);
      await capture(http, merchant, tx.id);
      const key = randomUUID();
      const body = { amount: 700 };
      await evenpay.services.idempotency.claim({
        merchantId: merchant.id,
        livemode: false,
        key,
        operationId: 'refundTransaction',
        request: { params: { transactionId: tx.id }, body },
      });
      const res = await transactionAction(http, merchant, tx.id, 'refund', body, key);
      expectProblem(res, 409, 'idempotency_request_in_flight');
      expect((await fetchTransaction(merchant, tx.id)).refunded_amount).toBe(0);
    });

    it('refuses the same key with another amount with 422 idempotency_key_reused', async () => {
      const tx = await authorizedTransaction(http, merchant);
      await capture(http, merchant, tx.id);
      const key = randomUUID();
      expect((await transactionAction(http, merchant, tx.id, 'refund', { amount: 700 }, key)).status).toBe(200);
      const res = await transactionAction(http, merchant, tx.id, 'refund', { amount: 800 }, key);
      expectProblem(res, 422, 'idempotency_key_reused');
      expect((await fetchTransaction(merchant, tx.id)).refunded_amount).toBe(700);
    });
  });
});

describe('POST /v2/transactions/{transactionId}/update', () => {
  const update = (owner: TestMerchant, id: string, body: unknown, headers: Record<string, string> = {}) =>
    http.post(`/v2/transactions/${id}/update`, { auth: owner.bearer, body, headers });

  it('changes the order id and the shipping carrier and tracking number, and never the amounts', async () => {
    const tx = await authorizedTransaction(http, merchant, { order_id: 'ORD-OLD' });
    const res = await update(merchant, tx.id, { order_id: 'ORD-NEW', shipping_carrier: 'UPS', shipping_tracking_number: '1Z999AA10123456784' });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ ...tx, order_id: 'ORD-NEW', shipping: { carrier: 'UPS', tracking_number: '1Z999AA10123456784' } });
    expect(await fetchTransaction(merchant, tx.id)).toEqual(res.body);
  });

  it('keeps the fields it is not sent', async () => {
    const tx = await authorizedTransaction(http, merchant, { order_id: 'ORD-KEEP' });
    await update(merchant, tx.id, { shipping_carrier: 'DHL' });
    const res = await update(merchant, tx.id, { shipping_tracking_number: 'JD0146000033' });
    expect(res.body).toMatchObject({ order_id: 'ORD-KEEP', shipping: { carrier: 'DHL', tracking_number: 'JD0146000033' } });
  });

  it('records a transaction.updated event with the updated transaction', async () => {
    const tx = await authorizedTransaction(http, merchant);
    const res = await update(merchant, tx.id, { shipping_carrier: 'FedEx' });
    const [latest] = await eventsOf(http, merchant, tx.id);
    expect(latest).toMatchObject({ type: 'transaction.updated', request_id: res.headers['request-id'] });
    expect(latest!.data.object).toEqual(res.body);
  });

  it('updates a captured and a refunded transaction too', async () => {
    const tx = await authorizedTransaction(http, merchant);
    await capture(http, merchant, tx.id);
    expect((await update(merchant, tx.id, { shipping_carrier: 'UPS' })).body).toMatchObject({ status: 'captured', shipping: { carrier: 'UPS' } });
    await refund(http, merchant, tx.id);
    expect((await update(merchant, tx.id, { order_id: 'ORD-RETURNED' })).body).toMatchObject({ status: 'refunded', order_id: 'ORD-RETURNED' });
  });

  it('refuses a voided transaction with 422 transaction_voided', async () => {
    const tx = await authorizedTransaction(http, merchant);
    await voidTransaction(http, merchant, tx.id);
    expectProblem(await update(merchant, tx.id, { shipping_carrier: 'UPS' }), 422, 'transaction_voided');
    expect((await fetchTransaction(merchant, tx.id)).shipping.carrier).toBeNull();
  });

  describe('refuses a malformed request with 400 invalid_request', () => {
    it.each<[string, unknown, string]>([
      ['an empty body (nothing to update)', {}, '/'],
      ['an unknown field', { amount: 1 }, '/amount'],
      ['an empty order id', { order_id: '' }, '/order_id'],
      ['a carrier longer than 100 characters', { shipping_carrier: 'x'.repeat(101) }, '/shipping_carrier'],
    ])('for %s', async (_what, body, pointer) => {
      const tx = await authorizedTransaction(http, merchant);
      const res = await update(merchant, tx.id, body);
      expectProblem(res, 400, 'invalid_request');
      expect(pointers(res)).toContain(pointer);
      expect(await fetchTransaction(merchant, tx.id)).toEqual(tx);
    });
  });

  it("answers 404 resource_not_found for another merchant's transaction", async () => {
    const other = await makeMerchant(evenpay.services.models);
    const theirs = await authorizedTransaction(http, other);
    expectProblem(await update(merchant, theirs.id, { order_id: 'MINE' }), 404, 'resource_not_found');
    expect((await fetchTransaction(other, theirs.id)).order_id).toBe(theirs.order_id);
  });

  it('asks for a key when none is sent', async () => {
    const tx = await authorizedTransaction(http, merchant);
    expectProblem(await http.post(`/v2/transactions/${tx.id}/update`, { body: { order_id: 'X' } }), 401, 'authentication_required');
  });

  describe('with an Idempotency-Key', () => {
    it('replays the update for the same key and body, with one event', async () => {
      const tx = await authorizedTransaction(http, merchant);
      const key = randomUUID();
      const first = await update(merchant, tx.id, { shipping_carrier: 'UPS' }, { 'Idempotency-Key': key });
      const again = await update(merchant, tx.id, { shipping_carrier: 'UPS' }, { 'Idempotency-Key': key });
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect(again.body).toEqual(first.body);
      expect(await typesOf(merchant, tx.id)).toEqual(['transaction.authorized', 'transaction.updated']);
    });

    it('answers 409 idempotency_request_in_flight while the first update still runs', async () => {
      const tx = await authorizedTransaction(http, merchant);
      const key = randomUUID();
      const body = { shipping_carrier: 'UPS' };
      await evenpay.services.idempotency.claim({
        merchantId: merchant.id,
        livemode: false,
        key,
        operationId: 'updateTransaction',
        request: { params: { transactionId: tx.id }, body },
      });
      const res = await update(merchant, tx.id, body, { 'Idempotency-Key': key });
      expectProblem(res, 409, 'idempotency_request_in_flight');
      expect((await fetchTransaction(merchant, tx.id)).shipping.carrier).toBeNull();
    });

    it('refuses the same key with another body with 422 idempotency_key_reused', async () => {
      const tx = await authorizedTransaction(http, merchant);
      const key = randomUUID();
      expect((await update(merchant, tx.id, { shipping_carrier: 'UPS' }, { 'Idempotency-Key': key })).status).toBe(200);
      const res = await update(merchant, tx.id, { shipping_carrier: 'DHL' }, { 'Idempotency-Key': key });
      expectProblem(res, 422, 'idempotency_key_reused');
      expect((await fetchTransaction(merchant, tx.id)).shipping.carrier).toBe('UPS');
    });
  });
});

describe('GET /v2/transactions/{transactionId}/schedule', () => {
  it('estimates the schedule for the authorized amount before the first capture', async () => {
    const tx = await authorizedTransaction(http, merchant, { total: 15_500 });
    const res = await http.get(`/v2/transactions/${tx.id}/schedule`, { auth: merchant.bearer });
    expect(res.status).toBe(200);
    const schedule = res.body as Schedule;
    expect(schedule).toMatchObject({
      object: 'schedule',
      transaction_id: tx.id,
      plan_id: 'pay_in_4',
      currency: 'USD',
      estimated: true,
      principal: 15_500,
      amount_owed: 15_500,
    });
    expect(schedule.start_date).toBe(tx.created.slice(0, 10));
    expect(schedule.disclosure.installments.map((i) => i.amount)).toEqual([3_875, 3_875, 3_875, 3_875]);
    expectConsistentSchedule(schedule);
    expect(schedule).toEqual(tx.schedule);
  });

  it('is no longer estimated once captured: principal = captured − refunded', async () => {
    const tx = await authorizedTransaction(http, merchant, { total: 15_500 });
    await capture(http, merchant, tx.id, 10_000);
    await refund(http, merchant, tx.id, 2_000);
    const schedule = (await http.get(`/v2/transactions/${tx.id}/schedule`, { auth: merchant.bearer })).body as Schedule;
    expect(schedule).toMatchObject({ estimated: false, principal: 8_000, amount_owed: 8_000 });
    expectConsistentSchedule(schedule);
  });

  describe('with a fixed clock', () => {
    const clock = fixedClock('2026-06-01T22:00:00Z');
    let clocked: EvenpayApp;
    let client: Http;
    let owner: TestMerchant;

    beforeAll(async () => {
      clocked = await startTestApp({ clock });
      client = api(clocked.app);
      owner = await makeMerchant(clocked.services.models);
    });
    afterAll(() => clocked.close());

    const scheduleOf = async (id: string): Promise<Schedule> => {
      const res = await client.get(`/v2/transactions/${id}/schedule`, { auth: owner.bearer });
      expect(res.status).toBe(200);
      return res.body as Schedule;
    };

    it('starts on the UTC day of the first capture, and later captures do not move it', async () => {
      clock.set('2026-06-01T22:00:00Z');
      const tx = await authorizedTransaction(client, owner, { total: 15_500 });
      expect((await scheduleOf(tx.id)).start_date).toBe('2026-06-01');

      clock.advance(3 * HOUR_MS); // 2026-06-02T01:00Z
      await capture(client, owner, tx.id, 5_000);
      const afterFirst = await scheduleOf(tx.id);
      expect(afterFirst).toMatchObject({ start_date: '2026-06-02', estimated: false, principal: 5_000 });
      expect(afterFirst.disclosure.installments.map((i) => i.due_date)).toEqual(['2026-06-02', '2026-06-16', '2026-06-30', '2026-07-14']);

      clock.advance(3 * DAY_MS);
      await capture(client, owner, tx.id);
      expect(await scheduleOf(tx.id)).toMatchObject({ start_date: '2026-06-02', principal: 15_500 });
    });
  });

  it('answers 400 invalid_request for a malformed transaction id', async () => {
    const res = await http.get('/v2/transactions/txn-123/schedule', { auth: merchant.bearer });
    expectProblem(res, 400, 'invalid_request');
    expect(parameters(res)).toContain('transactionId');
  });

  it("answers 404 resource_not_found for another merchant's transaction", async () => {
    const other = await makeMerchant(evenpay.services.models);
    const theirs = await authorizedTransaction(http, other);
    expectProblem(await http.get(`/v2/transactions/${theirs.id}/schedule`, { auth: merchant.bearer }), 404, 'resource_not_found');
  });

  it('asks for a key when none is sent', async () => {
    const tx = await authorizedTransaction(http, merchant);
    expectProblem(await http.get(`/v2/transactions/${tx.id}/schedule`), 401, 'authentication_required');
  });
});

describe('authorizations that expire', () => {
  const clock = fixedClock('2026-07-01T12:00:00Z');
  let clocked: EvenpayApp;
  let client: Http;
  let owner: TestMerchant;

  beforeAll(async () => {
    clocked = await startTestApp({ clock });
    client = api(clocked.app);
    owner = await makeMerchant(clocked.services.models, { name: 'Expiry Co' });
  });
  afterAll(() => clocked.close());

  const act = (id: string, action: 'capture' | 'void' | 'refund' | 'update', body?: object) => transactionAction(client, owner, id, action, body);

  /** A transaction authorized now whose authorization has lapsed by the time this returns. */
  const lapsed = async (how: '30 days' | 'expire_fast'): Promise<Transaction> => {
    clock.set('2026-07-01T12:00:00Z');
    const tx = await authorizedTransaction(client, owner, how === 'expire_fast' ? { email: 'jane+expire_fast@example.com' } : {});
    clock.advance(how === 'expire_fast' ? 6 * MINUTE_MS : 30 * DAY_MS + MINUTE_MS);
    return tx;
  };

  describe.each(['30 days', 'expire_fast'] as const)('after the authorization lapsed (%s)', (how) => {
    it('refuses a capture with 422 authorization_expired', async () => {
      const tx = await lapsed(how);
      const res = await act(tx.id, 'capture', { amount: 100 });
      expectProblem(res, 422, 'authorization_expired');
      expect(res.body.detail).toContain(tx.authorization_expires_at);
    });

    it('refuses a void with 422 authorization_expired', async () => {
      const tx = await lapsed(how);
      expectProblem(await act(tx.id, 'void'), 422, 'authorization_expired');
    });

    it('refuses an update with 422 authorization_expired', async () => {
      const tx = await lapsed(how);
      expectProblem(await act(tx.id, 'update', { shipping_carrier: 'UPS' }), 422, 'authorization_expired');
    });

    it('shows the transaction as expired, with nothing capturable or owed, and a transaction.expired event made by Evenpay', async () => {
      const tx = await lapsed(how);
      const res = await client.get(`/v2/transactions/${tx.id}`, { auth: owner.bearer });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ status: 'expired', captured_amount: 0, capturable_amount: 0, refundable_amount: 0 });
      expect(res.body.schedule).toMatchObject({ estimated: false, principal: 0, amount_owed: 0 });
      const events = (await eventsOf(client, owner, tx.id)).reverse();
      expect(events.map((e) => e.type)).toEqual(['transaction.authorized', 'transaction.expired']);
      expect(events[1]!.request_id).toBeNull();
      expect(events[1]!.data.object).toMatchObject({ id: tx.id, status: 'expired' });
      // Reading it again does not expire it twice.
      await client.get(`/v2/transactions/${tx.id}`, { auth: owner.bearer });
      expect((await eventsOf(client, owner, tx.id)).length).toBe(2);
    });
  });

  it('still captures a +expire_fast authorization within its 5 minutes', async () => {
    clock.set('2026-07-01T12:00:00Z');
    const tx = await authorizedTransaction(client, owner, { email: 'jane+expire_fast@example.com' });
    expect(tx.authorization_expires_at).toBe('2026-07-01T12:05:00.000Z');
    clock.advance(5 * MINUTE_MS - 1);
    expect((await capture(client, owner, tx.id)).status).toBe('captured');
  });

  it('expires a 30-day authorization exactly at authorization_expires_at', async () => {
    clock.set('2026-07-01T12:00:00Z');
    const tx = await authorizedTransaction(client, owner);
    expect(tx.authorization_expires_at).toBe('2026-07-31T12:00:00.000Z');
    clock.set('2026-07-31T12:00:00Z');
    expectProblem(await act(tx.id, 'capture'), 422, 'authorization_expired');
  });

  it('keeps a partially captured transaction refundable after its authorization lapsed', async () => {
    clock.set('2026-07-01T12:00:00Z');
    const tx = await authorizedTransaction(client, owner, { total: 15_500, email: 'jane+expire_fast@example.com' });
    clock.advance(MINUTE_MS);
    await capture(client, owner, tx.id, 5_000);
    clock.advance(5 * MINUTE_MS);

    // The uncaptured rest was released: nothing more can be captured, what was captured stays.
    const now = await fetchTransaction(owner, tx.id, client);
    expect(now).toMatchObject({ status: 'captured', captured_amount: 5_000, capturable_amount: 0, refundable_amount: 5_000 });
    expect(now.schedule).toMatchObject({ principal: 5_000, estimated: false });
    expectProblem(await act(tx.id, 'capture', { amount: 100 }), 422, 'authorization_expired');
    expectProblem(await act(tx.id, 'void'), 422, 'void_after_capture');

    const partly = await refund(client, owner, tx.id, 2_000);
    expect(partly).toMatchObject({ status: 'partially_refunded', refunded_amount: 2_000, refundable_amount: 3_000, capturable_amount: 0 });
    expect(partly.schedule.principal).toBe(3_000);
    const all = await refund(client, owner, tx.id);
    expect(all).toMatchObject({ status: 'refunded', refunded_amount: 5_000, capturable_amount: 0 });
    expect((await eventsOf(client, owner, tx.id)).reverse().map((e) => e.type)).toEqual([
      'transaction.authorized',
      'transaction.captured',
      'transaction.expired',
      'transaction.refunded',
      'transaction.refunded',
    ]);
  });

  it('lets a partially captured transaction whose authorization lapsed be refunded and updated without a read first', async () => {
    clock.set('2026-07-01T12:00:00Z');
    const tx = await authorizedTransaction(client, owner, { total: 15_500 });
    await capture(client, owner, tx.id, 4_000);
    clock.advance(31 * DAY_MS);
    const refunded = await refund(client, owner, tx.id, 1_000);
    expect(refunded).toMatchObject({ status: 'partially_refunded', capturable_amount: 0, refundable_amount: 3_000 });
    const updated = await transactionAction(client, owner, tx.id, 'update', { shipping_carrier: 'UPS' });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ status: 'partially_refunded', shipping: { carrier: 'UPS' } });
    expect((await eventsOf(client, owner, tx.id)).filter((e) => e.type === 'transaction.expired')).toHaveLength(1);
  });

  it('never expires a fully captured transaction', async () => {
    clock.set('2026-07-01T12:00:00Z');
    const tx = await authorizedTransaction(client, owner);
    await capture(client, owner, tx.id);
    clock.advance(60 * DAY_MS);
    expect((await fetchTransaction(owner, tx.id, client)).status).toBe('captured');
    expect((await refund(client, owner, tx.id, 100)).status).toBe('partially_refunded');
    expect((await eventsOf(client, owner, tx.id)).some((e) => e.type === 'transaction.expired')).toBe(false);
  });
});
