// An endpoint that fails every attempt for the 3 days a delivery is retried gets disabled, with a
// `webhook_endpoint.disabled` event; once fixed, the merchant enables it again and deliveries
// resume. On a database of its own: the dispatcher here runs with a
// clock days ahead and would otherwise pick up other files' deliveries.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { EvenpayApp } from '../../../src/app.js';
import { fixedClock } from '../../../src/kernel/clock.js';
import { checkoutBody } from '../../factories/checkouts.js';
import { makeMerchant, type TestMerchant } from '../../factories/merchants.js';
import { startTestApp } from '../../helpers/app.js';
import { type FreshDatabase, freshDatabase } from '../../helpers/fresh-database.js';
import { api } from '../../helpers/http.js';

const clock = fixedClock('2026-11-25T12:00:00Z');
let database: FreshDatabase;
let evenpay: EvenpayApp;
let http: ReturnType<typeof api>;
let merchant: TestMerchant;
let receiver: Server;
let hits = 0;
/** The receiver's answer: failing until the merchant fixes it. */
let answer = 503;

beforeAll(async () => {
  database = await freshDatabase(inject('databaseUrl'), 'webhook_disable');
  evenpay = await startTestApp({ clock, databaseUrl: database.url });
  http = api(evenpay.app);
  merchant = await makeMerchant(evenpay.services.models);
  receiver = createServer((_req, res) => {
    hits += 1;
    res.writeHead(answer).end();
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
}, 60_000);
afterAll(async () => {
  receiver.close();
  await evenpay.close();
  await database.drop();
});

describe('an endpoint failing for 3 days', () => {
  it('is disabled, with a webhook_endpoint.disabled event, once a delivery gives up; enabled again once fixed, it receives events', async () => {
    const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`;
    const created = await http.post('/v2/webhook-endpoints', { auth: merchant.bearer, body: { url, enabled_events: ['checkout.canceled'] } });
    const checkout = await http.post('/v2/checkouts', { auth: merchant.bearer, body: checkoutBody() });
    await http.post(`/v2/sandbox/checkouts/${checkout.body.id}/cancel`, { auth: merchant.bearer });
    const { models } = evenpay.services;
    const delivery = () => models.WebhookDelivery.findOne({ where: { endpointId: created.body.id } });

    for (let round = 0; round < 40 && (await delivery())!.status === 'pending'; round++) {
      const due = (await delivery())!.nextAttemptAt!;
      if (due > clock.now()) clock.set(due);
      await evenpay.dispatcher.runOnce();
    }
    expect((await delivery())!.status).toBe('failed');
    expect(hits).toBeGreaterThan(10);
    expect(clock.now().getTime() - new Date('2026-11-25T12:00:00Z').getTime()).toBeGreaterThan(2.5 * 24 * 60 * 60 * 1000);

    const listed = await http.get('/v2/webhook-endpoints', { auth: merchant.bearer });
    expect(listed.body.data[0]).toMatchObject({ id: created.body.id, status: 'disabled' });
    const events = await http.get('/v2/events?type=webhook_endpoint.disabled', { auth: merchant.bearer });
    expect(events.body.data).toHaveLength(1);
    expect(events.body.data[0].data.object).toMatchObject({ id: created.body.id, object: 'webhook_endpoint', status: 'disabled' });
    expect(JSON.stringify(events.body.data[0])).not.toContain('whsec_');

    // Fixed and enabled again: same id, an event says so, and new events are delivered.
    answer = 200;
    const enabled = await http.post(`/v2/webhook-endpoints/${created.body.id}/enable`, { auth: merchant.bearer });
    expect(enabled.status).toBe(200);
    expect(enabled.body).toMatchObject({ id: created.body.id, status: 'enabled' });
    const enabledEvents = await http.get('/v2/events?type=webhook_endpoint.enabled', { auth: merchant.bearer });
    expect(enabledEvents.body.data.map((event: { data: { object: { id: string; status: string } } }) => event.data.object)).toMatchObject([
      { id: created.body.id, status: 'enabled' },
    ]);

    const next = await http.post('/v2/checkouts', { auth: merchant.bearer, body: checkoutBody() });
    await http.post(`/v2/sandbox/checkouts/${next.body.id}/cancel`, { auth: merchant.bearer });
    const before = hits;
    await evenpay.dispatcher.runOnce();
    expect(hits).toBe(before + 1);
    const deliveries = await models.WebhookDelivery.findAll({ where: { endpointId: created.body.id }, order: [['seq', 'ASC']] });
    expect(deliveries.map((d) => d.status)).toEqual(['failed', 'succeeded']);
  }, 60_000);
});
