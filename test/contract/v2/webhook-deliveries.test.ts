// Webhook deliveries: the outbox (one delivery per subscribed endpoint and event, test and live
// kept apart), listing an endpoint's deliveries with their attempts, and the dispatcher
// delivering them to a real HTTP receiver on 127.0.0.1: the address checked again at delivery,
// redirects never followed, every attempt sent at least once and never twice at a time. On a
// database of its own (helpers/webhooks.ts).
import { describe, expect, it } from 'vitest';
import { authorizedTransaction, capture, type Event, eventsOf, liveBearer, openCheckout } from '../../factories/transactions.js';
import { expectProblem, parameters } from '../../helpers/problem.js';
import { HOUR_MS, iso, PUBLIC_URL, type Received, SECOND_MS, type WebhookDeliveryList, webhookSuite } from '../../helpers/webhooks.js';

const {
  clock,
  evenpay,
  http,
  newMerchant,
  deleteEndpoint,
  endpointFor,
  deliveriesOf,
  onlyDeliveryOf,
  deliveryRows,
  cancelEvent,
  runOnce,
  redeliver,
  Receiver,
  dispatcherWith,
} = webhookSuite('webhook_deliveries');

describe('GET /v2/webhook-endpoints/{webhookEndpointId}/deliveries', () => {
  it('shows a queued delivery, then its attempt once delivered', async () => {
    const owner = await newMerchant();
    const receiver = await Receiver.start();
    const endpoint = await endpointFor(owner, receiver.url);
    const event = await cancelEvent(owner);
    const queued = await onlyDeliveryOf(owner, endpoint.id);
    expect(queued).toEqual({
      id: expect.stringMatching(/^whd_[0-9A-Za-z]{20}$/),
      object: 'webhook_delivery',
      event_id: event.id,
      event_type: 'checkout.canceled',
      webhook_endpoint_id: endpoint.id,
      status: 'pending',
      attempt_count: 0,
      next_attempt_at: iso(clock.now()),
      created: iso(clock.now()),
      attempts: [],
    });

    await runOnce();
    expect(receiver.received).toHaveLength(1);
    const delivered = await onlyDeliveryOf(owner, endpoint.id);
    expect(delivered).toEqual({
      ...queued,
      status: 'succeeded',
      attempt_count: 1,
      next_attempt_at: null,
      attempts: [{ number: 1, started_at: iso(clock.now()), response_status: 200, latency_ms: expect.any(Number), error: null }],
    });
    expect(delivered.attempts[0]!.latency_ms).toBeGreaterThanOrEqual(0);
  });

  it('lists newest first, a page at a time', async () => {
    const owner = await newMerchant();
    const endpoint = await endpointFor(owner, PUBLIC_URL);
    const first = await cancelEvent(owner);
    const second = await cancelEvent(owner);
    const res = await http.get(`/v2/webhook-endpoints/${endpoint.id}/deliveries?limit=1`, { auth: owner.bearer });
    expect(res.status).toBe(200);
    const page = res.body as WebhookDeliveryList;
    expect(page).toMatchObject({ object: 'list', url: `/v2/webhook-endpoints/${endpoint.id}/deliveries`, has_more: true });
    expect(page.data.map((d) => d.event_id)).toEqual([second.id]);
    const next = await http.get(`/v2/webhook-endpoints/${endpoint.id}/deliveries?limit=1&starting_after=${page.data[0]!.id}`, { auth: owner.bearer });
    expect((next.body as WebhookDeliveryList).data.map((d) => d.event_id)).toEqual([first.id]);
    expect(next.body.has_more).toBe(false);
  });

  it("shows only the endpoint's own deliveries", async () => {
    const owner = await newMerchant();
    const all = await endpointFor(owner, PUBLIC_URL);
    const captures = await endpointFor(owner, PUBLIC_URL, ['transaction.captured']);
    await cancelEvent(owner);
    expect(await deliveriesOf(owner, all.id)).toHaveLength(1);
    expect(await deliveriesOf(owner, captures.id)).toEqual([]);
  });

  describe('refuses with 400', () => {
    it.each([
      ['limit=0', 'whe_00000000000000000000/deliveries?limit=0', 'limit'],
      ['limit=101', 'whe_00000000000000000000/deliveries?limit=101', 'limit'],
      ['a malformed endpoint id', 'nope/deliveries', 'webhookEndpointId'],
    ])('%s', async (_what, path, parameter) => {
      const owner = await newMerchant();
      const res = await http.get(`/v2/webhook-endpoints/${path}`, { auth: owner.bearer });
      expectProblem(res, 400, 'invalid_request');
      expect(parameters(res)).toContain(parameter);
    });

    it('a cursor from another list', async () => {
      const owner = await newMerchant();
      const a = await endpointFor(owner, PUBLIC_URL);
      const b = await endpointFor(owner, PUBLIC_URL);
      await cancelEvent(owner);
      const ofA = (await deliveriesOf(owner, a.id))[0]!;
      expectProblem(await http.get(`/v2/webhook-endpoints/${b.id}/deliveries?starting_after=${ofA.id}`, { auth: owner.bearer }), 400, 'invalid_cursor');
    });
  });

  it('answers 401 without a key', async () => {
    expectProblem(await http.get('/v2/webhook-endpoints/whe_00000000000000000000/deliveries'), 401, 'authentication_required');
  });

  describe('answers 404 resource_not_found', () => {
    it('for an endpoint that never existed', async () => {
      const owner = await newMerchant();
      expectProblem(await http.get('/v2/webhook-endpoints/whe_00000000000000000000/deliveries', { auth: owner.bearer }), 404, 'resource_not_found');
    });

    it("for another merchant's endpoint", async () => {
      const owner = await newMerchant();
      const other = await newMerchant();
      const theirs = await endpointFor(other, PUBLIC_URL);
      await cancelEvent(other);
      expectProblem(await http.get(`/v2/webhook-endpoints/${theirs.id}/deliveries`, { auth: owner.bearer }), 404, 'resource_not_found');
    });
  });
});

