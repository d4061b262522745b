// Partner webhooks and events: a partner's endpoint (created with its key and no
// Evenpay-Merchant) receives the events of every one of its merchants — whether the partner or
// the merchant itself acted — signed as a merchant's are, each naming `merchant` and `partner`;
// never another partner's, never the other mode's. Without the header the partner lists and reads
// the events of all its merchants. On a database of its own (helpers/webhooks.ts).
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkoutBody } from '../../factories/checkouts.js';
import { makeMerchant, type TestMerchant } from '../../factories/merchants.js';
import { makePartner, type TestPartner } from '../../factories/partners.js';
import { canceledCheckout } from '../../factories/transactions.js';
import { expectProblem } from '../../helpers/problem.js';
import { PUBLIC_URL, type Received, webhookSuite } from '../../helpers/webhooks.js';

const { evenpay, http, endpointFor, deliveriesOf, runOnce, Receiver, verify } = webhookSuite('partner_webhooks');

let partner: TestPartner;
let otherPartner: TestPartner;
let first: TestMerchant;
let second: TestMerchant;
let othersMerchant: TestMerchant;

beforeAll(async () => {
  const { models } = evenpay.services;
  partner = await makePartner(models, { name: 'Webhook Platform' });
  otherPartner = await makePartner(models, { name: 'Other Platform' });
  first = await makeMerchant(models, { name: 'First Shop', partnerId: partner.id });
  second = await makeMerchant(models, { name: 'Second Shop', partnerId: partner.id });
  othersMerchant = await makeMerchant(models, { name: 'Not Yours', partnerId: otherPartner.id });
});

type EventBody = { id: string; type: string; livemode: boolean; merchant: string; partner: string | null; acting_partner: string | null };

/** A checkout of the merchant canceled by the partner acting for it: one checkout.canceled event. */
async function canceledByPartner(merchant: TestMerchant): Promise<string> {
  const headers = { 'Evenpay-Merchant': merchant.id };
  const created = await http.post('/v2/checkouts', { auth: partner.bearer, headers, body: checkoutBody() });
  expect(created.status).toBe(201);
  const canceled = await http.post(`/v2/sandbox/checkouts/${created.body.id}/cancel`, { auth: partner.bearer, headers });
  expect(canceled.status).toBe(200);
  return created.body.id as string;
}

const bodies = (received: Received[]) => received.map((request) => JSON.parse(request.body) as EventBody & { data: { object: { id: string } } });

