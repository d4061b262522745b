// Redelivering an event: one new delivery per enabled endpoint subscribed to its type (or only
// the endpoint named), sent as a new delivery of the same event; another merchant's event or
// endpoint, and a deleted endpoint, are not found; refusals and Idempotency-Key replays. On a
// database of its own (helpers/webhooks.ts).
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { expectProblem, parameters, pointers } from '../../helpers/problem.js';
import { iso, PUBLIC_URL, type WebhookDeliveryList, webhookSuite } from '../../helpers/webhooks.js';

const { clock, evenpay, http, newMerchant, deleteEndpoint, endpointFor, deliveriesOf, deliveryRows, cancelEvent, runOnce, redeliver, Receiver, verify } =
  webhookSuite('webhook_redeliver');

describe('POST /v2/events/{eventId}/redeliver', () => {
  /** A merchant with endpoints for everything, for checkout.canceled, for captures only, and a deleted one; and one canceled checkout. */
  const setup = async () => {
    const owner = await newMerchant();
    const all = await endpointFor(owner, PUBLIC_URL, ['*']);
    const cancels = await endpointFor(owner, PUBLIC_URL, ['checkout.canceled', 'checkout.expired']);
    const captures = await endpointFor(owner, PUBLIC_URL, ['transaction.captured']);
    const gone = await endpointFor(owner, PUBLIC_URL, ['*']);
    expect((await deleteEndpoint(owner, gone.id)).status).toBe(200);
    const event = await cancelEvent(owner);
    return { owner, all, cancels, captures, gone, event };
  };

  it('queues one new delivery per enabled endpoint subscribed to the event type', async () => {
    const { owner, all, cancels, captures, gone, event } = await setup();
    const originals = [...(await deliveryRows(all.id)), ...(await deliveryRows(cancels.id))].map((d) => d.id);
    expect(originals).toHaveLength(2);

    const res = await redeliver(owner, event.id);
    expect(res.status).toBe(202);
    const list = res.body as WebhookDeliveryList;
    expect(list).toMatchObject({ object: 'list', url: `/v2/events/${event.id}/redeliver`, has_more: false });
    expect(list.data.map((d) => d.webhook_endpoint_id).sort()).toEqual([all.id, cancels.id].sort());
    for (const delivery of list.data) {
      expect(delivery).toMatchObject({
        object: 'webhook_delivery',
        event_id: event.id,
        event_type: 'checkout.canceled',
        status: 'pending',
        attempt_count: 0,
        next_attempt_at: iso(clock.now()),
        created: iso(clock.now()),
        attempts: [],
      });
      expect(originals).not.toContain(delivery.id);
    }
    expect((await deliveryRows(all.id)).map((d) => d.eventId)).toEqual([event.id, event.id]);
    expect(await deliveryRows(cancels.id)).toHaveLength(2);
    expect(await deliveryRows(captures.id)).toEqual([]);
    expect(await deliveryRows(gone.id)).toEqual([]);
    // The new delivery is listed with the endpoint's, newest first.
    expect((await deliveriesOf(owner, all.id))[0]!.id).toBe(list.data.find((d) => d.webhook_endpoint_id === all.id)!.id);
  });

  it('queues it only for the endpoint named in webhook_endpoint_id', async () => {
    const { owner, all, cancels, event } = await setup();
    const res = await redeliver(owner, event.id, { webhook_endpoint_id: cancels.id });
    expect(res.status).toBe(202);
    expect((res.body as WebhookDeliveryList).data.map((d) => d.webhook_endpoint_id)).toEqual([cancels.id]);
    expect(await deliveryRows(cancels.id)).toHaveLength(2);
    expect(await deliveryRows(all.id)).toHaveLength(1);
  });

  it('sends the redelivery as a new delivery of the same event', async () => {
    const owner = await newMerchant();
    const receiver = await Receiver.start();
    const endpoint = await endpointFor(owner, receiver.url, ['checkout.canceled']);
    const event = await cancelEvent(owner);
    await runOnce();
    const res = await redeliver(owner, event.id, { webhook_endpoint_id: endpoint.id });
    expect(res.status).toBe(202);
    await runOnce();
    expect(receiver.received).toHaveLength(2);
    const [original, again] = receiver.received;
    expect(again!.headers['evenpay-event-id']).toBe(event.id);
    expect(again!.headers['evenpay-delivery-id']).toBe(res.body.data[0].id);
    expect(again!.headers['evenpay-delivery-id']).not.toBe(original!.headers['evenpay-delivery-id']);
    expect(again!.headers['evenpay-attempt']).toBe('1');
    expect(again!.body).toBe(original!.body);
    expect(verify(again!, endpoint.secret)).toBe(Math.floor(clock.now().getTime() / 1000));
    expect((await deliveriesOf(owner, endpoint.id)).map((d) => d.status)).toEqual(['succeeded', 'succeeded']);
  });

  it('answers an empty list when no endpoint is subscribed', async () => {
    const owner = await newMerchant();
    await endpointFor(owner, PUBLIC_URL, ['transaction.captured']);
    const event = await cancelEvent(owner);
    const res = await redeliver(owner, event.id, {});
    expect(res.status).toBe(202);
    expect(res.body.data).toEqual([]);
  });

  describe('answers 404 resource_not_found', () => {
    it('for an event that never existed', async () => {
      const owner = await newMerchant();
      expectProblem(await redeliver(owner, 'evt_00000000000000000000'), 404, 'resource_not_found');
    });

    it('for an endpoint that never existed, and queues nothing', async () => {
      const { owner, all, event } = await setup();
      expectProblem(await redeliver(owner, event.id, { webhook_endpoint_id: 'whe_00000000000000000000' }), 404, 'resource_not_found');
      expect(await deliveryRows(all.id)).toHaveLength(1);
    });

    it('for a deleted endpoint', async () => {
      const { owner, gone, event } = await setup();
      expectProblem(await redeliver(owner, event.id, { webhook_endpoint_id: gone.id }), 404, 'resource_not_found');
      expect(await deliveryRows(gone.id)).toEqual([]);
    });

    it("for another merchant's event, which is not redelivered", async () => {
      const { owner, all, event } = await setup();
      const intruder = await newMerchant();
      await endpointFor(intruder, PUBLIC_URL);
      expectProblem(await redeliver(intruder, event.id), 404, 'resource_not_found');
      expect(await deliveryRows(all.id)).toHaveLength(1);
      expect((await redeliver(owner, event.id)).status).toBe(202);
    });

    it("for another merchant's endpoint", async () => {
      const { owner, event } = await setup();
      const other = await newMerchant();
      const theirs = await endpointFor(other, PUBLIC_URL);
      expectProblem(await redeliver(owner, event.id, { webhook_endpoint_id: theirs.id }), 404, 'resource_not_found');
      expect(await deliveryRows(theirs.id)).toEqual([]);
    });
  });

  describe('refuses a malformed request with 400 invalid_request', () => {
    it('for a malformed event id', async () => {
      const owner = await newMerchant();
      const res = await redeliver(owner, 'chk_00000000000000000000');
      expectProblem(res, 400, 'invalid_request');
      expect(parameters(res)).toContain('eventId');
    });

    it.each<[string, unknown, string]>([
      ['a malformed endpoint id', { webhook_endpoint_id: 'nope' }, '/webhook_endpoint_id'],
      ['an unknown field', { endpoint: 'whe_00000000000000000000' }, '/endpoint'],
    ])('for %s', async (_what, body, pointer) => {
      const { owner, all, event } = await setup();
      const res = await redeliver(owner, event.id, body);
      expectProblem(res, 400, 'invalid_request');
      expect(pointers(res)).toContain(pointer);
      expect(await deliveryRows(all.id)).toHaveLength(1);
    });
  });

  it('answers 401 without a key', async () => {
    expectProblem(await http.post('/v2/events/evt_00000000000000000000/redeliver', { body: {} }), 401, 'authentication_required');
  });

  describe('with an Idempotency-Key', () => {
    it('replays the queued deliveries and queues them once', async () => {
      const { owner, all, event } = await setup();
      const key = randomUUID();
      const first = await redeliver(owner, event.id, { webhook_endpoint_id: all.id }, { 'Idempotency-Key': key });
      const again = await redeliver(owner, event.id, { webhook_endpoint_id: all.id }, { 'Idempotency-Key': key });
      expect(first.status).toBe(202);
      expect(again.status).toBe(202);
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect(again.body).toEqual(first.body);
      expect(await deliveryRows(all.id)).toHaveLength(2);
    });

    it('answers 409 idempotency_request_in_flight while the first request still runs', async () => {
      const { owner, all, event } = await setup();
      const key = randomUUID();
      const body = { webhook_endpoint_id: all.id };
      await evenpay.services.idempotency.claim({
        principalId: owner.id,
        merchantId: owner.id,
        livemode: false,
        key,
        operationId: 'redeliverEvent',
        request: { params: { eventId: event.id }, body },
      });
      const res = await redeliver(owner, event.id, body, { 'Idempotency-Key': key });
      expectProblem(res, 409, 'idempotency_request_in_flight');
      expect(res.headers['retry-after']).toBe('1');
      expect(await deliveryRows(all.id)).toHaveLength(1);
    });

    it('refuses the key reused for another endpoint with 422 idempotency_key_reused', async () => {
      const { owner, all, cancels, event } = await setup();
      const key = randomUUID();
      expect((await redeliver(owner, event.id, { webhook_endpoint_id: all.id }, { 'Idempotency-Key': key })).status).toBe(202);
      const res = await redeliver(owner, event.id, { webhook_endpoint_id: cancels.id }, { 'Idempotency-Key': key });
      expectProblem(res, 422, 'idempotency_key_reused');
      expect(parameters(res)).toEqual(['Idempotency-Key']);
      expect(await deliveryRows(cancels.id)).toHaveLength(1);
    });
  });
});
