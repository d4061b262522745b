// With RATE_LIMIT_STORE=database, replicas share one budget per API key.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EvenpayApp } from '../../src/app.js';
import { makeMerchant, type TestMerchant } from '../factories/merchants.js';
import { startTestApp } from '../helpers/app.js';
import { api } from '../helpers/http.js';

let replicas: EvenpayApp[];
let merchant: TestMerchant;

beforeAll(async () => {
  const config = { rateLimit: { perSecond: 4, store: 'database' as const } };
  replicas = [await startTestApp({ config }), await startTestApp({ config })];
  merchant = await makeMerchant(replicas[0]!.services.models);
  // Warm both replicas (first requests compile validators and fill caches) with another key, so
  // that the six counted calls fit in one rate-limit second even on a busy machine.
  const warmUp = await makeMerchant(replicas[0]!.services.models);
  for (const replica of replicas) await api(replica.app).get('/v2/merchant', { auth: warmUp.bearer });
});
afterAll(() => Promise.all(replicas.map((r) => r.close())));

describe('a database-backed rate limit', () => {
  it('counts the calls of one key across replicas', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await api(replicas[i % 2]!.app).get('/v2/merchant', { auth: merchant.bearer })).status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(4);
    expect(statuses.filter((s) => s === 429)).toHaveLength(2);
  });
});