describe('a partner endpoint', () => {
  it("receives every one of its merchants' events, signed, naming the merchant and the partner; never another partner's", async () => {
    const receiver = await Receiver.start();
    const endpoint = await endpointFor(first, receiver.url, ['*'], partner.bearer);
    const merchantsOwn = await Receiver.start();
    await endpointFor(first, merchantsOwn.url, ['checkout.canceled'], first.bearer);

    const byPartner = await canceledByPartner(first);
    const byMerchant = (await canceledCheckout(http, second)).id;
    await canceledCheckout(http, othersMerchant);
    while ((await runOnce()) > 0);

    // Delivered at once, in no promised order.
    const got = bodies(receiver.received).map((event) => [event.type, event.data.object.id, event.merchant, event.partner, event.acting_partner]);
    expect(got).toHaveLength(2);
    expect(got).toEqual(
      expect.arrayContaining([
        ['checkout.canceled', byPartner, first.id, partner.id, partner.id],
        ['checkout.canceled', byMerchant, second.id, partner.id, null],
      ]),
    );
    for (const request of receiver.received) expect(verify(request, endpoint.secret)).toBeGreaterThan(0);
    // The merchant's own endpoint still gets its merchant's event.
    expect(bodies(merchantsOwn.received).map((event) => event.data.object.id)).toEqual([byPartner]);
  });

  it('belongs to the partner: its merchants do not see it, and the header means the merchant’s endpoints', async () => {
    const receiver = await Receiver.start();
    const endpoint = await endpointFor(first, receiver.url, ['*'], partner.bearer);
    const own = await http.get('/v2/webhook-endpoints?limit=100', { auth: partner.bearer });
    expect(own.body.data.map((e: { id: string }) => e.id)).toContain(endpoint.id);
    const merchants = await http.get('/v2/webhook-endpoints?limit=100', { auth: first.bearer });
    expect(merchants.body.data.map((e: { id: string }) => e.id)).not.toContain(endpoint.id);
    const acting = await http.get('/v2/webhook-endpoints?limit=100', { auth: partner.bearer, headers: { 'Evenpay-Merchant': first.id } });
    expect(acting.body.data.map((e: { id: string }) => e.id)).not.toContain(endpoint.id);
    expectProblem(await http.call('delete', `/v2/webhook-endpoints/${endpoint.id}`, { auth: first.bearer }), 404, 'resource_not_found');
    expectProblem(await http.call('delete', `/v2/webhook-endpoints/${endpoint.id}`, { auth: otherPartner.bearer }), 404, 'resource_not_found');
  });

  it('never mixes modes: a live endpoint of the partner gets none of the test events', async () => {
    const live = await endpointFor(first, PUBLIC_URL, ['*'], `Bearer ${partner.liveSecretKey}`);
    await canceledByPartner(second);
    expect(await deliveriesOf(first, live.id, `Bearer ${partner.liveSecretKey}`)).toEqual([]);
    const liveEvents = await http.get('/v2/events', { auth: `Bearer ${partner.liveSecretKey}` });
    expect(liveEvents.body.data.every((event: EventBody) => event.livemode)).toBe(true);
  });

  it('receives merchant.updated as the partner onboards and updates a merchant', async () => {
    const receiver = await Receiver.start();
    await endpointFor(first, receiver.url, ['merchant.updated'], partner.bearer);
    const created = await http.post('/v2/merchants', {
      auth: partner.bearer,
      body: { external_merchant_id: `shop-${randomUUID()}`, legal_name: 'Acme LLC', name: 'Acme', country: 'US', currencies: ['USD'] },
    });
    expect(created.status).toBe(201);
    await http.post(`/v2/merchants/${created.body.id}`, { auth: partner.bearer, body: { website: 'https://acme.example.com' } });
    while ((await runOnce()) > 0);
    expect(bodies(receiver.received).map((event) => [event.type, event.merchant, event.partner, event.acting_partner])).toEqual([
      ['merchant.updated', created.body.id, partner.id, partner.id],
    ]);
  });

  it("receives its merchants' key events (never a secret), as the partner or the merchant manages keys", async () => {
    const receiver = await Receiver.start();
    await endpointFor(first, receiver.url, ['api_key.created', 'api_key.rolled', 'api_key.revoked'], partner.bearer);
    const created = await http.post('/v2/api-keys', { auth: partner.bearer, headers: { 'Evenpay-Merchant': first.id }, body: { type: 'secret' } });
    const rolled = await http.post(`/v2/api-keys/${created.body.id}/roll`, { auth: first.bearer, body: { expires_in_hours: 0 } });
    await http.post(`/v2/api-keys/${rolled.body.id}/revoke`, { auth: partner.bearer, headers: { 'Evenpay-Merchant': first.id } });
    while ((await runOnce()) > 0);
    const got = bodies(receiver.received)
      .map((event) => [event.type, event.data.object.id, event.merchant, event.acting_partner])
      .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
    expect(got).toEqual(
      [
        ['api_key.created', created.body.id, first.id, partner.id],
        ['api_key.created', rolled.body.id, first.id, null],
        ['api_key.rolled', created.body.id, first.id, null],
        ['api_key.revoked', rolled.body.id, first.id, partner.id],
      ].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))),
    );
    for (const request of receiver.received) {
      expect(request.body).not.toContain(created.body.secret);
      expect(request.body).not.toContain(rolled.body.secret);
      expect(request.body).not.toMatch(/token_?hash/i);
    }
    const rolledEvent = bodies(receiver.received).find((event) => event.type === 'api_key.rolled')!;
    expect(rolledEvent.data.object).toMatchObject({ object: 'api_key', status: 'expired', rolled_to: rolled.body.id });
  });

  it('is where a partner redelivers: to its own endpoints only', async () => {
    const receiver = await Receiver.start();
    const endpoint = await endpointFor(first, receiver.url, ['*'], partner.bearer);
    const merchantsOwn = await Receiver.start();
    const merchantEndpoint = await endpointFor(first, merchantsOwn.url, ['*'], first.bearer);
    const checkoutId = await canceledByPartner(first);
    const events = await http.get(`/v2/events?merchant=${first.id}&limit=5`, { auth: partner.bearer });
    const event = events.body.data.find((e: { data: { object: { id: string } } }) => e.data.object.id === checkoutId);
    const queued = await http.post(`/v2/events/${event.id}/redeliver`, { auth: partner.bearer });
    expect(queued.status).toBe(202);
    expect(queued.body.data.map((delivery: { webhook_endpoint_id: string }) => delivery.webhook_endpoint_id)).toEqual([endpoint.id]);
    expect((await deliveriesOf(first, merchantEndpoint.id)).length).toBe(1);
  });
});

describe('GET /v2/events with a partner key and no Evenpay-Merchant', () => {
  it('lists the events of all its merchants, newest first, filtered by merchant; reads one; never another partner’s', async () => {
    const a = await canceledByPartner(first);
    const b = (await canceledCheckout(http, second)).id;
    const others = (await canceledCheckout(http, othersMerchant)).id;
    const all = await http.get('/v2/events?limit=100', { auth: partner.bearer });
    expect(all.status).toBe(200);
    const objectIds = all.body.data.map((event: { data: { object: { id: string } } }) => event.data.object.id);
    expect(objectIds.indexOf(b)).toBeLessThan(objectIds.indexOf(a));
    expect(objectIds).not.toContain(others);
    // Its merchants' only (the file's other tests onboarded more of them).
    expect(all.body.data.every((event: EventBody) => event.partner === partner.id && event.merchant !== othersMerchant.id)).toBe(true);

    const onlySecond = await http.get(`/v2/events?merchant=${second.id}&limit=100`, { auth: partner.bearer });
    expect(onlySecond.body.data.every((event: EventBody) => event.merchant === second.id)).toBe(true);
    expect(onlySecond.body.data.map((event: { data: { object: { id: string } } }) => event.data.object.id)).toContain(b);
    const foreignFilter = await http.get(`/v2/events?merchant=${othersMerchant.id}`, { auth: partner.bearer });
    expect(foreignFilter.body.data).toEqual([]);

    const one = all.body.data[0] as EventBody;
    expect((await http.get(`/v2/events/${one.id}`, { auth: partner.bearer })).body).toEqual(one);
    const theirs = await http.get('/v2/events?limit=1', { auth: othersMerchant.bearer });
    expectProblem(await http.get(`/v2/events/${theirs.body.data[0].id}`, { auth: partner.bearer }), 404, 'resource_not_found');
  });
});
