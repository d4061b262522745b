// The world of the v1 charges contract files (test/contract/v1/charges-*.test.ts, charge-actions):
// the deprecation headers every v1 answer must carry, v1 calls that check them, and charges made
// from checkouts the consumer confirmed through v2.
import { randomUUID } from 'node:crypto';
import type { Response } from 'supertest';
import { afterAll, beforeAll, expect } from 'vitest';
import type { components as V1 } from '../../generated/v1/client.js';
import type { components as V2 } from '../../generated/v2/client.js';
import type { EvenpayApp } from '../../src/app.js';
import { fixedClock } from '../../src/kernel/clock.js';
import { checkoutBody } from '../factories/checkouts.js';
import type { TestMerchant } from '../factories/merchants.js';
import { appWithMerchant, startTestApp } from './app.js';
import type { CallOptions, Http } from './http.js';

type Charge = V1['schemas']['Charge'];
type ChargeEvent = V1['schemas']['ChargeEvent'];
type Transaction = V2['schemas']['Transaction'];

export const DAY_S = 24 * 60 * 60;
export const AMOUNT = 10_000;
/** `x-deprecated-on: '2026-06-01'` as RFC 9745 wants it: `@` and unix seconds. */
export const DEPRECATED_SINCE = '@1780272000';
/** `x-sunset: '2027-06-30'` as an HTTP-date. */
export const SUNSET = 'Wed, 30 Jun 2027 00:00:00 GMT';
export const MIGRATION_GUIDE = '<https://docs.evenpay.test/migration/v1-to-v2>; rel="deprecation"; type="text/html"';
/** Inside the first scheduled brownout of every v1 operation (15:00–16:00 UTC). */
export const IN_BROWNOUT = '2027-03-03T15:30:00Z';
export const AFTER_SUNSET = '2027-07-01T09:00:00Z';
export const UNKNOWN_CHARGE = 'txn_0000000000000000000000';

/** Every v1 operation on a charge id: [operationId, method, path suffix, v2 successor, its suffix]. */
export const CHARGE_OPERATIONS = [
  ['getCharge', 'get', '', 'getTransaction', ''],
  ['captureCharge', 'post', '/capture', 'captureTransaction', '/capture'],
  ['voidCharge', 'post', '/void', 'voidTransaction', '/void'],
  ['refundCharge', 'post', '/refund', 'refundTransaction', '/refund'],
  ['updateCharge', 'post', '/update', 'updateTransaction', '/update'],
] as const;

export const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
export const unix = (iso: string) => Math.floor(Date.parse(iso) / 1000);

/** The deprecation headers every v1 answer carries; with a path, the successor link must name it. */
export function expectDeprecationHeaders(res: Response, successorPath?: string): void {
  expect(res.headers.deprecation).toMatch(/^@\d+$/);
  expect(res.headers.deprecation).toBe(DEPRECATED_SINCE);
  expect(res.headers.sunset).toBe(SUNSET);
  const link = res.headers.link as string | undefined;
  expect(link).toContain(MIGRATION_GUIDE);
  expect(link).toMatch(/<http:\/\/evenpay\.test\/v2\/[^>]*>; rel="successor-version"/);
  if (successorPath) expect(link).toContain(`<http://evenpay.test${successorPath}>; rel="successor-version"`);
}

/** v1 calls go through `api()` (spec oracle, coverage) and must all carry the deprecation headers. */
export function legacy(client: Http) {
  const call = async (method: 'get' | 'post', url: string, options?: CallOptions) => {
    const res = await client.call(method, url, options);
    expectDeprecationHeaders(res);
    return res;
  };
  return {
    get: (url: string, options?: CallOptions) => call('get', url, options),
    post: (url: string, options?: CallOptions) => call('post', url, options),
    call,
  };
}

/**
 * The usual world of a v1 charges file: appWithMerchant (the app, its spec-checked client and a
 * merchant), and helpers that default to them. Call it at the top of the file, as appWithMerchant.
 */