describe('delivery to a real endpoint', () => {
  it('sends an endpoint only the event types it subscribed to', async () => {
    const owner = await newMerchant();
    const capturesOnly = await Receiver.start();
    const everything = await Receiver.start();
    const captures = await endpointFor(owner, capturesOnly.url, ['transaction.captured']);
    await endpointFor(owner, everything.url, ['*']);
    const tx = await authorizedTransaction(http, owner);
    await capture(http, owner, tx.id, 1_000);
    await capture(http, owner, tx.id, 2_000);
    await cancelEvent(owner);
    await runOnce();

    const typeOf = (request: Received) => (JSON.parse(request.body) as Event).type;
    expect(capturesOnly.received.map(typeOf)).toEqual(['transaction.captured', 'transaction.captured']);
    expect((await deliveryRows(captures.id)).map((d) => d.eventType)).toEqual(['transaction.captured', 'transaction.captured']);
    expect(everything.received.map(typeOf).sort()).toEqual([
      'checkout.canceled',
      'checkout.confirmed',
      'transaction.authorized',
      'transaction.captured',
      'transaction.captured',
    ]);
  });

  it('keeps test and live apart: test events reach test endpoints only, live events live endpoints only', async () => {
    const owner = await newMerchant();
    const receiver = await Receiver.start();
    const test = await endpointFor(owner, receiver.url, ['*']);
    const live = await endpointFor(owner, PUBLIC_URL, ['*'], liveBearer(owner));

    await cancelEvent(owner);
    expect(await deliveryRows(test.id)).toHaveLength(1);
    expect(await deliveryRows(live.id)).toEqual([]);

    // A live checkout left open expires (seen on read) with a live checkout.expired event.
    const checkout = await openCheckout(http, owner, { live: true });
    clock.advance(25 * HOUR_MS);
    const read = await http.get(`/v2/checkouts/${checkout.id}`, { auth: liveBearer(owner) });
    expect(read.body.status).toBe('expired');
    const liveEvents = await eventsOf(http, owner, checkout.id, { live: true });
    expect(liveEvents.map((e) => [e.type, e.livemode])).toEqual([['checkout.expired', true]]);
    expect((await deliveryRows(live.id)).map((d) => d.eventId)).toEqual([liveEvents[0]!.id]);
    expect(await deliveryRows(test.id)).toHaveLength(1);
    // The live delivery is not for this machine: stop it before a round tries it.
    expect((await deleteEndpoint(owner, live.id, liveBearer(owner))).status).toBe(200);

    await runOnce();
    expect(receiver.received.map((r) => (JSON.parse(r.body) as Event).livemode)).toEqual([false]);
    // Redelivering the live event with the test key finds no such event.
    expectProblem(await redeliver(owner, liveEvents[0]!.id), 404, 'resource_not_found');
  });

  it('checks the address again when delivering: loopback is refused once the operator disallows it', async () => {
    const owner = await newMerchant();
    const receiver = await Receiver.start();
    const literal = await endpointFor(owner, receiver.url, ['checkout.canceled']);
    const named = await endpointFor(owner, `http://localhost:${receiver.port}/hooks`, ['checkout.canceled']);
    await cancelEvent(owner);
    await dispatcherWith({ allowLocalhostForSandbox: false }).runOnce();

    expect(receiver.received).toEqual([]);
    const [byLiteral, byName] = [await onlyDeliveryOf(owner, literal.id), await onlyDeliveryOf(owner, named.id)];
    for (const delivery of [byLiteral, byName]) {
      expect(delivery.status).toBe('pending');
      expect(delivery.attempts).toHaveLength(1);
      expect(delivery.attempts[0]).toMatchObject({ number: 1, response_status: null, error: expect.stringMatching(/^EADDRNOTALLOWED: /) });
    }
    expect(byLiteral.attempts[0]!.error).toContain('loopback');
    expect(byName.attempts[0]!.error).toMatch(/localhost resolves to (127\.0\.0\.1|::1), a loopback address/);
  });
});

