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
  confirmedCheckout,
  declinedCheckout,
  type Event,
  type Http,
  liveBearer,
  openCheckout,
  type Transaction,
  transactionAction,
} from '../../factories/transactions.js';
import { appWithMerchant, startTestApp } from '../../helpers/app.js';
import { api } from '../../helpers/http.js';
import { expectProblem, parameters } from '../../helpers/problem.js';

type EventList = components['schemas']['EventList'];

const HOUR_MS = 60 * 60 * 1000;

let evenpay: EvenpayApp;
let http: Http;

/** A merchant with a history: a declined and a canceled checkout, then a transaction captured twice and refunded once. */
let lister: TestMerchant;
let tx: Transaction;
let checkout: Checkout;
/** The types of the lister's events, oldest first. */
let history: string[];
let firstCapture: Response;
let secondCapture: Response;
let refundResponse: Response;

beforeAll(async () => {
  evenpay = await startTestApp();
  http = api(evenpay.app);
  lister = await makeMerchant(evenpay.services.models, { name: 'Events Test Co' });
  await declinedCheckout(http, lister, { email: 'jane+decline_limit@example.com' });
  await canceledCheckout(http, lister);
  checkout = await confirmedCheckout(http, lister, { total: 15_500 });
  const authorized = await http.post('/v2/transactions', { auth: lister.bearer, body: { checkout_id: checkout.id } });
  expect(authorized.status).toBe(201);
  tx = authorized.body as Transaction;
  firstCapture = await transactionAction(http, lister, tx.id, 'capture', { amount: 5_000 });
  secondCapture = await transactionAction(http, lister, tx.id, 'capture');
  refundResponse = await transactionAction(http, lister, tx.id, 'refund', { amount: 1_000 });
  expect([firstCapture.status, secondCapture.status, refundResponse.status]).toEqual([200, 200, 200]);
  history = [
    'checkout.declined',
    'checkout.canceled',
    'checkout.confirmed',
    'transaction.authorized',
    'transaction.captured',
    'transaction.captured',
    'transaction.refunded',
  ];
});
afterAll(() => evenpay.close());

const list = async (query: string, auth: string = lister.bearer, client: Http = http): Promise<EventList> => {
  const res = await client.get(`/v2/events${query}`, { auth });
  expect(res.status).toBe(200);
  return res.body as EventList;
};

/** The lister's events, newest first. */
const allEvents = async (): Promise<Event[]> => (await list('?limit=100')).data;

