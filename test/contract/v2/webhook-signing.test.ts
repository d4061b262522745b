// Signed webhook requests: each event is POSTed as GET /v2/events/{id} shows it, with its event
// id, delivery id and attempt number, and an Evenpay-Signature header (t=…,v1=…) that the SDK's
// verifyWebhookSignature accepts with the endpoint's secret only, over the raw body only. On a
// database of its own (helpers/webhooks.ts).
import { describe, expect, it } from 'vitest';
import { verifyWebhookSignature, WebhookSignatureError } from '../../../src/sdk/webhooks.js';
import { authorizedTransaction, capture, eventsOf } from '../../factories/transactions.js';
import { signatureOf, webhookSuite } from '../../helpers/webhooks.js';

const { clock, http, newMerchant, endpointFor, deliveryRows, runOnce, Receiver, verify } = webhookSuite('webhook_signing');

describe('delivery to a real endpoint', () => {
  it('POSTs each event as GET /v2/events/{id} shows it, signed, with its ids and attempt number', async () => {
    const owner = await newMerchant();
    const receiver = await Receiver.start();
    const endpoint = await endpointFor(owner, receiver.url);
    const tx = await authorizedTransaction(http, owner);
    await capture(http, owner, tx.id, 5_000);
    await runOnce();

    const events = [...(await eventsOf(http, owner, tx.checkout_id)), ...(await eventsOf(http, owner, tx.id))];
    expect(events.map((e) => e.type).sort()).toEqual(['checkout.confirmed', 'transaction.authorized', 'transaction.captured']);
    const rows = await deliveryRows(endpoint.id);
    expect(rows.map((d) => d.status)).toEqual(['succeeded', 'succeeded', 'succeeded']);
    expect(receiver.received).toHaveLength(3);

    for (const request of receiver.received) {
      expect(request.method).toBe('POST');
      expect(request.path).toBe('/hooks');
      expect(request.headers['content-type']).toBe('application/json');
      expect(request.headers['user-agent']).toBe('Evenpay-Webhooks/1.0');
      expect(Number(request.headers['content-length'])).toBe(request.raw.length);
      const eventId = request.headers['evenpay-event-id'] as string;
      const asListed = await http.get(`/v2/events/${eventId}`, { auth: owner.bearer });
      expect(asListed.status).toBe(200);
      expect(JSON.parse(request.body)).toEqual(asListed.body);
      const row = rows.find((d) => d.id === request.headers['evenpay-delivery-id']);
      expect(row?.eventId).toBe(eventId);
      expect(request.headers['evenpay-attempt']).toBe('1');

      const header = signatureOf(request);
      expect(header).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
      expect(verify(request, endpoint.secret)).toBe(Math.floor(clock.now().getTime() / 1000));
      expect(() => verify(request, 'whsec_someoneElsesSecret000000000000')).toThrow(WebhookSignatureError);
      // The signature covers the raw body: one byte changed and it no longer holds.
      expect(() => verifyWebhookSignature(`${request.body} `, header, endpoint.secret, { now: clock.now() })).toThrow(WebhookSignatureError);
    }
    // A second round sends nothing more.
    await runOnce();
    expect(receiver.received).toHaveLength(3);
  });
});
