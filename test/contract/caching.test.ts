// API keys and merchant profiles are cached in each replica for config.cacheTtlMs (they change
// only in the database); a plan quote is a computation and runs without a database transaction.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EvenpayApp } from '../../src/app.js';
import { fixedClock } from '../../src/kernel/clock.js';
import { makeMerchant, type TestMerchant } from '../factories/merchants.js';
import { startTestApp } from '../helpers/app.js';
import { api } from '../helpers/http.js';
import { statementsDuring } from '../helpers/sql-log.js';

const TTL_MS = 30_000;
const clock = fixedClock('2026-11-25T12:00:00Z');
let evenpay: EvenpayApp;
let http: ReturnType<typeof api>;

beforeAll(async () => {
  evenpay = await startTestApp({ clock, config: { cacheTtlMs: TTL_MS } });
  http = api(evenpay.app);
});
afterAll(() => evenpay.close());

/**
 * The SQL statements `work` sends, but the key change feed's reads, which run on a timer of their
 * own every 100 ms, not for a request (data/key-change-feed.ts).
 */
async function statementsOfRequests(work: () => Promise<unknown>): Promise<string[]> {
  return (await statementsDuring(evenpay.services.sequelize, work, (sql) => !sql.includes('FROM api_key_changes'))).statements;
}

describe('a cached API key', () => {
  let merchant: TestMerchant;
  beforeAll(async () => {
    merchant = await makeMerchant(evenpay.services.models);
  });

  it('is looked up once, not on every request', async () => {
    expect((await http.get('/v2/merchant', { auth: merchant.bearer })).status).toBe(200);
    const statements = await statementsOfRequests(async () => {
      for (let i = 0; i < 3; i++) expect((await http.get('/v2/merchant', { auth: merchant.bearer })).status).toBe(200);
    });
    expect(statements).toEqual([]);
  });

  it('stops working on every replica within the time to live once revoked in the database', async () => {
    await evenpay.services.models.ApiKey.update({ revokedAt: clock.now() }, { where: { merchantId: merchant.id } });
    expect((await http.get('/v2/merchant', { auth: merchant.bearer })).status).toBe(200);
    clock.advance(TTL_MS + 1);
    const res = await http.get('/v2/merchant', { auth: merchant.bearer });
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('invalid_api_key');
  });

  it('is never cached while unknown, so a key issued later works at once', async () => {
    const later = await makeMerchant(evenpay.services.models);
    const wrong = `Bearer ${later.secretKey.slice(0, -1)}${later.secretKey.endsWith('a') ? 'b' : 'a'}`;
    expect((await http.get('/v2/merchant', { auth: wrong })).status).toBe(401);
    expect((await http.get('/v2/merchant', { auth: later.bearer })).status).toBe(200);
  });
});

describe('a cached merchant profile', () => {
  it('takes a change made in the database within the time to live', async () => {
    const merchant = await makeMerchant(evenpay.services.models, { currencies: ['USD'] });
    const quote = () => http.post('/v2/plan-quotes', { auth: merchant.bearer, body: { amount: 80_000, currency: 'CAD', start_date: '2026-12-01' } });
    expect((await quote()).body.code).toBe('currency_not_supported');
    await evenpay.services.models.Merchant.update({ currencies: ['USD', 'CAD'] }, { where: { id: merchant.id } });
    expect((await quote()).body.code).toBe('currency_not_supported');
    clock.advance(TTL_MS + 1);
    const res = await quote();
    expect(res.status).toBe(200);
    expect(res.body.currency).toBe('CAD');
  });
});

describe('a plan quote', () => {
  it('sends no statement to the database once the key and the merchant are cached: no transaction, nothing written', async () => {
    const merchant = await makeMerchant(evenpay.services.models);
    const body = { amount: 80_000, currency: 'USD', start_date: '2026-12-01' };
    const first = await http.post('/v2/plan-quotes', { auth: merchant.bearer, body });
    expect(first.status).toBe(200);
    let again: Awaited<ReturnType<typeof http.post>> | undefined;
    const statements = await statementsOfRequests(async () => {
      again = await http.post('/v2/plan-quotes', { auth: merchant.bearer, body });
    });
    expect(again?.status).toBe(200);
    expect(again?.body).toEqual(first.body);
    expect(statements).toEqual([]);
  });

  it('still stores and replays its answer under an Idempotency-Key', async () => {
    const merchant = await makeMerchant(evenpay.services.models);
    const body = { amount: 80_000, currency: 'USD', start_date: '2026-12-01' };
    const headers = { 'Idempotency-Key': `quote-${merchant.id}` };
    const first = await http.post('/v2/plan-quotes', { auth: merchant.bearer, body, headers });
    const replay = await http.post('/v2/plan-quotes', { auth: merchant.bearer, body, headers });
    expect(first.status).toBe(200);
    expect(replay.status).toBe(200);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.body).toEqual(first.body);
  });
});
