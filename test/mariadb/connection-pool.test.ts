// The connection pool, on a service with a pool of one connection:
// - every write runs on its own transaction's connection and never waits for a second one while
//   holding the first (which, on a pool of N with N such writes at once, waits until the pool
//   times out — found by the crash test: cold merchant-profile loads inside checkout transactions);
// - a request that cannot get a connection in time answers 503 with Retry-After, stores nothing
//   under its Idempotency-Key, and the same request with the same key later runs exactly once —
//   whether the pool ran dry before the key was claimed or after.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { EvenpayApp } from '../../src/app.js';
import { DEFAULT_DATABASE_TUNING } from '../../src/data/database.js';
import { checkoutBody } from '../factories/checkouts.js';
import { makeMerchant, type TestMerchant } from '../factories/merchants.js';
import { authorizedTransaction, capture, confirmedCheckout, refund, transactionAction, voidTransaction } from '../factories/transactions.js';
import { startTestApp } from '../helpers/app.js';
import { api, type Http } from '../helpers/http.js';
import { expectProblem } from '../helpers/problem.js';

let evenpay: EvenpayApp;
let http: Http;
let merchant: TestMerchant;

beforeAll(async () => {
  evenpay = await startTestApp({ config: { databaseTuning: { ...DEFAULT_DATABASE_TUNING, poolMax: 1, poolAcquireMs: 500 } } });
  http = api(evenpay.app);
  merchant = await makeMerchant(evenpay.services.models, { name: 'One Connection Co' });
});
afterAll(() => evenpay.close());

const countOrder = (orderId: string) => evenpay.services.models.Checkout.count({ where: { merchantId: merchant.id, orderId } });

describe('a pool of one connection', () => {
  it('runs every write operation of v2 and v1 (none waits for a second connection inside its transaction)', async () => {
    // Caches start cold: the first checkout loads the merchant's profile inside its transaction.
    const tx = await authorizedTransaction(http, merchant);
    await capture(http, merchant, tx.id, 5_000);
    await refund(http, merchant, tx.id, 1_000);
    expect((await transactionAction(http, merchant, tx.id, 'update', { order_id: 'ORD-RENAMED' })).status).toBe(200);
    await voidTransaction(http, merchant, (await authorizedTransaction(http, merchant)).id);
    const canceled = await http.post(
      `/v2/sandbox/checkouts/${(await http.post('/v2/checkouts', { auth: merchant.bearer, body: checkoutBody() })).body.id}/cancel`,
      { auth: merchant.bearer },
    );
    expect(canceled.status).toBe(200);
    expect((await http.post('/v2/plan-quotes', { auth: merchant.bearer, body: { amount: 40_000, currency: 'USD' } })).status).toBe(200);

    const endpoint = await http.post('/v2/webhook-endpoints', {
      auth: merchant.bearer,
      body: { url: 'https://93.184.215.7/evenpay/webhooks', enabled_events: ['*'] },
    });
    expect(endpoint.status).toBe(201);
    expect((await http.post(`/v2/webhook-endpoints/${endpoint.body.id}/rotate-secret`, { auth: merchant.bearer, body: {} })).status).toBe(200);
    expect((await http.post(`/v2/webhook-endpoints/${endpoint.body.id}/enable`, { auth: merchant.bearer })).status).toBe(200);
    const event = (await http.get('/v2/events?limit=1', { auth: merchant.bearer })).body.data[0];
    expect((await http.post(`/v2/events/${event.id}/redeliver`, { auth: merchant.bearer, body: { webhook_endpoint_id: endpoint.body.id } })).status).toBe(202);
    expect((await http.call('delete', `/v2/webhook-endpoints/${endpoint.body.id}`, { auth: merchant.bearer })).status).toBe(200);

    const token = (await confirmedCheckout(http, merchant, { total: 20_000 })).id;
    const charge = await http.post('/v1/charges', { auth: merchant.basic, body: { checkout_token: token } });
    expect(charge.status).toBe(200);
    for (const [action, body] of [
      ['update', { order_id: 'ORD-V1-RENAMED' }],
      ['capture', { amount: 10_000 }],
      ['refund', { amount: 2_000 }],
    ] as const) {
      expect((await http.post(`/v1/charges/${charge.body.charge_id}/${action}`, { auth: merchant.basic, body })).status, action).toBe(200);
    }
    const another = await http.post('/v1/charges', { auth: merchant.basic, body: { checkout_token: (await confirmedCheckout(http, merchant)).id } });
    expect((await http.post(`/v1/charges/${another.body.charge_id}/void`, { auth: merchant.basic })).status).toBe(200);
  });
});

