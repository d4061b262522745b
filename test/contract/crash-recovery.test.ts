// A service process killed outright (SIGKILL) under write load, with keys claimed and not yet
// committed: nothing it acknowledged is lost, and the same requests retried on another process
// run at once — every claim of the dead process is taken over (its process is gone: the named
// lock it held on MariaDB is freed, its pid is gone on SQLite), no 409 waits out the 60 s lease,
// and no checkout exists twice.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import type { EvenpayApp } from '../../src/app.js';
import { checkoutBody } from '../factories/checkouts.js';
import { makeMerchant, type TestMerchant } from '../factories/merchants.js';
import { startTestApp } from '../helpers/app.js';
import { api, type Http } from '../helpers/http.js';
import { type ServerProcess, startServerProcess } from '../helpers/server-process.js';

let evenpay: EvenpayApp;
let http: Http;
let merchant: TestMerchant;
let doomed: ServerProcess;

beforeAll(async () => {
  evenpay = await startTestApp();
  http = api(evenpay.app);
  merchant = await makeMerchant(evenpay.services.models, { name: 'Crashed Server Co' });
  doomed = await startServerProcess(inject('databaseUrl'));
}, 60_000);
afterAll(async () => {
  await doomed.stop();
  await evenpay.close();
});

const REQUESTS = 60;
const WAIT = { timeout: 10_000, interval: 20 };

describe('a service process killed while it holds claims', () => {
  it('loses nothing it acknowledged, and every retry with the same key on another process runs at once, exactly once', async () => {
    const run = randomUUID().slice(0, 8);
    const requests = Array.from({ length: REQUESTS }, (_, i) => ({ key: `crash-${run}-${i}`, body: checkoutBody({ order_id: `ORD-CRASH-${run}-${i}` }) }));
    const acknowledged = new Map<string, string>();
    const { IdempotencyKey, Checkout } = evenpay.services.models;
    const unfinished = () => IdempotencyKey.count({ where: { merchantId: merchant.id, responseStatus: null } });
    // The process has the merchant's key in its cache: the load goes straight to claims.
    const warm = await fetch(`${doomed.baseUrl}/v2/checkouts?limit=1`, { headers: { Authorization: merchant.bearer } });
    expect(warm.status).toBe(200);
    const load = requests.map(async ({ key, body }) => {
      try {
        const res = await fetch(`${doomed.baseUrl}/v2/checkouts`, {
          method: 'POST',
          headers: { Authorization: merchant.bearer, 'Content-Type': 'application/json', 'Idempotency-Key': key },
          body: JSON.stringify(body),
        });
        const answer = (await res.json()) as { id: string };
        if (res.status === 201) acknowledged.set(key, answer.id);
      } catch {
        // the process died before answering
      }
    });
    // Killed once it has answered some and holds claims it has not finished: frozen first, so that
    // what the database shows of it cannot change before the kill.
    await vi.waitUntil(async () => {
      if (acknowledged.size === 0) return false;
      doomed.freeze();
      if ((await unfinished()) > 0) return true;
      doomed.thaw();
      return false;
    }, WAIT);
    await doomed.crash();
    await Promise.all(load);

    // The dead process left claims behind that it had not finished (nor could release).
    const orphaned = await IdempotencyKey.findAll({ where: { merchantId: merchant.id, responseStatus: null } });
    expect(orphaned.length).toBeGreaterThan(0);
    expect(acknowledged.size).toBeLessThan(REQUESTS);
    // The database notices the process is gone (on MariaDB: when the server sees its connections end).
    const deadOwner = orphaned[0]!.lease!.split(' ')[0]!;
    await vi.waitUntil(() => evenpay.services.presence.isGone(deadOwner), WAIT);

    const retried = await Promise.all(
      requests.map(({ key, body }) => http.post('/v2/checkouts', { auth: merchant.bearer, body, headers: { 'Idempotency-Key': key } })),
    );
    expect(retried.map((res) => res.status)).toEqual(requests.map(() => 201));
    requests.forEach(({ key }, i) => {
      const answer = retried[i]!;
      if (acknowledged.has(key)) {
        expect(answer.headers['idempotent-replayed']).toBe('true');
        expect(answer.body.id).toBe(acknowledged.get(key));
      }
    });
    const orders = await Checkout.count({ where: { merchantId: merchant.id }, group: ['orderId'] });
    expect(orders).toHaveLength(REQUESTS);
    expect(orders.every(({ count }) => count === 1)).toBe(true);
  }, 60_000);
});
