// Three service processes on one database behind a round-robin "load balancer" (this test picks
// the next replica for every request), each running its own webhook dispatcher: same-key POSTs
// make one object, concurrent captures never over-capture, and no webhook attempt is sent twice.
// On a database of its own, because the replicas' dispatchers act on every pending delivery.
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { EvenpayApp } from '../../src/app.js';
import { checkoutBody } from '../factories/checkouts.js';
import { makeMerchant, type TestMerchant } from '../factories/merchants.js';
import { startTestApp } from '../helpers/app.js';
import { type FreshDatabase, freshDatabase } from '../helpers/fresh-database.js';
import { type ServerProcess, startServerProcess } from '../helpers/server-process.js';
import { assertConformsToSpec } from '../helpers/spec-oracle.js';

let database: FreshDatabase;
let evenpay: EvenpayApp;
let merchant: TestMerchant;
let replicas: ServerProcess[] = [];
let next = 0;

beforeAll(async () => {
  database = await freshDatabase(inject('databaseUrl'), 'multi_replica');
  evenpay = await startTestApp({ databaseUrl: database.url });
  merchant = await makeMerchant(evenpay.services.models);
  const env = { WEBHOOK_DISPATCHER: 'inline', RATE_LIMIT_PER_SECOND: '100000' };
  replicas = await Promise.all([0, 1, 2].map(() => startServerProcess(database.url, env)));
}, 90_000);
afterAll(async () => {
  await Promise.all(replicas.map((r) => r.stop()));
  await evenpay.close();
  await database.drop();
});

/** Round robin over the replicas; every answer is checked against the spec. */
async function call(method: 'GET' | 'POST', path: string, body?: unknown, headers: Record<string, string> = {}) {
  const replica = replicas[next++ % replicas.length]!;
  const res = await fetch(`${replica.baseUrl}${path}`, {
    method,
    headers: { Authorization: merchant.bearer, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }), ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const json = (await res.json()) as Record<string, any>;
  assertConformsToSpec(method.toLowerCase(), path, { status: res.status, headers: Object.fromEntries(res.headers), body: json });
  return { status: res.status, body: json, replayed: res.headers.get('idempotent-replayed') === 'true' };
}

describe('three replicas on one database', () => {
  it('make one checkout from 30 same-key POSTs spread across them', async () => {
    const key = randomUUID();
    const body = checkoutBody({ order_id: 'replicas-1' });
    const results = await Promise.all(Array.from({ length: 30 }, () => call('POST', '/v2/checkouts', body, { 'Idempotency-Key': key })));
    for (const r of results) expect([201, 409]).toContain(r.status);
    const created = results.filter((r) => r.status === 201);
    expect(new Set(created.map((r) => r.body.id)).size).toBe(1);
    expect(created.filter((r) => !r.replayed)).toHaveLength(1);
    expect(await evenpay.services.models.Checkout.count({ where: { merchantId: merchant.id, orderId: 'replicas-1' } })).toBe(1);
  }, 60_000);

  it('never over-capture when 45 captures are spread across them', async () => {
    const checkout = await call(
      'POST',
      '/v2/checkouts',
      checkoutBody({
        items: [{ sku: 'R', name: 'R', unit_price: 10_000, quantity: 1 }],
        shipping_amount: 0,
        tax_amount: 0,
        discount_amount: 0,
        total_amount: 10_000,
      }),
    );
    await call('POST', `/v2/sandbox/checkouts/${checkout.body.id}/confirm`, { plan_id: 'pay_in_4' });
    const tx = await call('POST', '/v2/transactions', { checkout_id: checkout.body.id });
    const results = await Promise.all(
      Array.from({ length: 45 }, () => call('POST', `/v2/transactions/${tx.body.id}/capture`, { amount: 300 }, { 'Idempotency-Key': randomUUID() })),
    );
    expect(results.filter((r) => r.status === 200)).toHaveLength(33);
    for (const r of results.filter((r) => r.status !== 200)) expect(r.body.code).toBe('capture_exceeds_authorized');
    expect((await evenpay.services.models.Transaction.findOne({ where: { id: tx.body.id } }))!.capturedAmount).toBe(9_900);
  }, 60_000);

  it('send every webhook attempt once although all three dispatch', async () => {
    const seen: string[] = [];
    const receiver: Server = createServer(async (req, res) => {
      for await (const _chunk of req);
      seen.push(`${req.headers['evenpay-delivery-id']}#${req.headers['evenpay-attempt']}`);
      res.end('ok');
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`;
    const endpoint = await call('POST', '/v2/webhook-endpoints', { url, enabled_events: ['checkout.canceled'] });
    for (let i = 0; i < 24; i++) {
      const checkout = await call('POST', '/v2/checkouts', checkoutBody());
      await call('POST', `/v2/sandbox/checkouts/${checkout.body.id}/cancel`);
    }
    const deadline = Date.now() + 30_000;
    const delivered = () => evenpay.services.models.WebhookDelivery.count({ where: { endpointId: endpoint.body.id, status: 'succeeded' } });
    while ((await delivered()) < 24 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 200));
    await new Promise((resolve) => setTimeout(resolve, 1_500)); // room for a duplicate to show up
    receiver.close();
    expect(await delivered()).toBe(24);
    expect(seen).toHaveLength(24);
    expect(new Set(seen).size).toBe(24);
  }, 60_000);
});