/**
 * Holds the pool's only connection: an unkeyed checkout whose transaction stops right before its
 * INSERT until `free()` is called. Resolves once the connection is held.
 */
async function occupyTheConnection(): Promise<{ free(): void; answered: Promise<number> }> {
  const { Checkout } = evenpay.services.models;
  let free!: () => void;
  const gate = new Promise<void>((resolve) => (free = resolve));
  let held!: () => void;
  const holding = new Promise<void>((resolve) => (held = resolve));
  Checkout.addHook('beforeCreate', 'hold-once', async () => {
    Checkout.removeHook('beforeCreate', 'hold-once');
    held();
    await gate;
  });
  const answered = http.post('/v2/checkouts', { auth: merchant.bearer, body: checkoutBody() }).then((res) => res.status);
  await holding;
  return { free, answered };
}

describe('a request that cannot get a connection in time', () => {
  it('before its key is claimed: 503 with Retry-After, nothing stored, and the retry runs once', async () => {
    const body = checkoutBody({ order_id: `ORD-POOL-${randomUUID().slice(0, 8)}` });
    const key = randomUUID();
    const occupied = await occupyTheConnection();
    const starved = await http.post('/v2/checkouts', { auth: merchant.bearer, body, headers: { 'Idempotency-Key': key } });
    expectProblem(starved, 503, 'service_unavailable');
    expect(starved.headers['retry-after']).toBe('5');
    occupied.free();
    // The claim's INSERT failed without an answer: whether or not it was written, it is given back
    // in the background as soon as the database can be reached.
    expect(evenpay.services.idempotency.pendingReleases()).toBe(1);
    await vi.waitUntil(() => evenpay.services.idempotency.pendingReleases() === 0, { timeout: 10_000, interval: 20 });
    expect(await occupied.answered).toBe(201);
    expect(await evenpay.services.models.IdempotencyKey.count({ where: { merchantId: merchant.id, idempotencyKey: key } })).toBe(0);

    const retried = await http.post('/v2/checkouts', { auth: merchant.bearer, body, headers: { 'Idempotency-Key': key } });
    expect(retried.status).toBe(201);
    expect(await countOrder(body.order_id)).toBe(1);
  });

  it('after its key is claimed: 503, the claim given back once a connection is free, and the retry takes it over at once and runs once', async () => {
    const body = checkoutBody({ order_id: `ORD-POOL-${randomUUID().slice(0, 8)}` });
    const key = randomUUID();
    // The pool runs dry between the claim and the operation's transaction.
    const { uow } = evenpay.services;
    const transaction = uow.transaction;
    let occupied: Awaited<ReturnType<typeof occupyTheConnection>> | undefined;
    uow.transaction = async (work) => {
      uow.transaction = transaction;
      occupied = await occupyTheConnection();
      return transaction(work);
    };
    const starved = await http.post('/v2/checkouts', { auth: merchant.bearer, body, headers: { 'Idempotency-Key': key } });
    expectProblem(starved, 503, 'service_unavailable');
    expect(starved.headers['retry-after']).toBe('5');
    // Releasing the claim needed a connection too: it waits for one.
    expect(evenpay.services.idempotency.pendingReleases()).toBe(1);
    occupied!.free();
    expect(await occupied!.answered).toBe(201);

    const retried = await http.post('/v2/checkouts', { auth: merchant.bearer, body, headers: { 'Idempotency-Key': key } });
    expect(retried.status).toBe(201);
    expect(retried.headers['idempotent-replayed']).toBeUndefined();
    expect(evenpay.services.idempotency.pendingReleases()).toBe(0);
    expect(await countOrder(body.order_id)).toBe(1);
  });
});
