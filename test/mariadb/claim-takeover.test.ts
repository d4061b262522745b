// Who may take over an unfinished claim on an Idempotency-Key held by another service process:
// nobody while that process is alive (the retry gets 409 and waits), anybody the moment it is
// gone (the named lock it held on MariaDB is freed with its connections) — not after the claim's
// 60 s lease. The claiming process is stopped mid-operation by a table lock the test holds.
import mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { EvenpayApp } from '../../src/app.js';
import { checkoutBody } from '../factories/checkouts.js';
import { makeMerchant, type TestMerchant } from '../factories/merchants.js';
import { startTestApp } from '../helpers/app.js';
import { type FreshDatabase, freshDatabase } from '../helpers/fresh-database.js';
import { api, type Http } from '../helpers/http.js';
import { expectProblem } from '../helpers/problem.js';
import { type ServerProcess, startServerProcess } from '../helpers/server-process.js';

let database: FreshDatabase;
let evenpay: EvenpayApp;
let http: Http;
let merchant: TestMerchant;
let claimer: ServerProcess;
let admin: mysql.Connection;

beforeAll(async () => {
  // Its own database: the table lock below must not stall other files' checkouts.
  database = await freshDatabase(inject('databaseUrl'), 'takeover');
  evenpay = await startTestApp({ databaseUrl: database.url });
  http = api(evenpay.app);
  merchant = await makeMerchant(evenpay.services.models, { name: 'Takeover Co' });
  claimer = await startServerProcess(database.url);
  admin = await mysql.createConnection(database.url);
}, 60_000);
afterAll(async () => {
  await admin.end();
  await claimer.stop();
  await evenpay.close();
  await database.drop();
});

describe('an unfinished claim of another process', () => {
  it('answers 409 while its process runs, and is taken over at once when the process dies: 201, one checkout', async () => {
    const body = checkoutBody({ order_id: 'ORD-TAKEOVER-1' });
    const key = 'takeover-1';
    const { IdempotencyKey, Checkout } = evenpay.services.models;
    // The claiming process will stop inside its transaction, at the checkout's INSERT.
    await admin.query('LOCK TABLES checkouts WRITE');
    const stuck = fetch(`${claimer.baseUrl}/v2/checkouts`, {
      method: 'POST',
      headers: { Authorization: merchant.bearer, 'Content-Type': 'application/json', 'Idempotency-Key': key },
      body: JSON.stringify(body),
    }).catch(() => 'no answer');
    const deadline = Date.now() + 10_000;
    let claim = await IdempotencyKey.findOne({ where: { merchantId: merchant.id, idempotencyKey: key } });
    while (!claim && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      claim = await IdempotencyKey.findOne({ where: { merchantId: merchant.id, idempotencyKey: key } });
    }
    expect(claim?.responseStatus).toBeNull();

    const whileAlive = await http.post('/v2/checkouts', { auth: merchant.bearer, body, headers: { 'Idempotency-Key': key } });
    expectProblem(whileAlive, 409, 'idempotency_request_in_flight');

    await claimer.crash();
    expect(await stuck).toBe('no answer');
    await admin.query('UNLOCK TABLES');
    const owner = claim!.lease!.split(' ')[0]!;
    while (!(await evenpay.services.presence.isGone(owner))) await new Promise((resolve) => setTimeout(resolve, 10));

    const afterDeath = await http.post('/v2/checkouts', { auth: merchant.bearer, body, headers: { 'Idempotency-Key': key } });
    expect(afterDeath.status).toBe(201);
    expect(afterDeath.headers['idempotent-replayed']).toBeUndefined();
    expect(await Checkout.count({ where: { merchantId: merchant.id, orderId: 'ORD-TAKEOVER-1' } })).toBe(1);
    const row = await IdempotencyKey.findOne({ where: { merchantId: merchant.id, idempotencyKey: key } });
    expect(row!.responseStatus).toBe(201);
    expect(row!.lease!.startsWith(`${evenpay.services.presence.id} `)).toBe(true);
  }, 60_000);
});