describe('GET /v2/events', () => {
  it('lists every state change newest first, as a list object', async () => {
    const page = await list('?limit=100');
    expect(page).toMatchObject({ object: 'list', url: '/v2/events', has_more: false });
    expect(page.data.map((e) => e.type)).toEqual([...history].reverse());
    for (const event of page.data) {
      expect(event.id).toMatch(/^evt_[0-9A-Za-z]{20}$/);
      expect(event).toMatchObject({ object: 'event', livemode: false });
    }
  });

  it('returns 10 events by default and says has_more', async () => {
    const busy = await makeMerchant(evenpay.services.models);
    for (let i = 0; i < 11; i++) await canceledCheckout(http, busy);
    const page = await list('', busy.bearer);
    expect(page.data).toHaveLength(10);
    expect(page.has_more).toBe(true);
  });

  it('walks every event exactly once with starting_after, and back with ending_before', async () => {
    const newestFirst = (await allEvents()).map((e) => e.id);
    const seen: string[] = [];
    let query = '?limit=3';
    const pages: EventList[] = [];
    for (;;) {
      const page = await list(query);
      pages.push(page);
      seen.push(...page.data.map((e) => e.id));
      if (!page.has_more) break;
      query = `?limit=3&starting_after=${page.data.at(-1)!.id}`;
      expect(pages.length).toBeLessThan(5);
    }
    expect(pages.map((p) => p.data.length)).toEqual([3, 3, 1]);
    expect(seen).toEqual(newestFirst);

    const back = await list(`?limit=3&ending_before=${pages[2]!.data[0]!.id}`);
    expect(back.data.map((e) => e.id)).toEqual(newestFirst.slice(3, 6));
    expect(back.has_more).toBe(true);
  });

  describe('filters by type', () => {
    it('lists only the captures, newest first, each with the amount of its capture', async () => {
      const page = await list('?type=transaction.captured');
      expect(page.data.map((e) => e.type)).toEqual(['transaction.captured', 'transaction.captured']);
      expect(page.data.map((e) => e.data.amount)).toEqual([10_500, 5_000]);
    });

    it.each([
      ['checkout.declined', 1],
      ['checkout.canceled', 1],
      ['checkout.confirmed', 1],
      ['transaction.authorized', 1],
      ['transaction.refunded', 1],
      ['transaction.voided', 0],
      ['checkout.expired', 0],
    ])('lists %s events only', async (type, count) => {
      const page = await list(`?type=${type}`);
      expect(page.data).toHaveLength(count);
      expect(page.data.every((e) => e.type === type)).toBe(true);
    });

    it('pages within the filter', async () => {
      const first = await list('?type=transaction.captured&limit=1');
      expect(first.has_more).toBe(true);
      const second = await list(`?type=transaction.captured&limit=1&starting_after=${first.data[0]!.id}`);
      expect(second.data.map((e) => e.data.amount)).toEqual([5_000]);
      expect(second.has_more).toBe(false);
    });
  });

  it("never lists another merchant's events", async () => {
    const other = await makeMerchant(evenpay.services.models);
    const theirs = await authorizedTransaction(http, other);
    const mine = await allEvents();
    expect(mine.map((e) => e.type)).toEqual([...history].reverse());
    expect(mine.some((e) => e.data.object.id === theirs.id)).toBe(false);
    const page = await list('?limit=100', other.bearer);
    expect(page.data.map((e) => e.type)).toEqual(['transaction.authorized', 'checkout.confirmed']);
    expect(page.data.some((e) => mine.some((m) => m.id === e.id))).toBe(false);
    // Naming the other merchant (the partners' filter) with a merchant's own key finds nothing of theirs.
    expect((await list(`?limit=100&merchant=${other.id}`)).data).toEqual([]);
  });

  describe('keeps live and test events apart', () => {
    const clock = fixedClock('2026-06-01T10:00:00Z');
    const { http: client, merchant: owner } = appWithMerchant('Event Expiry Co', { clock });
    let live: Checkout;
    let test: Checkout;

    beforeAll(async () => {
      // A live checkout nobody acts on expires: the one event a live key can cause in the sandbox.
      live = await openCheckout(client, owner, { live: true });
      test = await canceledCheckout(client, owner);
      clock.advance(25 * HOUR_MS);
      const read = await client.get(`/v2/checkouts/${live.id}`, { auth: liveBearer(owner) });
      expect(read.body.status).toBe('expired');
    });

    it('lists only live events to the live key', async () => {
      const page = await list('', liveBearer(owner), client);
      expect(page.data.map((e) => [e.type, e.livemode, e.data.object.id])).toEqual([['checkout.expired', true, live.id]]);
    });

    it('lists only test events to the test key', async () => {
      const page = await list('', owner.bearer, client);
      expect(page.data.map((e) => [e.type, e.livemode, e.data.object.id])).toEqual([['checkout.canceled', false, test.id]]);
    });

    it('does not show a live event to the test key, nor a test event to the live key', async () => {
      const [liveEvent] = (await list('', liveBearer(owner), client)).data;
      const [testEvent] = (await list('', owner.bearer, client)).data;
      expectProblem(await client.get(`/v2/events/${liveEvent!.id}`, { auth: owner.bearer }), 404, 'resource_not_found');
      expectProblem(await client.get(`/v2/events/${testEvent!.id}`, { auth: liveBearer(owner) }), 404, 'resource_not_found');
      const read = await client.get(`/v2/events/${liveEvent!.id}`, { auth: liveBearer(owner) });
      expect(read.status).toBe(200);
      expect(read.body).toMatchObject({ livemode: true, request_id: null, created: '2026-06-02T11:00:00.000Z' });
    });
  });

  describe('refuses a bad query with 400', () => {
    it.each([
      ['an unknown event type', '?type=transaction.exploded', 'type'],
      ['a type given as a category', '?type=transaction', 'type'],
      ['a limit of 0', '?limit=0', 'limit'],
      ['an unknown query parameter', '?object_id=txn_1', 'object_id'],
    ])('invalid_request for %s', async (_what, query, parameter) => {
      const res = await http.get(`/v2/events${query}`, { auth: lister.bearer });
      expectProblem(res, 400, 'invalid_request');
      expect(parameters(res)).toContain(parameter);
    });

    it("invalid_cursor for another merchant's event", async () => {
      const other = await makeMerchant(evenpay.services.models);
      await canceledCheckout(http, other);
      const [theirs] = (await list('', other.bearer)).data;
      const res = await http.get(`/v2/events?starting_after=${theirs!.id}`, { auth: lister.bearer });
      expectProblem(res, 400, 'invalid_cursor');
      expect(parameters(res)).toEqual(['starting_after']);
    });
  });

  it('asks for a key when none is sent', async () => {
    expectProblem(await http.get('/v2/events'), 401, 'authentication_required');
  });
});

