// When MariaDB goes away the service answers 503 problems with Retry-After, /readyz fails and
// nothing crashes; when it comes back the service recovers without a restart. What is cached
// (verified keys, merchant profiles: data/read-through-cache.ts) keeps answering meanwhile.

import supertest from 'supertest';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { EvenpayApp } from '../../src/app.js';
import { checkoutBody } from '../factories/checkouts.js';
import { makeMerchant, type TestMerchant } from '../factories/merchants.js';
import { startTestApp } from '../helpers/app.js';
import { api } from '../helpers/http.js';
import { type TcpProxy, tcpProxy } from '../helpers/tcp-proxy.js';

let proxy: TcpProxy;
let evenpay: EvenpayApp;
let http: ReturnType<typeof api>;
let merchant: TestMerchant;
let uncached: TestMerchant;

beforeAll(async () => {
  const direct = new URL(inject('databaseUrl'));
  proxy = await tcpProxy(direct.hostname, Number(direct.port || 3306));
  const throughProxy = new URL(direct);
  throughProxy.port = String(proxy.port);
  evenpay = await startTestApp({ databaseUrl: throughProxy.toString() });
  http = api(evenpay.app);
  merchant = await makeMerchant(evenpay.services.models);
  uncached = await makeMerchant(evenpay.services.models);
});
afterAll(async () => {
  proxy.restore();
  await evenpay.close();
  await proxy.close();
});

const ready = () => supertest(evenpay.app).get('/readyz');

describe('a database outage', () => {
  it('answers 503 service_unavailable with Retry-After, fails /readyz, and recovers when the database returns', async () => {
    expect((await http.get('/v2/merchant', { auth: merchant.bearer })).status).toBe(200);
    expect((await ready()).status).toBe(200);

    proxy.cut();
    for (const call of [
      () => http.get('/v2/checkouts', { auth: merchant.bearer }),
      () => http.post('/v2/checkouts', { auth: merchant.bearer, body: checkoutBody(), headers: { 'Idempotency-Key': 'outage-1' } }),
      // A key not seen before cannot be checked: 503, not 401 (the key is fine, the database is not).
      () => http.get('/v2/merchant', { auth: uncached.bearer }),
    ]) {
      const res = await call();
      expect(res.status).toBe(503);
      expect(res.body).toMatchObject({ status: 503, code: 'service_unavailable' });
      expect(res.headers['retry-after']).toBe('5');
      expect(JSON.stringify(res.body)).not.toMatch(/at \S+\.(ts|js):\d+/);
    }
    // The merchant's key and profile were cached before the cut: those answers need no database.
    expect((await http.get('/v2/merchant', { auth: merchant.bearer })).status).toBe(200);
    expect((await http.post('/v2/plan-quotes', { auth: merchant.bearer, body: { amount: 10_000, currency: 'USD' } })).status).toBe(200);
    const notReady = await ready();
    expect(notReady.status).toBe(503);
    expect(notReady.body.checks.database).toMatch(/^unavailable/);
    expect((await supertest(evenpay.app).get('/healthz')).status).toBe(200);
    expect((await supertest(evenpay.app).get('/metrics')).text).toContain('evenpay_database_up 0');

    proxy.restore();
    const deadline = Date.now() + 20_000;
    while ((await ready()).status !== 200 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 250));
    expect((await ready()).status).toBe(200);
    expect((await http.get('/v2/merchant', { auth: merchant.bearer })).status).toBe(200);
    // The key refused during the outage was never stored: the same request now succeeds.
    const created = await http.post('/v2/checkouts', {
      auth: merchant.bearer,
      body: checkoutBody({ order_id: 'after-outage' }),
      headers: { 'Idempotency-Key': 'outage-2' },
    });
    expect(created.status).toBe(201);
  }, 60_000);
});
