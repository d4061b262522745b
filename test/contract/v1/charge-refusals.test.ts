// v1 charges refuse what their v2 transactions refuse, with the same codes: a void or an update
// once the authorization ran out, a refund of a voided charge, a void key reused for another
// request. (charges-*.test.ts and charge-actions.test.ts have the rest of each operation.)
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EvenpayApp } from '../../../src/app.js';
import { fixedClock } from '../../../src/kernel/clock.js';
import { makeMerchant, type TestMerchant } from '../../factories/merchants.js';
import { authorizedTransaction } from '../../factories/transactions.js';
import { startTestApp } from '../../helpers/app.js';
import { api, type Http } from '../../helpers/http.js';
import { expectProblem } from '../../helpers/problem.js';

const DAY_MS = 24 * 60 * 60 * 1000;
const clock = fixedClock('2026-12-01T12:00:00Z');
let evenpay: EvenpayApp;
let http: Http;
let merchant: TestMerchant;

beforeAll(async () => {
  evenpay = await startTestApp({ clock });
  http = api(evenpay.app);
  merchant = await makeMerchant(evenpay.services.models, { name: 'Legacy Refusals Co' });
});
afterAll(() => evenpay.close());

const charge = (id: string, action: string, body?: object, key = randomUUID()) =>
  http.post(`/v1/charges/${id}/${action}`, { auth: merchant.basic, headers: { 'Idempotency-Key': key }, ...(body ? { body } : {}) });

describe('a charge whose authorization ran out before any capture', () => {
  it('cannot be voided or updated: 422 authorization_expired', async () => {
    clock.set('2026-12-01T12:00:00Z');
    const tx = await authorizedTransaction(http, merchant, { total: 10_000 });
    clock.advance(31 * DAY_MS);
    expectProblem(await charge(tx.id, 'void'), 422, 'authorization_expired');
    expectProblem(await charge(tx.id, 'update', { shipping_carrier: 'UPS' }), 422, 'authorization_expired');
  });
});

describe('a voided charge', () => {
  it('cannot be refunded: 422 transaction_voided', async () => {
    clock.set('2026-12-01T12:00:00Z');
    const tx = await authorizedTransaction(http, merchant, { total: 10_000 });
    expect((await charge(tx.id, 'void')).status).toBe(200);
    expectProblem(await charge(tx.id, 'refund', { amount: 100 }), 422, 'transaction_voided');
  });
});

describe('an Idempotency-Key first used to void', () => {
  it('is refused for a void of another charge with 422 idempotency_key_reused', async () => {
    clock.set('2026-12-01T12:00:00Z');
    const first = await authorizedTransaction(http, merchant, { total: 10_000 });
    const second = await authorizedTransaction(http, merchant, { total: 10_000 });
    const key = randomUUID();
    expect((await charge(first.id, 'void', undefined, key)).status).toBe(200);
    expectProblem(await charge(second.id, 'void', undefined, key), 422, 'idempotency_key_reused');
  });
});
