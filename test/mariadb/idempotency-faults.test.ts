// Faults that only a networked database shows, injected for real: the server kills the
// connection a request is writing on (KILL CONNECTION), or the database goes away and comes back
// while a claim is held. Either way the request answers 503, nothing is stored under its key, and
// the same request with the same key — once the database answers — runs at once and exactly once.
import mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { EvenpayApp } from '../../src/app.js';
import { checkoutBody } from '../factories/checkouts.js';
import { makeMerchant, type TestMerchant } from '../factories/merchants.js';
import { startTestApp } from '../helpers/app.js';
import { api, type Http } from '../helpers/http.js';
import { expectProblem } from '../helpers/problem.js';
import { type TcpProxy, tcpProxy } from '../helpers/tcp-proxy.js';

let direct: EvenpayApp;
let directHttp: Http;
let proxied: EvenpayApp;
let proxiedHttp: Http;
let proxy: TcpProxy;
let merchant: TestMerchant;
let admin: mysql.Connection;

beforeAll(async () => {
  const url = new URL(inject('databaseUrl'));
  direct = await startTestApp();
  directHttp = api(direct.app);
  proxy = await tcpProxy(url.hostname, Number(url.port || 3306));
  const through = new URL(url);
  through.port = String(proxy.port);
  proxied = await startTestApp({ databaseUrl: through.toString() });
  proxiedHttp = api(proxied.app);
  merchant = await makeMerchant(direct.services.models, { name: 'Killed Connections Co' });
  admin = await mysql.createConnection(inject('databaseUrl'));
});
afterAll(async () => {
  proxy.restore();
  await admin.end();
  await proxied.close();
  await direct.close();
  await proxy.close();
});

const countOrder = (orderId: string) => direct.services.models.Checkout.count({ where: { merchantId: merchant.id, orderId } });

type DriverConnection = { threadId: number; _closing?: boolean; stream?: { destroyed?: boolean } };

/**
 * Kills the connection the next checkout is written on, from the server side (KILL CONNECTION),
 * right before the INSERT; with `untilNoticed`, the write waits until the driver has seen the
 * connection close (the INSERT then meets a closed connection rather than a dying one).
 */
function killNextCheckoutWrite(untilNoticed: boolean): void {
  const { Checkout } = direct.services.models;
  Checkout.addHook('beforeCreate', 'kill-once', async (_row, options) => {
    Checkout.removeHook('beforeCreate', 'kill-once');
    const connection = (options.transaction as unknown as { connection: DriverConnection }).connection;
    await admin.query(`KILL CONNECTION ${connection.threadId}`);
    const deadline = Date.now() + 5_000;
    while (untilNoticed && !connection._closing && !connection.stream?.destroyed && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 20));
  });
}

describe('KILL CONNECTION while a keyed checkout is being written', () => {
  it.each([
    ['as the INSERT is sent', false, 'ORD-KILLED-1'],
    ['once the driver has seen the connection close', true, 'ORD-KILLED-2'],
  ])('answers 503 (killed %s); the retry with the same key after recovery answers 201 and makes exactly one checkout', async (_when, untilNoticed, orderId) => {
    killNextCheckoutWrite(untilNoticed);
    const body = checkoutBody({ order_id: orderId });
    const key = `killed-${orderId}`;
    const failed = await directHttp.post('/v2/checkouts', { auth: merchant.bearer, body, headers: { 'Idempotency-Key': key } });
    expectProblem(failed, 503, 'service_unavailable');
    expect(failed.headers['retry-after']).toBe('5');
    expect(await countOrder(orderId)).toBe(0);

    const retried = await directHttp.post('/v2/checkouts', { auth: merchant.bearer, body, headers: { 'Idempotency-Key': key } });
    expect(retried.status).toBe(201);
    expect(retried.headers['idempotent-replayed']).toBeUndefined();
    expect(await countOrder(orderId)).toBe(1);
  });
});

/** Cuts the proxied app off its database right before its next checkout write (the claim is held). */
function cutAwayOnNextCheckoutWrite(): void {
  const { Checkout } = proxied.services.models;
  Checkout.addHook('beforeCreate', 'cut-once', () => {
    Checkout.removeHook('beforeCreate', 'cut-once');
    proxy.cut();
  });
}

describe('the database going away while a claim is held', () => {
  it('frees nothing it cannot reach, and the retry after recovery takes the claim over at once: 201, one checkout, no 409', async () => {
    cutAwayOnNextCheckoutWrite();
    const body = checkoutBody({ order_id: 'ORD-CUT-1' });
    const failed = await proxiedHttp.post('/v2/checkouts', { auth: merchant.bearer, body, headers: { 'Idempotency-Key': 'cut-1' } });
    expectProblem(failed, 503, 'service_unavailable');
    // The claim could not be released while the database was gone.
    expect(proxied.services.idempotency.pendingReleases()).toBe(1);

    proxy.restore();
    const retried = await proxiedHttp.post('/v2/checkouts', { auth: merchant.bearer, body, headers: { 'Idempotency-Key': 'cut-1' } });
    expect(retried.status).toBe(201);
    expect(proxied.services.idempotency.pendingReleases()).toBe(0);
    expect(await countOrder('ORD-CUT-1')).toBe(1);
    const replay = await directHttp.post('/v2/checkouts', { auth: merchant.bearer, body, headers: { 'Idempotency-Key': 'cut-1' } });
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.body.id).toBe(retried.body.id);
  }, 30_000);

  it('releases the claim by itself once the database is back, so another server need not wait for the lease', async () => {
    cutAwayOnNextCheckoutWrite();
    const body = checkoutBody({ order_id: 'ORD-CUT-2' });
    expectProblem(
      await proxiedHttp.post('/v2/checkouts', { auth: merchant.bearer, body, headers: { 'Idempotency-Key': 'cut-2' } }),
      503,
      'service_unavailable',
    );
    proxy.restore();
    const deadline = Date.now() + 15_000;
    while (proxied.services.idempotency.pendingReleases() > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(proxied.services.idempotency.pendingReleases()).toBe(0);
    // Another server (here: the app on the direct connection) runs the retry.
    const retried = await directHttp.post('/v2/checkouts', { auth: merchant.bearer, body, headers: { 'Idempotency-Key': 'cut-2' } });
    expect(retried.status).toBe(201);
    expect(await countOrder('ORD-CUT-2')).toBe(1);
  }, 30_000);
});
