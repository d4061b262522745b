// The database server itself killed (SIGKILL, a private MariaDB with its own data and port) while
// checkouts are being written, then started again on the same data. Every checkout the service
// acknowledged with 201 is in the database after crash recovery; every request that failed
// answered 503 with Retry-After; and each failed request, retried with its key, runs exactly once.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { EvenpayApp } from '../../src/app.js';
import { checkoutBody } from '../factories/checkouts.js';
import { makeMerchant, type TestMerchant } from '../factories/merchants.js';
import { startTestApp } from '../helpers/app.js';
import { freshDatabase } from '../helpers/fresh-database.js';
import { api, type Http } from '../helpers/http.js';
import { type PrivateMariadb, startPrivateMariadb } from '../helpers/private-mariadb.js';

let server: PrivateMariadb;
let evenpay: EvenpayApp;
let http: Http;
let merchant: TestMerchant;

beforeAll(async () => {
  server = await startPrivateMariadb();
  const database = await freshDatabase(`${server.url}evenpay_crash`, '');
  evenpay = await startTestApp({ databaseUrl: database.url });
  http = api(evenpay.app);
  merchant = await makeMerchant(evenpay.services.models, { name: 'Database Crash Co' });
}, 60_000);
afterAll(async () => {
  await evenpay?.close();
  await server?.destroy();
});

interface Sent {
  key: string;
  body: ReturnType<typeof checkoutBody>;
}

describe('the database server killed under write load', () => {
  it('keeps every acknowledged checkout, answers 503 with Retry-After meanwhile, and each failed request runs once when retried', async () => {
    const acknowledged = new Map<string, string>(); // key → checkout id
    const failed: Sent[] = [];
    const unexpected: string[] = [];
    let stop = false;
    const worker = async () => {
      while (!stop) {
        const sent = { key: randomUUID(), body: checkoutBody({ order_id: `ORD-DBKILL-${randomUUID().slice(0, 12)}` }) };
        const res = await http.post('/v2/checkouts', { auth: merchant.bearer, body: sent.body, headers: { 'Idempotency-Key': sent.key } });
        if (res.status === 201) acknowledged.set(sent.key, res.body.id);
        else if (res.status === 503 && res.headers['retry-after'] === '5') failed.push(sent);
        else unexpected.push(`${res.status} ${JSON.stringify(res.body)}`);
      }
    };
    const workers = Array.from({ length: 6 }, worker);

    // 30 checkouts before the crash, some to fail while the database is down, 30 after the restart.
    await vi.waitUntil(() => acknowledged.size >= 30, { timeout: 20_000, interval: 10 });
    await server.kill();
    await vi.waitUntil(() => failed.length >= 6, { timeout: 20_000, interval: 10 });
    const beforeRestart = acknowledged.size;
    await server.start();
    await vi.waitUntil(() => acknowledged.size >= beforeRestart + 30, { timeout: 30_000, interval: 10 });
    stop = true;
    await Promise.all(workers);

    expect(unexpected).toEqual([]);
    const { Checkout } = evenpay.services.models;
    const ids = [...acknowledged.values()];
    expect(await Checkout.count({ where: { id: ids } })).toBe(ids.length);

    for (const { key, body } of failed) {
      const retried = await http.post('/v2/checkouts', { auth: merchant.bearer, body, headers: { 'Idempotency-Key': key } });
      expect(retried.status).toBe(201);
      expect(await Checkout.count({ where: { merchantId: merchant.id, orderId: body.order_id } })).toBe(1);
    }
  }, 90_000);
});
