// Webhook delivery across processes, on a database of its own (workers act on every pending
// delivery of a database): a dispatcher killed mid-attempt loses nothing, and two dispatchers
// sharing the outbox never send the same attempt twice.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import type { EvenpayApp } from '../../src/app.js';
import { verifyWebhookSignature } from '../../src/sdk/webhooks.js';
import { Dispatcher } from '../../src/webhooks/dispatcher.js';
import { checkoutBody } from '../factories/checkouts.js';
import { makeMerchant, type TestMerchant } from '../factories/merchants.js';
import { startTestApp } from '../helpers/app.js';
import { type FreshDatabase, freshDatabase } from '../helpers/fresh-database.js';
import { api } from '../helpers/http.js';
import { startWorkerProcess, type WorkerProcess } from '../helpers/worker-process.js';

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

let database: FreshDatabase;
let evenpay: EvenpayApp;
let http: ReturnType<typeof api>;
let merchant: TestMerchant;
const workers: WorkerProcess[] = [];

beforeAll(async () => {
  database = await freshDatabase(inject('databaseUrl'), 'webhook_processes');
  evenpay = await startTestApp({ databaseUrl: database.url });
  http = api(evenpay.app);
  merchant = await makeMerchant(evenpay.services.models);
}, 60_000);
afterAll(async () => {
  await Promise.all(workers.map((w) => w.stop()));
  await evenpay.close();
  await database.drop();
});

/** A receiver on 127.0.0.1 that records what it gets and answers through `answer`. */
async function receiver(answer: (n: number, res: import('node:http').ServerResponse) => void): Promise<{ server: Server; url: string; received: Received[] }> {
  const received: Received[] = [];
  const server = createServer(async (req, res) => {
    let body = '';
    for await (const chunk of req) body += chunk;
    received.push({ headers: req.headers, body });
    answer(received.length, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`, received };
}

async function endpointFor(url: string): Promise<{ id: string; secret: string }> {
  const res = await http.post('/v2/webhook-endpoints', { auth: merchant.bearer, body: { url, enabled_events: ['checkout.canceled'] } });
  expect(res.status).toBe(201);
  return { id: res.body.id as string, secret: res.body.secret as string };
}

/** Each canceled checkout is one event, so one delivery. */
async function cancelCheckouts(count: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    const checkout = await http.post('/v2/checkouts', { auth: merchant.bearer, body: checkoutBody() });
    expect((await http.post(`/v2/sandbox/checkouts/${checkout.body.id}/cancel`, { auth: merchant.bearer })).status).toBe(200);
  }
}

describe('webhook dispatchers claiming at the same instant', () => {
  it('never claim the same delivery twice', async () => {
    const target = await receiver((_n, res) => res.end('ok'));
    const endpoint = await endpointFor(target.url);
    await cancelCheckouts(24);
    const options = {
      models: evenpay.services.models,
      uow: evenpay.services.uow,
      clock: evenpay.services.clock,
      logger: evenpay.logger,
      render: async () => '{}',
      allowLocalhostForSandbox: true,
      timeoutMs: 1_000,
      batchSize: 5,
    };
    const dispatchers = Array.from({ length: 4 }, () => new Dispatcher(options));
    const claimed: string[] = [];
    for (let round = 0; round < 8; round++) {
      const batches = await Promise.all(dispatchers.map((d) => d.claim()));
      claimed.push(...batches.flat().map(({ delivery }) => delivery.id));
    }
    const mine = (await evenpay.services.models.WebhookDelivery.findAll({ where: { endpointId: endpoint.id } })).map((d) => d.id);
    expect(claimed.filter((id) => mine.includes(id)).sort()).toEqual([...mine].sort());
    expect(new Set(claimed).size).toBe(claimed.length);
    await http.call('delete', `/v2/webhook-endpoints/${endpoint.id}`, { auth: merchant.bearer });
    target.server.close();
  }, 60_000);
});

describe('webhook dispatchers as processes', () => {
  it('still delivers an event when the dispatcher is killed in the middle of the attempt', async () => {
    let hangFirst = true;
    const target = await receiver((_n, res) => {
      if (hangFirst) {
        hangFirst = false;
        return; // never answer: the dispatcher is killed while waiting
      }
      res.end('ok');
    });
    const endpoint = await endpointFor(target.url);
    await cancelCheckouts(1);
    // Attempt timeout 1 s → lease 7 s: a dead dispatcher's claim is free again after that.
    const first = await startWorkerProcess(database.url, { WEBHOOK_TIMEOUT_MS: '1000' });
    await vi.waitUntil(async () => target.received.length === 1, { timeout: 15_000, interval: 200 });
    await first.kill();

    const second = await startWorkerProcess(database.url, { WEBHOOK_TIMEOUT_MS: '1000' });
    workers.push(second);
    await vi.waitUntil(async () => (await evenpay.services.models.WebhookDelivery.count({ where: { endpointId: endpoint.id, status: 'succeeded' } })) === 1, {
      timeout: 30_000,
      interval: 200,
    });
    expect(target.received).toHaveLength(2);
    const [lost, delivered] = target.received;
    expect(delivered!.headers['evenpay-event-id']).toBe(lost!.headers['evenpay-event-id']);
    expect(delivered!.headers['evenpay-delivery-id']).toBe(lost!.headers['evenpay-delivery-id']);
    expect(verifyWebhookSignature(delivered!.body, delivered!.headers['evenpay-signature'] as string, endpoint.secret)).toBeGreaterThan(0);
    await second.stop();
    workers.pop();
    target.server.close();
    await http.call('delete', `/v2/webhook-endpoints/${endpoint.id}`, { auth: merchant.bearer });
  }, 90_000);

  it('sends each attempt once when two dispatchers share the outbox', async () => {
    const target = await receiver((_n, res) => setTimeout(() => res.end('ok'), 20));
    const endpoint = await endpointFor(target.url);
    // The backlog first, then both dispatchers at once: they race for the same due rows.
    await cancelCheckouts(30);
    workers.push(...(await Promise.all([startWorkerProcess(database.url), startWorkerProcess(database.url)])));
    await vi.waitUntil(async () => (await evenpay.services.models.WebhookDelivery.count({ where: { endpointId: endpoint.id, status: 'succeeded' } })) === 30, {
      timeout: 60_000,
      interval: 200,
    });
    await new Promise((resolve) => setTimeout(resolve, 1_500)); // let any duplicate show up
    const ids = target.received.map((r) => `${r.headers['evenpay-delivery-id']}#${r.headers['evenpay-attempt']}`);
    expect(ids).toHaveLength(30);
    expect(new Set(ids).size).toBe(30);
    const deliveries = await evenpay.services.models.WebhookDelivery.findAll({ where: { endpointId: endpoint.id } });
    const attempts = await evenpay.services.models.WebhookAttempt.findAll({ where: { deliveryId: deliveries.map((d) => d.id) } });
    expect(attempts.map((a) => `${a.deliveryId}#${a.number}`).sort()).toEqual([...ids].sort());
    target.server.close();
  }, 120_000);
});