describe('GET /v2/events/{eventId}', () => {
  const eventOf = async (type: string, nth = 0): Promise<Event> => {
    const events = (await allEvents()).filter((e) => e.type === type).reverse();
    const event = events[nth];
    if (!event) throw new Error(`no ${type} event #${nth}`);
    return event;
  };

  const fetchEvent = async (id: string): Promise<Event> => {
    const res = await http.get(`/v2/events/${id}`, { auth: lister.bearer });
    expect(res.status).toBe(200);
    return res.body as Event;
  };

  it('returns the event exactly as listed', async () => {
    const listed = await eventOf('transaction.refunded');
    expect(await fetchEvent(listed.id)).toEqual(listed);
  });

  it('shows the transaction as it was right after the first of two captures', async () => {
    const event = await fetchEvent((await eventOf('transaction.captured', 0)).id);
    expect(event.data.amount).toBe(5_000);
    expect(event.data.object).toMatchObject({
      object: 'transaction',
      id: tx.id,
      status: 'partially_captured',
      captured_amount: 5_000,
      capturable_amount: 10_500,
      refunded_amount: 0,
      refundable_amount: 5_000,
    });
    // The v2 transaction shape, schedule included, as the capture answered it.
    expect(event.data.object).toEqual(firstCapture.body);
    expect(event.request_id).toBe(firstCapture.headers['request-id']);
  });

  it('shows the second capture and the refund each with the totals of their moment', async () => {
    const second = await fetchEvent((await eventOf('transaction.captured', 1)).id);
    expect(second.data).toEqual({ object: secondCapture.body, amount: 10_500 });
    expect(second.data.object).toMatchObject({ status: 'captured', captured_amount: 15_500, refunded_amount: 0 });

    const refunded = await fetchEvent((await eventOf('transaction.refunded')).id);
    expect(refunded.data).toEqual({ object: refundResponse.body, amount: 1_000 });
    expect(refunded.data.object).toMatchObject({ status: 'partially_refunded', refunded_amount: 1_000 });
    expect(refunded.request_id).toBe(refundResponse.headers['request-id']);
  });

  it('shows the transaction as authorized in its authorization event, after everything that followed', async () => {
    const event = await fetchEvent((await eventOf('transaction.authorized')).id);
    expect(event.data.object).toEqual(tx);
    expect(event.data.amount).toBeUndefined();
  });

  it('shows the checkout as confirmed in its confirmation event, though it is completed now', async () => {
    const event = await fetchEvent((await eventOf('checkout.confirmed')).id);
    expect(event.data.object).toEqual(checkout);
    expect(event.data.object).toMatchObject({ object: 'checkout', status: 'confirmed', transaction_id: null });
    const now = await http.get(`/v2/checkouts/${checkout.id}`, { auth: lister.bearer });
    expect(now.body).toMatchObject({ status: 'completed', transaction_id: tx.id });
  });

  it('shows a declined checkout with its decline category', async () => {
    const event = await fetchEvent((await eventOf('checkout.declined')).id);
    expect(event.data.object).toMatchObject({ object: 'checkout', status: 'declined', decline_category: 'exposure_limit', plan_id: null });
  });

  describe('answers 404 resource_not_found', () => {
    it("for another merchant's event", async () => {
      const other = await makeMerchant(evenpay.services.models);
      await canceledCheckout(http, other);
      const [theirs] = (await list('', other.bearer)).data;
      const res = await http.get(`/v2/events/${theirs!.id}`, { auth: lister.bearer });
      expectProblem(res, 404, 'resource_not_found');
      expect(JSON.stringify(res.body)).not.toContain(other.id);
    });

    it('for a well-formed id that does not exist', async () => {
      expectProblem(await http.get('/v2/events/evt_00000000000000000000', { auth: lister.bearer }), 404, 'resource_not_found');
    });
  });

  it('answers 400 invalid_request for a malformed event id', async () => {
    const res = await http.get(`/v2/events/${tx.id}`, { auth: lister.bearer });
    expectProblem(res, 400, 'invalid_request');
    expect(parameters(res)).toContain('eventId');
  });

  it('asks for a key when none is sent', async () => {
    const listed = await eventOf('transaction.refunded');
    expectProblem(await http.get(`/v2/events/${listed.id}`), 401, 'authentication_required');
  });
});