describe('at least once, never twice at a time', () => {
  it('does not follow redirects: a 302 is a failed attempt, and its Location is never requested', async () => {
    const owner = await newMerchant();
    const receiver = await Receiver.start((res) => {
      res.writeHead(302, { Location: 'http://169.254.169.254/latest/meta-data/' }).end();
    });
    const endpoint = await endpointFor(owner, receiver.url, ['checkout.canceled']);
    await cancelEvent(owner);
    await runOnce();
    expect(receiver.received).toHaveLength(1);
    const delivery = await onlyDeliveryOf(owner, endpoint.id);
    expect(delivery.status).toBe('pending');
    expect(delivery.attempts).toMatchObject([{ number: 1, response_status: 302, error: 'HTTP 302' }]);
  });

  it('sends the attempt again when a dispatcher claimed it and died: after its lease, another takes over', async () => {
    const owner = await newMerchant();
    const receiver = await Receiver.start();
    const endpoint = await endpointFor(owner, receiver.url, ['checkout.canceled']);
    await cancelEvent(owner);
    const [queued] = await deliveryRows(endpoint.id);

    // Claims (attempt 1 leased for 2 × 10 s + 5 s) and never sends: as if killed.
    const dead = dispatcherWith({ timeoutMs: 10_000 });
    expect((await dead.claim()).map(({ delivery }) => delivery.id)).toContain(queued!.id);
    await runOnce();
    expect(receiver.received).toEqual([]);
    clock.advance(24 * SECOND_MS);
    await runOnce();
    expect(receiver.received).toEqual([]);

    clock.advance(1 * SECOND_MS + 1);
    await runOnce();
    expect(receiver.received.map((r) => [r.headers['evenpay-delivery-id'], r.headers['evenpay-attempt']])).toEqual([[queued!.id, '2']]);
    const delivery = await onlyDeliveryOf(owner, endpoint.id);
    expect(delivery.status).toBe('succeeded');
    expect(delivery.attempts.map((a) => [a.number, a.response_status])).toEqual([[2, 200]]);
  });

  it('sends each attempt once when several dispatchers run rounds at the same time', async () => {
    const owner = await newMerchant();
    const receiver = await Receiver.start((res) => {
      setTimeout(() => res.writeHead(200).end('ok'), 10);
    });
    const endpoint = await endpointFor(owner, receiver.url, ['checkout.canceled']);
    for (let i = 0; i < 12; i++) await cancelEvent(owner);
    const dispatchers = [evenpay.dispatcher, dispatcherWith({}), dispatcherWith({}), dispatcherWith({})];
    await Promise.all(dispatchers.map((d) => d.runOnce()));
    await Promise.all(dispatchers.map((d) => d.runOnce()));

    const rows = await deliveryRows(endpoint.id);
    expect(rows.map((d) => d.status)).toEqual(Array(12).fill('succeeded'));
    const sent = receiver.received.map((r) => `${r.headers['evenpay-delivery-id']}#${r.headers['evenpay-attempt']}`);
    expect(sent.sort()).toEqual(rows.map((d) => `${d.id}#1`).sort());
    const attempts = await evenpay.services.models.WebhookAttempt.findAll({ where: { deliveryId: rows.map((d) => d.id) } });
    expect(attempts).toHaveLength(12);
  });
});
