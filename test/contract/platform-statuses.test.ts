// The answers any operation can give whatever it does — generated from the specs, so a new
// operation is covered the day it is added: 401 for a missing and for an unknown key, 400 for a
// parameter it does not take (and malformed JSON, for the methods that carry a body; a bad cursor,
// for lists), 413 for a body over its limit (100 KB, or its `x-max-body-bytes`), 415 for a body that is not JSON, 429 over the key's
// rate limit and 503 while the database is unreachable. Each one is checked against the spec like
// every other answer (its status, its code among the operation's documented examples, its headers
// declared), which is how the status coverage knows each was produced.
import { randomUUID } from 'node:crypto';
import { Sequelize } from 'sequelize';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { listApis } from '../../scripts/lib/apis.js';
import { createApp, type EvenpayApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { authFor } from '../factories/merchants.js';
import { makePartner, partnerAuthFor, type TestPartner } from '../factories/partners.js';
import { appWithMerchant, startTestApp } from '../helpers/app.js';
import { api, type CallOptions, type Http } from '../helpers/http.js';
import { expectProblem } from '../helpers/problem.js';
import { type SpecOperation, specOperations } from '../helpers/spec-operations.js';
import { type TcpProxy, tcpProxy } from '../helpers/tcp-proxy.js';

const { evenpay, http, merchant } = appWithMerchant('Platform Statuses Co');
// The partner's own operations (onboarding merchants) take its key.
let partner: TestPartner;

/** A rate limit of one request per second, on the same database. */
let limited: EvenpayApp;
let limitedHttp: Http;
/** No cache and no database: every request needs one, so every answer is a 503. */
let unreachable: EvenpayApp;
let unreachableHttp: Http;
let proxy: TcpProxy | undefined;

beforeAll(async () => {
  partner = await makePartner(evenpay.services.models);
  limited = await startTestApp({ config: { rateLimit: { perSecond: 1, store: 'memory' } } });
  limitedHttp = api(limited.app);
  const url = inject('databaseUrl');
  if (url.startsWith('mysql')) {
    // MariaDB behind a proxy that is then cut: the pool's connections drop, new ones are refused.
    const direct = new URL(url);
    proxy = await tcpProxy(direct.hostname, Number(direct.port || 3306));
    const through = new URL(direct);
    through.port = String(proxy.port);
    unreachable = await startTestApp({ databaseUrl: through.toString(), config: { cacheTtlMs: 0 } });
    proxy.cut();
  } else {
    // A MySQL server nobody listens for: every connection is refused. (A SQLite file that cannot
    // be opened would do too, but Sequelize's SQLite driver then leaves later queries waiting.)
    const sequelize = new Sequelize('mysql://root@127.0.0.1:1/evenpay', { dialect: 'mysql', logging: false, pool: { max: 1, acquire: 5_000 } });
    unreachable = await createApp(
      { ...loadConfig({ NODE_ENV: 'test' }), validateResponses: true, docsBaseUrl: 'https://docs.evenpay.test', cacheTtlMs: 0 },
      { sequelize },
    );
  }
  unreachableHttp = api(unreachable.app);
});

afterAll(async () => {
  await limited.close();
  // Its unflushed deprecation counts cannot reach a database that is gone.
  await unreachable.close().catch(() => undefined);
  await proxy?.close();
});

function withBody(operation: SpecOperation): boolean {
  return operation.method !== 'get';
}

/** The key the operation takes: the merchant's publishable key, its secret key (the version's way), or the partner's. */
function keyFor(operation: SpecOperation): string {
  if (operation.publishable) return `Bearer ${merchant.publishableKey}`;
  return operation.actsForMerchant ? authFor(merchant, operation.version) : partnerAuthFor(partner, operation.version);
}

/** The operation called as a partner would, with what it needs; `options` replace parts of it. */
function call(client: Http, operation: SpecOperation, options: CallOptions & { query?: string } = {}) {
  const body = Object.values(operation.bodyExamples ?? {})[0];
  return client.call(operation.method, `${operation.url}${options.query ?? ''}`, {
    auth: keyFor(operation),
    ...(body !== undefined ? { body } : {}),
    ...options,
    headers: { ...(operation.idempotent ? { 'Idempotency-Key': randomUUID() } : {}), ...options.headers },
  });
}

for (const { version } of listApis()) {
  for (const operation of specOperations(version)) {
    describe(`${operation.method.toUpperCase()} ${operation.url} (${operation.operationId})`, () => {
      it('answers 401 authentication_required without a key', async () => {
        const res = await call(http, operation, { auth: '' });
        expectProblem(res, 401, 'authentication_required');
      });

      it('answers 401 invalid_api_key for a key nobody issued', async () => {
        const unknown = operation.publishable
          ? `Bearer pk_test_${'Z'.repeat(24)}`
          : version === 'v1'
            ? `Basic ${Buffer.from(`${merchant.publishableKey}:sk_test_${'Z'.repeat(24)}`).toString('base64')}`
            : `Bearer sk_test_${'Z'.repeat(24)}`;
        const res = await call(http, operation, { auth: unknown });
        expectProblem(res, 401, 'invalid_api_key');
      });

      it('answers 400 invalid_request for a query parameter it does not take, naming it', async () => {
        const res = await call(http, operation, { query: '?unexpected_parameter=1' });
        expectProblem(res, 400, 'invalid_request');
        expect(res.body.errors).toContainEqual(expect.objectContaining({ parameter: 'unexpected_parameter' }));
      });

      if (operation.list) {
        it('answers 400 invalid_cursor for both cursors at once', async () => {
          const res = await call(http, operation, { query: '?starting_after=x_1&ending_before=x_2' });
          expectProblem(res, 400, 'invalid_cursor');
        });
      }

      if (withBody(operation)) {
        it('answers 400 malformed_json for a body that is not JSON', async () => {
          const res = await call(http, operation, { raw: '{"amount": ', headers: { 'Content-Type': 'application/json' } });
          expectProblem(res, 400, 'malformed_json');
        });

        it(`answers 413 payload_too_large for a body over its limit (${operation.maxBodyBytes} bytes)`, async () => {
          const note = 'x'.repeat(operation.maxBodyBytes + 1024);
          const res = await call(http, operation, { raw: JSON.stringify({ note }), headers: { 'Content-Type': 'application/json' } });
          expectProblem(res, 413, 'payload_too_large');
          expect(res.headers['ratelimit-limit']).toBeDefined();
        });
      }

      if (operation.bodyExamples) {
        it('answers 415 unsupported_media_type for a body that is not sent as JSON', async () => {
          const res = await call(http, operation, { raw: 'amount=100', headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
          expectProblem(res, 415, 'unsupported_media_type');
        });
      }

      it('answers 429 rate_limited with Retry-After once the key is over its limit', async () => {
        // The limit is one a second (ten for a partner's key, which serves many merchants): the
        // calls after it are refused, unless the machine is so slow that a second passed between
        // them; a few more calls settle that.
        let res = await call(limitedHttp, operation);
        for (let attempt = 0; attempt < 30 && res.status !== 429; attempt++) res = await call(limitedHttp, operation);
        expectProblem(res, 429, 'rate_limited');
        expect(Number(res.headers['retry-after'])).toBeGreaterThanOrEqual(1);
        expect(res.headers['ratelimit-remaining']).toBe('0');
      });

      it('answers 503 service_unavailable with Retry-After while the database is unreachable', async () => {
        const res = await call(unreachableHttp, operation);
        expectProblem(res, 503, 'service_unavailable');
        expect(Number(res.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      });
    });
  }
}
