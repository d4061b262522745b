// Another process holding SQLite's write lock longer than the service's busy timeout (here 300 ms,
// SQLITE_BUSY_TIMEOUT_MS): the request answers 503 with Retry-After, stores nothing under its
// Idempotency-Key, and the same request with the same key, once the writer is done, runs exactly
// once — whether the lock was taken before the key was claimed or between the claim and the
// operation's transaction.
import { randomUUID } from 'node:crypto';
import type { Sequelize } from 'sequelize';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { EvenpayApp } from '../../src/app.js';
import { DEFAULT_DATABASE_TUNING, openDatabase } from '../../src/data/database.js';
import { checkoutBody } from '../factories/checkouts.js';
import { makeMerchant, type TestMerchant } from '../factories/merchants.js';
import { startTestApp } from '../helpers/app.js';
import { type FreshDatabase, freshDatabase } from '../helpers/fresh-database.js';
import { api, type Http } from '../helpers/http.js';
import { expectProblem } from '../helpers/problem.js';

let database: FreshDatabase;
let evenpay: EvenpayApp;
let http: Http;
let merchant: TestMerchant;
/** The other writer: its own connection to the same file, as another process would have. */
let other: Sequelize;

beforeAll(async () => {
  database = await freshDatabase('sqlite:', '');
  evenpay = await startTestApp({ databaseUrl: database.url, config: { databaseTuning: { ...DEFAULT_DATABASE_TUNING, busyTimeoutMs: 300 } } });
  http = api(evenpay.app);
  merchant = await makeMerchant(evenpay.services.models, { name: 'Busy Writer Co' });
  other = await openDatabase(database.url);
});
afterAll(async () => {
  await other.close();
  await evenpay.close();
  await database.drop();
});

/** The other writer takes the write lock (BEGIN IMMEDIATE) and keeps it until `release()`. */
async function holdWriteLock(): Promise<{ release(): Promise<void> }> {
  let release!: () => void;
  const until = new Promise<void>((resolve) => (release = resolve));
  let held!: () => void;
  const holding = new Promise<void>((resolve) => (held = resolve));
  const done = other.transaction(async () => {
    held();
    await until;
  });
  await holding;
  return {
    release: async () => {
      release();
      await done;
    },
  };
}

const countOrder = (orderId: string) => evenpay.services.models.Checkout.count({ where: { merchantId: merchant.id, orderId } });
const storedKeys = (key: string) => evenpay.services.models.IdempotencyKey.count({ where: { merchantId: merchant.id, idempotencyKey: key } });

describe('a keyed POST while another process holds the write lock', () => {
  it('taken before the key is claimed: 503 with Retry-After, nothing stored, and the retry runs once', async () => {
    const body = checkoutBody({ order_id: `ORD-BUSY-${randomUUID().slice(0, 8)}` });
    const key = randomUUID();
    const lock = await holdWriteLock();
    const busy = await http.post('/v2/checkouts', { auth: merchant.bearer, body, headers: { 'Idempotency-Key': key } });
    expectProblem(busy, 503, 'service_unavailable');
    expect(busy.headers['retry-after']).toBe('5');
    // The claim's INSERT failed without an answer: whether or not it was written, it is given back
    // in the background as soon as the database can be reached.
    expect(evenpay.services.idempotency.pendingReleases()).toBe(1);
    await lock.release();
    await vi.waitUntil(() => evenpay.services.idempotency.pendingReleases() === 0, { timeout: 10_000, interval: 20 });
    expect(await storedKeys(key)).toBe(0);

    const retried = await http.post('/v2/checkouts', { auth: merchant.bearer, body, headers: { 'Idempotency-Key': key } });
    expect(retried.status).toBe(201);
    expect(await countOrder(body.order_id)).toBe(1);
  });

  it('taken between the claim and the transaction: 503, the claim given back once the lock is free, and the retry takes it over at once and runs once', async () => {
    const body = checkoutBody({ order_id: `ORD-BUSY-${randomUUID().slice(0, 8)}` });
    const key = randomUUID();
    const { uow } = evenpay.services;
    const transaction = uow.transaction;
    let lock: { release(): Promise<void> } | undefined;
    uow.transaction = async (work) => {
      uow.transaction = transaction;
      lock = await holdWriteLock();
      return transaction(work);
    };
    const busy = await http.post('/v2/checkouts', { auth: merchant.bearer, body, headers: { 'Idempotency-Key': key } });
    expectProblem(busy, 503, 'service_unavailable');
    expect(busy.headers['retry-after']).toBe('5');
    // Giving the claim back is a write too: it waits for the lock.
    expect(evenpay.services.idempotency.pendingReleases()).toBe(1);
    await lock!.release();

    const retried = await http.post('/v2/checkouts', { auth: merchant.bearer, body, headers: { 'Idempotency-Key': key } });
    expect(retried.status).toBe(201);
    expect(retried.headers['idempotent-replayed']).toBeUndefined();
    expect(evenpay.services.idempotency.pendingReleases()).toBe(0);
    expect(await countOrder(body.order_id)).toBe(1);
    const replay = await http.post('/v2/checkouts', { auth: merchant.bearer, body, headers: { 'Idempotency-Key': key } });
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.body.id).toBe(retried.body.id);
  });
});
