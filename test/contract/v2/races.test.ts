// Exactness under concurrency: 50 requests at once against one transaction. The guarantees come
// from the database (row lock on MySQL/MariaDB, the single writer on SQLite), so the same file
// runs against both.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EvenpayApp } from '../../../src/app.js';
import { checkoutBody } from '../../factories/checkouts.js';
import { makeMerchant, type TestMerchant } from '../../factories/merchants.js';
import { startTestApp } from '../../helpers/app.js';
import { api } from '../../helpers/http.js';

const CONCURRENCY = 50;

let evenpay: EvenpayApp;
let http: ReturnType<typeof api>;
let merchant: TestMerchant;

beforeAll(async () => {
  evenpay = await startTestApp();
  http = api(evenpay.app);
  merchant = await makeMerchant(evenpay.services.models);
});
afterAll(() => evenpay.close());

/** A 10000-cent pay-in-4 transaction, authorized and ready to capture. */
async function authorized(): Promise<string> {
  const body = checkoutBody({
    items: [{ sku: 'RACE', name: 'Race item', unit_price: 10_000, quantity: 1 }],
    shipping_amount: 0,
    tax_amount: 0,
    discount_amount: 0,
    total_amount: 10_000,
  });
  const checkout = await http.post('/v2/checkouts', { auth: merchant.bearer, body });
  expect(checkout.status).toBe(201);
  const confirmed = await http.post(`/v2/sandbox/checkouts/${checkout.body.id}/confirm`, { auth: merchant.bearer, body: { plan_id: 'pay_in_4' } });
  expect(confirmed.body.status).toBe('confirmed');
  const tx = await http.post('/v2/transactions', { auth: merchant.bearer, body: { checkout_id: checkout.body.id } });
  expect(tx.status).toBe(201);
  return tx.body.id as string;
}

function post(path: string, body: object) {
  return http.post(path, { auth: merchant.bearer, body, headers: { 'Idempotency-Key': randomUUID() } });
}

async function stored(id: string) {
  const row = await evenpay.services.models.Transaction.findOne({ where: { id } });
  const events = await evenpay.services.models.Event.findAll({ where: { objectId: id } });
  return { row: row!, events };
}

describe(`${CONCURRENCY} concurrent requests on one transaction`, () => {
  it('never capture more than the authorized amount', async () => {
    const id = await authorized();
    const results = await Promise.all(Array.from({ length: CONCURRENCY }, () => post(`/v2/transactions/${id}/capture`, { amount: 300 })));
    const won = results.filter((r) => r.status === 200);
    const refused = results.filter((r) => r.status === 422);
    expect(won.length + refused.length).toBe(CONCURRENCY);
    expect(won).toHaveLength(33); // 33 × 300 = 9900 ≤ 10000 < 34 × 300
    for (const r of refused) expect(r.body.code).toBe('capture_exceeds_authorized');
    const { row, events } = await stored(id);
    expect(row.capturedAmount).toBe(9_900);
    expect(events.filter((e) => e.type === 'transaction.captured')).toHaveLength(33);
    expect(Math.max(...won.map((r) => r.body.captured_amount as number))).toBe(9_900);
  });

  it('never refund more than the captured amount', async () => {
    const id = await authorized();
    expect((await post(`/v2/transactions/${id}/capture`, { amount: 7_000 })).status).toBe(200);
    const results = await Promise.all(Array.from({ length: CONCURRENCY }, () => post(`/v2/transactions/${id}/refund`, { amount: 200 })));
    const won = results.filter((r) => r.status === 200);
    expect(won).toHaveLength(35); // 35 × 200 = 7000
    for (const r of results.filter((r) => r.status !== 200)) expect(r.body.code).toBe('refund_exceeds_captured');
    const { row, events } = await stored(id);
    expect(row.refundedAmount).toBe(7_000);
    expect(row.status).toBe('partially_refunded'); // 3000 still capturable
    expect(events.filter((e) => e.type === 'transaction.refunded')).toHaveLength(35);
  });

  it('let exactly one side win when voids and captures race', async () => {
    const id = await authorized();
    const results = await Promise.all(
      Array.from({ length: CONCURRENCY }, (_, i) =>
        i % 2 === 0 ? post(`/v2/transactions/${id}/void`, {}) : post(`/v2/transactions/${id}/capture`, { amount: 100 }),
      ),
    );
    const voids = results.filter((_, i) => i % 2 === 0);
    const captures = results.filter((_, i) => i % 2 === 1);
    const voidWon = voids.filter((r) => r.status === 200).length;
    const capturesWon = captures.filter((r) => r.status === 200).length;
    const { row } = await stored(id);
    if (voidWon) {
      expect(voidWon).toBe(1);
      expect(row.status).toBe('voided');
      // Captures that ran before the void would have made it fail: none did.
      expect(capturesWon).toBe(0);
      expect(row.capturedAmount).toBe(0);
      for (const r of [...voids, ...captures].filter((r) => r.status !== 200)) expect(r.body.code).toBe('transaction_voided');
    } else {
      expect(capturesWon).toBeGreaterThan(0);
      expect(row.voidedAt).toBeNull();
      expect(row.capturedAmount).toBe(capturesWon * 100);
      for (const r of voids) expect(r.body.code).toBe('void_after_capture');
    }
  });

  it('authorize a checkout once when 50 authorizations race', async () => {
    const checkout = await http.post('/v2/checkouts', { auth: merchant.bearer, body: checkoutBody() });
    await http.post(`/v2/sandbox/checkouts/${checkout.body.id}/confirm`, { auth: merchant.bearer, body: { plan_id: 'pay_in_4' } });
    const results = await Promise.all(Array.from({ length: CONCURRENCY }, () => post('/v2/transactions', { checkout_id: checkout.body.id })));
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    for (const r of results.filter((r) => r.status !== 201)) expect(r.body.code).toBe('checkout_already_authorized');
    expect(await evenpay.services.models.Transaction.count({ where: { checkoutId: checkout.body.id } })).toBe(1);
  });

  it('apply a capture once when the same Idempotency-Key races', async () => {
    const id = await authorized();
    const key = randomUUID();
    const results = await Promise.all(
      Array.from({ length: CONCURRENCY }, () =>
        http.post(`/v2/transactions/${id}/capture`, { auth: merchant.bearer, body: { amount: 1_000 }, headers: { 'Idempotency-Key': key } }),
      ),
    );
    for (const r of results) expect([200, 409]).toContain(r.status);
    const originals = results.filter((r) => r.status === 200 && r.headers['idempotent-replayed'] === undefined);
    expect(originals).toHaveLength(1);
    const { row } = await stored(id);
    expect(row.capturedAmount).toBe(1_000);
  });
});