export function v1ChargesWorld(merchantName: string) {
  const { evenpay, http, merchant } = appWithMerchant(merchantName);

  const v1 = () => legacy(http);

  /** An open checkout of `total` cents made through v2; returns its id (the v1 `checkout_token`). */
  async function openCheckout(owner: TestMerchant, client: Http = http, total = AMOUNT): Promise<string> {
    const body = checkoutBody({
      order_id: `ORD-V1-${randomUUID().slice(0, 8)}`,
      items: [{ sku: 'LEGACY-1', name: 'Legacy item', unit_price: total, quantity: 1 }],
      shipping_amount: 0,
      tax_amount: 0,
      discount_amount: 0,
      total_amount: total,
    });
    const res = await client.post('/v2/checkouts', { auth: owner.bearer, body });
    expect(res.status).toBe(201);
    return res.body.id as string;
  }

  /** A checkout the consumer confirmed on pay-in-4 (v2 sandbox), ready to charge. */
  async function confirmedCheckout(owner: TestMerchant, client: Http = http, total = AMOUNT): Promise<string> {
    const id = await openCheckout(owner, client, total);
    const res = await client.post(`/v2/sandbox/checkouts/${id}/confirm`, { auth: owner.bearer, body: { plan_id: 'pay_in_4' } });
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('confirmed');
    return id;
  }

  /** An authorized charge of AMOUNT cents, made through v1. */
  async function newCharge(owner: TestMerchant = merchant, client: Http = http): Promise<Charge> {
    const token = await confirmedCheckout(owner, client);
    const res = await legacy(client).post('/v1/charges', { auth: owner.basic, body: { checkout_token: token } });
    expect(res.status).toBe(200);
    return res.body as Charge;
  }

  const getCharge = async (id: string, owner: TestMerchant = merchant): Promise<Charge> => {
    const res = await v1().get(`/v1/charges/${id}`, { auth: owner.basic });
    expect(res.status).toBe(200);
    return res.body as Charge;
  };

  const getTransaction = async (id: string, owner: TestMerchant = merchant): Promise<Transaction> => {
    const res = await http.get(`/v2/transactions/${id}`, { auth: owner.bearer });
    expect(res.status).toBe(200);
    return res.body as Transaction;
  };

  /** Posts a v1 money movement and expects its ChargeEvent. */
  async function move(id: string, action: 'capture' | 'refund' | 'void' | 'update', body?: object): Promise<ChargeEvent> {
    const res = await v1().post(`/v1/charges/${id}/${action}`, { auth: merchant.basic, ...(body ? { body } : {}) });
    expect(res.status).toBe(200);
    return res.body as ChargeEvent;
  }

  /**
   * Claims an Idempotency-Key exactly as runWrite does (operationId, path params and body), as if
   * a first request with it were still running. A POST sent without a body has `req.body` undefined.
   */
  async function keyInFlight(owner: TestMerchant, operationId: string, params: Record<string, string>, body: unknown): Promise<string> {
    const key = randomUUID();
    const claim = await evenpay.services.idempotency.claim({
      principalId: owner.id,
      merchantId: owner.id,
      livemode: false,
      key,
      operationId,
      request: { params, body },
    });
    expect(claim.kind).toBe('owner');
    return key;
  }

  return { evenpay, http, merchant, v1, openCheckout, confirmedCheckout, newCharge, getCharge, getTransaction, move, keyInFlight };
}

/**
 * The service standing inside a brownout window, and after the sunset (same database), filled in
 * by beforeAll and closed by afterAll. Call it at the top of the file, after v1ChargesWorld.
 */
export function brownoutAndSunset(): { brownout: EvenpayApp; sunset: EvenpayApp } {
  const brownout = {} as EvenpayApp;
  const sunset = {} as EvenpayApp;
  beforeAll(async () => {
    Object.assign(brownout, await startTestApp({ clock: fixedClock(IN_BROWNOUT) }));
    Object.assign(sunset, await startTestApp({ clock: fixedClock(AFTER_SUNSET) }));
  });
  afterAll(async () => {
    await brownout.close();
    await sunset.close();
  });
  return { brownout, sunset };
}
