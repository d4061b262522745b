// Two separate service processes sharing one database cannot over-capture: the guarantee lives
// in the database (row lock on MariaDB; the file lock on SQLite), not in a process.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { EvenpayApp } from '../../src/app.js';
import { checkoutBody } from '../factories/checkouts.js';
import { makeMerchant, type TestMerchant } from '../factories/merchants.js';
import { startTestApp } from '../helpers/app.js';
import { api } from '../helpers/http.js';
import { type ServerProcess, startServerProcess } from '../helpers/server-process.js';
import { assertConformsToSpec } from '../helpers/spec-oracle.js';
import { recordStatus } from '../helpers/status-coverage.js';

let evenpay: EvenpayApp;
let merchant: TestMerchant;
let servers: ServerProcess[] = [];

beforeAll(async () => {
  evenpay = await startTestApp();
  merchant = await makeMerchant(evenpay.services.models);
  servers = await Promise.all([startServerProcess(inject('databaseUrl')), startServerProcess(inject('databaseUrl'))]);
}, 60_000);
afterAll(async () => {
  await Promise.all(servers.map((server) => server.stop()));
  await evenpay.close();
});

async function capture(server: ServerProcess, id: string, amount: number): Promise<{ status: number; body: { code?: string } }> {
  const url = `/v2/transactions/${id}/capture`;
  const res = await fetch(`${server.baseUrl}${url}`, {
    method: 'POST',
    headers: { Authorization: merchant.bearer, 'Content-Type': 'application/json', 'Idempotency-Key': randomUUID() },
    body: JSON.stringify({ amount }),
  });
  const body = (await res.json()) as { code?: string };
  const match = assertConformsToSpec('post', url, { status: res.status, headers: Object.fromEntries(res.headers), body });
  recordStatus(inject('statusCoverageDir'), match);
  return { status: res.status, body };
}

describe('two service processes on one database', () => {
  it('cannot over-capture when captures are spread across both', async () => {
    const http = api(evenpay.app);
    const body = checkoutBody({
      items: [{ sku: 'MP', name: 'Multi-process item', unit_price: 10_000, quantity: 1 }],
      shipping_amount: 0,
      tax_amount: 0,
      discount_amount: 0,
      total_amount: 10_000,
    });
    const checkout = await http.post('/v2/checkouts', { auth: merchant.bearer, body });
    await http.post(`/v2/sandbox/checkouts/${checkout.body.id}/confirm`, { auth: merchant.bearer, body: { plan_id: 'pay_in_4' } });
    const tx = await http.post('/v2/transactions', { auth: merchant.bearer, body: { checkout_id: checkout.body.id } });
    expect(tx.status).toBe(201);

    const results = await Promise.all(Array.from({ length: 40 }, (_, i) => capture(servers[i % 2]!, tx.body.id, 300)));
    const won = results.filter((r) => r.status === 200);
    expect(won).toHaveLength(33);
    for (const r of results.filter((r) => r.status !== 200)) expect(r.body.code).toBe('capture_exceeds_authorized');
    const row = await evenpay.services.models.Transaction.findOne({ where: { id: tx.body.id } });
    expect(row!.capturedAmount).toBe(9_900);
    expect(await evenpay.services.models.Event.count({ where: { objectId: tx.body.id, type: 'transaction.captured' } })).toBe(33);
  }, 60_000);
});
