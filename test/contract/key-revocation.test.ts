// A revoked key is refused on the very next request by every replica — not after a cache TTL
// (30 s here, as in production): two service processes on one database, each having cached the
// key by using it, one revokes it, and the other refuses it on the request right after the answer.
// A rolled key keeps working on both until its overlap ends. On a database of its own.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { EvenpayApp } from '../../src/app.js';
import { makeMerchant, type TestMerchant } from '../factories/merchants.js';
import { startTestApp } from '../helpers/app.js';
import { type FreshDatabase, freshDatabase } from '../helpers/fresh-database.js';
import { type ServerProcess, startServerProcess } from '../helpers/server-process.js';
import { assertConformsToSpec } from '../helpers/spec-oracle.js';

let database: FreshDatabase;
let evenpay: EvenpayApp;
let merchant: TestMerchant;
let replicas: ServerProcess[] = [];

beforeAll(async () => {
  database = await freshDatabase(inject('databaseUrl'), 'key_revocation');
  evenpay = await startTestApp({ databaseUrl: database.url });
  merchant = await makeMerchant(evenpay.services.models);
  const env = { CACHE_TTL_MS: '30000', RATE_LIMIT_PER_SECOND: '100000', WEBHOOK_DISPATCHER: 'off' };
  replicas = await Promise.all([0, 1].map(() => startServerProcess(database.url, env)));
}, 90_000);
afterAll(async () => {
  await Promise.all(replicas.map((replica) => replica.stop()));
  await evenpay.close();
  await database.drop();
});

async function call(replica: ServerProcess, method: 'GET' | 'POST', path: string, auth: string, body?: unknown) {
  const res = await fetch(`${replica.baseUrl}${path}`, {
    method,
    headers: { Authorization: auth, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const json = (await res.json()) as Record<string, any>;
  assertConformsToSpec(method.toLowerCase(), path, { status: res.status, headers: Object.fromEntries(res.headers), body: json });
  return { status: res.status, body: json };
}

describe('two replicas, each with the key in its cache', () => {
  it('refuse a revoked key on the next request, every time', async () => {
    const [a, b] = replicas as [ServerProcess, ServerProcess];
    for (let round = 0; round < 5; round++) {
      const created = await call(a, 'POST', '/v2/api-keys', merchant.bearer, { type: 'secret' });
      expect(created.status).toBe(201);
      const key = `Bearer ${created.body.secret}`;
      // Both replicas verify it and keep it cached.
      expect((await call(a, 'GET', '/v2/merchant', key)).status).toBe(200);
      expect((await call(b, 'GET', '/v2/merchant', key)).status).toBe(200);
      // Revoked on one replica (alternately), refused by the other on the very next request.
      const [revoker, other] = round % 2 === 0 ? [a, b] : [b, a];
      expect((await call(revoker, 'POST', `/v2/api-keys/${created.body.id}/revoke`, merchant.bearer)).status).toBe(200);
      const next = await call(other, 'GET', '/v2/merchant', key);
      expect(next.status).toBe(401);
      expect(next.body.detail).toContain('was revoked');
      expect((await call(revoker, 'GET', '/v2/merchant', key)).status).toBe(401);
    }
  });

  it('keep a rolled key working on both until its overlap ends; at once when there is none', async () => {
    const [a, b] = replicas as [ServerProcess, ServerProcess];
    const created = await call(a, 'POST', '/v2/api-keys', merchant.bearer, { type: 'secret' });
    const old = `Bearer ${created.body.secret}`;
    expect((await call(b, 'GET', '/v2/merchant', old)).status).toBe(200);
    const rolled = await call(a, 'POST', `/v2/api-keys/${created.body.id}/roll`, merchant.bearer, { expires_in_hours: 1 });
    expect(rolled.status).toBe(201);
    for (const replica of [a, b]) {
      expect((await call(replica, 'GET', '/v2/merchant', old)).status).toBe(200);
      expect((await call(replica, 'GET', '/v2/merchant', `Bearer ${rolled.body.secret}`)).status).toBe(200);
    }
    // Rolled again with no overlap: the replaced key stops everywhere before the answer.
    const again = await call(b, 'POST', `/v2/api-keys/${rolled.body.id}/roll`, merchant.bearer, { expires_in_hours: 0 });
    expect(again.status).toBe(201);
    expect((await call(a, 'GET', '/v2/merchant', `Bearer ${rolled.body.secret}`)).status).toBe(401);
    expect((await call(a, 'GET', '/v2/merchant', `Bearer ${again.body.secret}`)).status).toBe(200);
  });
});
