// What the Evenpay targets need before a run: a fresh, migrated database (the same helper the
// tests use), a merchant with a test secret key, and — for GET /v2/transactions/{id} — one
// authorized transaction made through the HTTP API the way a partner makes it.
import { randomUUID } from 'node:crypto';
import { openDatabase } from '../../../src/data/database.js';
import { defineModels } from '../../../src/data/models/index.js';
import { createUnitOfWork } from '../../../src/data/unit-of-work.js';
import { createMerchantWithKeys } from '../../../src/domain/merchants.js';
import { systemClock } from '../../../src/kernel/clock.js';
import { checkoutBody } from '../../../test/factories/checkouts.js';
import { type FreshDatabase, freshDatabase } from '../../../test/helpers/fresh-database.js';

export type DbKind = 'sqlite' | 'mariadb';

export interface BenchDatabase extends FreshDatabase {
  kind: DbKind;
  /** `Bearer sk_test_…` of the benchmark merchant. */
  bearer: string;
}

export async function prepareDatabase(kind: DbKind, mysqlUrl: string): Promise<BenchDatabase> {
  // SQLite: a new file in a temp dir. MariaDB: `like` names the database itself (evenpay_bench),
  // dropped and created again (utf8mb4_bin), then migrated.
  const db = await freshDatabase(kind === 'sqlite' ? 'sqlite:bench' : mysqlUrl, '');
  const sequelize = await openDatabase(db.url);
  try {
    const models = defineModels(sequelize);
    const { test } = await createUnitOfWork(sequelize).transaction((transaction) =>
      createMerchantWithKeys({ models, clock: systemClock, transaction, requestId: null }, { name: 'Bench Outfitters' }),
    );
    return { ...db, kind, bearer: `Bearer ${test.secretKey}` };
  } finally {
    await sequelize.close();
  }
}

/** The same valid create-checkout body the contract tests use (a fresh order id each time). */
export { checkoutBody };

export const planQuoteBody = { amount: 80_000, currency: 'USD', start_date: '2026-12-01' };

async function call(
  baseUrl: string,
  bearer: string,
  method: string,
  pathname: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(`${baseUrl}${pathname}`, {
    method,
    headers: { Authorization: bearer, ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}), ...headers },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  let json: Record<string, unknown> = {};
  try {
    json = JSON.parse(text) as Record<string, unknown>;
  } catch {
    json = { raw: text };
  }
  return { status: res.status, json };
}

/** One request that must answer `status`; the benchmark refuses to measure an endpoint that fails. */
export async function expectCall(
  baseUrl: string,
  bearer: string,
  method: string,
  pathname: string,
  status: number,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Record<string, unknown>> {
  const res = await call(baseUrl, bearer, method, pathname, body, headers);
  if (res.status !== status) throw new Error(`${method} ${pathname}: expected ${status}, got ${res.status}\n${JSON.stringify(res.json, null, 2)}`);
  return res.json;
}

/** checkout → sandbox confirm (pay_in_4) → authorize; returns the transaction id. */
export async function authorizedTransaction(baseUrl: string, bearer: string): Promise<string> {
  const checkout = await expectCall(baseUrl, bearer, 'POST', '/v2/checkouts', 201, checkoutBody());
  const confirmed = await expectCall(baseUrl, bearer, 'POST', `/v2/sandbox/checkouts/${String(checkout.id)}/confirm`, 200, { plan_id: 'pay_in_4' });
  if (confirmed.status !== 'confirmed') throw new Error(`sandbox confirm: expected a confirmed checkout, got ${String(confirmed.status)}`);
  const transaction = await expectCall(baseUrl, bearer, 'POST', '/v2/transactions', 201, { checkout_id: checkout.id }, { 'Idempotency-Key': randomUUID() });
  return String(transaction.id);
}
