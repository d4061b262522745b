// Who may take over an unfinished claim on an Idempotency-Key held by another service process:
// nobody while that process is alive (the retry gets 409 and waits), anybody the moment it is
// gone (the named lock it held on MariaDB is freed with its connections) — not after the claim's
// 60 s lease; and a process wrongly presumed gone can never commit what it was running. The
// claiming process is stopped mid-operation by a table lock the test holds.
import mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
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

const WAIT = { timeout: 10_000, interval: 10 };

/** Sends a keyed checkout to the claiming process; resolves with its status (or 'no answer'). */
function sendToClaimer(key: string, body: object): Promise<number | 'no answer'> {
  return fetch(`${claimer.baseUrl}/v2/checkouts`, {
    method: 'POST',
    headers: { Authorization: merchant.bearer, 'Content-Type': 'application/json', 'Idempotency-Key': key },
    body: JSON.stringify(body),
  }).then(
    (res) => res.status,
    () => 'no answer' as const,
  );
}

/** The claim row of `key`, once it exists. */
async function claimOf(key: string) {
  const find = () => evenpay.services.models.IdempotencyKey.findOne({ where: { merchantId: merchant.id, idempotencyKey: key } });
  await vi.waitUntil(async () => (await find()) !== null, WAIT);
  return (await find())!;
}

describe('an unfinished claim of another process', () => {
  it('is taken over when its process only seems gone (its lock connection killed), and the original cannot commit: 409 for it, 201 for the retry, one checkout', async () => {
    const body = checkoutBody({ order_id: 'ORD-TAKEOVER-0' });
    const key = 'takeover-0';
    const { Checkout } = evenpay.services.models;
    await admin.query('LOCK TABLES checkouts WRITE');
    const original = sendToClaimer(key, body);
    const claim = await claimOf(key);
    const owner = claim.lease!.split(' ')[0]!;
    // Frozen, the claimer cannot take its lock again; its lock connection is killed from the server.
    claimer.freeze();
    const [[{ holder }]] = (await admin.query('SELECT IS_USED_LOCK(?) AS holder', [`evenpay.presence.${owner}`])) as unknown as [[{ holder: number }]];
    await admin.query(`KILL CONNECTION ${holder}`);
    await vi.waitUntil(() => evenpay.services.presence.isGone(owner), WAIT);

    const retry = http.post('/v2/checkouts', { auth: merchant.bearer, body, headers: { 'Idempotency-Key': key } });
    await vi.waitUntil(async () => (await claimOf(key)).lease !== claim.lease, WAIT);
    await admin.query('UNLOCK TABLES');
    claimer.thaw();
    expect((await retry).status).toBe(201);
    expect(await original).toBe(409);
    expect(await Checkout.count({ where: { merchantId: merchant.id, orderId: 'ORD-TAKEOVER-0' } })).toBe(1);
    const replay = await http.post('/v2/checkouts', { auth: merchant.bearer, body, headers: { 'Idempotency-Key': key } });
    expect(replay.headers['idempotent-replayed']).toBe('true');
  }, 60_000);

  it('answers 409 while its process runs, and is taken over at once when the process dies: 201, one checkout', async () => {
    const body = checkoutBody({ order_id: 'ORD-TAKEOVER-1' });
    const key = 'takeover-1';
    const { IdempotencyKey, Checkout } = evenpay.services.models;
    // The claiming process will stop inside its transaction, at the checkout's INSERT.
    await admin.query('LOCK TABLES checkouts WRITE');
    const stuck = sendToClaimer(key, body);
    const claim = await claimOf(key);
    expect(claim.responseStatus).toBeNull();
    const owner = claim.lease!.split(' ')[0]!;
    // (Its lock, lost in the test above while it was frozen, is its own again.)
    await vi.waitUntil(async () => !(await evenpay.services.presence.isGone(owner)), WAIT);

    const whileAlive = await http.post('/v2/checkouts', { auth: merchant.bearer, body, headers: { 'Idempotency-Key': key } });
    expectProblem(whileAlive, 409, 'idempotency_request_in_flight');

    await claimer.crash();
    expect(await stuck).toBe('no answer');
    await admin.query('UNLOCK TABLES');
    await vi.waitUntil(() => evenpay.services.presence.isGone(owner), WAIT);

    const afterDeath = await http.post('/v2/checkouts', { auth: merchant.bearer, body, headers: { 'Idempotency-Key': key } });
    expect(afterDeath.status).toBe(201);
    expect(afterDeath.headers['idempotent-replayed']).toBeUndefined();
    expect(await Checkout.count({ where: { merchantId: merchant.id, orderId: 'ORD-TAKEOVER-1' } })).toBe(1);
    const row = await IdempotencyKey.findOne({ where: { merchantId: merchant.id, idempotencyKey: key } });
    expect(row!.responseStatus).toBe(201);
    expect(row!.lease!.startsWith(`${evenpay.services.presence.id} `)).toBe(true);
  }, 60_000);
});
