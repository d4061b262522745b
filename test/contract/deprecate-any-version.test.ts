// Deprecation lives in the spec, for any version, with no code change. A fixture of the v2 spec
// deprecates GET /v2/transactions/{transactionId}/schedule in favour of GET
// /v2/transactions/{transactionId} (the schedule is part of the transaction), exactly as v1's
// operations are deprecated: `deprecated`, `x-deprecated-on`, `x-sunset`, `x-successor`,
// `x-brownouts`, the shared Deprecation/Sunset/Link headers and Gone response. The service built
// on that fixture sends the headers with a Link to the v2 → v2 guide and the successor, counts
// each merchant's calls (GET /v2/deprecations), answers 410 in a brownout and after the sunset,
// and the docs build writes the guide page.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../scripts/lib/apis.js';
import { migrationGuides, type SpecWithSchemas } from '../../scripts/lib/migration-guides.js';
import type { EvenpayApp } from '../../src/app.js';
import type { OpenApiDocument } from '../../src/http/spec.js';
import { fixedClock } from '../../src/kernel/clock.js';
import { makeMerchant, type TestMerchant } from '../factories/merchants.js';
import { authorizedTransaction } from '../factories/transactions.js';
import { startTestApp } from '../helpers/app.js';
import { api } from '../helpers/http.js';
import { oracleOfSpec } from '../helpers/spec-oracle.js';

const DEPRECATED = '/transactions/{transactionId}/schedule';
type Json = Record<string, any>;

/** The bundled v2 spec with one operation deprecated the way the spec deprecates any operation. */
function fixtureSpecs(): { v1: Json; v2: Json } {
  const read = (version: string) => JSON.parse(readFileSync(path.join(repoRoot, 'generated', version, 'openapi.json'), 'utf8')) as Json;
  const v1 = read('v1');
  const v2 = read('v2');
  const operation = v2.paths[DEPRECATED].get;
  Object.assign(operation, {
    deprecated: true,
    'x-deprecated-on': '2027-01-15',
    'x-sunset': '2027-09-30',
    'x-successor': 'getTransaction',
    'x-brownouts': [{ start: '2027-06-01T15:00:00Z', end: '2027-06-01T16:00:00Z' }],
  });
  // The shared components every deprecated operation uses (bundled with v1, which uses them today).
  v2.components.headers = {
    ...v2.components.headers,
    Deprecation: v1.components.headers.Deprecation,
    Sunset: v1.components.headers.Sunset,
    Link: v1.components.headers.Link,
  };
  v2.components.responses = { ...v2.components.responses, Gone: v1.components.responses.Gone };
  const deprecationHeaders = {
    Deprecation: { $ref: '#/components/headers/Deprecation' },
    Sunset: { $ref: '#/components/headers/Sunset' },
    Link: { $ref: '#/components/headers/Link' },
  };
  for (const [status, response] of Object.entries(operation.responses as Record<string, Json>)) {
    const resolved = response.$ref ? structuredClone(v2.components.responses[response.$ref.split('/').pop()]) : response;
    operation.responses[status] = { ...resolved, headers: { ...resolved.headers, ...deprecationHeaders } };
  }
  operation.responses['410'] = { $ref: '#/components/responses/Gone' };
  return { v1, v2 };
}

const clock = fixedClock('2027-05-20T12:00:00Z');
const specs = fixtureSpecs();
const oracle = oracleOfSpec('v2', specs.v2 as OpenApiDocument);
const dir = mkdtempSync(path.join(tmpdir(), 'evenpay-deprecated-v2-'));
let evenpay: EvenpayApp;
let merchant: TestMerchant;
let transactionId: string;

beforeAll(async () => {
  for (const [version, spec] of Object.entries(specs)) {
    mkdirSync(path.join(dir, version));
    writeFileSync(path.join(dir, version, 'openapi.json'), JSON.stringify(spec));
  }
  evenpay = await startTestApp({ clock, specsDir: dir });
  merchant = await makeMerchant(evenpay.services.models, { name: 'Deprecated Schedule Co' });
  transactionId = (await authorizedTransaction(api(evenpay.app), merchant)).id;
});
afterAll(async () => {
  await evenpay.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Calls the deprecated operation and checks the answer against the fixture spec. */
async function getSchedule() {
  const url = `/v2/transactions/${transactionId}/schedule`;
  const res = await request(evenpay.app).get(url).set('Authorization', merchant.bearer).set('User-Agent', 'schedule-poller/2.0');
  oracle.check('get', url, res.status, res.headers['content-type'], res.headers, res.body);
  return res;
}

describe('a v2 operation deprecated in the spec alone', () => {
  it('answers with Deprecation, Sunset and a Link to the v2 → v2 guide and to its successor', async () => {
    const res = await getSchedule();
    expect(res.status).toBe(200);
    expect(res.headers.deprecation).toBe(`@${Date.parse('2027-01-15T00:00:00Z') / 1000}`);
    expect(res.headers.sunset).toBe('Thu, 30 Sep 2027 00:00:00 GMT');
    expect(res.headers.link).toBe(
      `<https://docs.evenpay.test/migration/v2-to-v2>; rel="deprecation"; type="text/html", <http://evenpay.test/v2/transactions/${transactionId}>; rel="successor-version"`,
    );
  });

  it("counts the merchant's calls in GET /v2/deprecations", async () => {
    await evenpay.services.deprecationUsage.flush();
    const res = await api(evenpay.app).get('/v2/deprecations', { auth: merchant.bearer });
    const row = (res.body.data as Json[]).find((r) => r.operation_id === 'getTransactionSchedule');
    expect(row).toMatchObject({
      api_version: 'v2',
      path: `/v2${DEPRECATED}`,
      sunset: '2027-09-30',
      successor: { api_version: 'v2', operation_id: 'getTransaction', method: 'GET', path: '/v2/transactions/{transactionId}' },
      usage: { total_calls: 1, last_user_agent: 'schedule-poller/2.0' },
    });
  });

  it('answers 410 operation_brownout in its brownout window, and 410 operation_sunset from its sunset, naming the successor', async () => {
    clock.set('2027-06-01T15:30:00Z');
    const brownout = await getSchedule();
    expect(brownout.status).toBe(410);
    expect(brownout.body).toMatchObject({ code: 'operation_brownout' });
    expect(brownout.body.detail).toContain('Use getTransaction (GET /v2/transactions/{transactionId})');
    expect(brownout.headers.link).toContain('/migration/v2-to-v2>');

    clock.set('2027-06-01T16:00:00Z');
    expect((await getSchedule()).status).toBe(200);

    clock.set('2027-09-30T00:00:00Z');
    const sunset = await getSchedule();
    expect(sunset.status).toBe(410);
    expect(sunset.body).toMatchObject({ code: 'operation_sunset' });
  });

  it('gets its migration guide page from the docs build: the operation, its successor, sunset and brownout', () => {
    const guides = migrationGuides(specs as unknown as Record<string, SpecWithSchemas>, path.join(repoRoot, 'docs', 'migration'));
    const guide = guides.find((g) => g.path === 'migration/v2-to-v2');
    expect(guide).toMatchObject({ from: 'v2', to: 'v2', title: 'Moving off deprecated v2 operations' });
    expect(guide!.body).toContain(
      `<code>GET /v2${DEPRECATED}</code><br>getTransactionSchedule</td><td><code>GET /v2/transactions/{transactionId}</code><br>getTransaction</td><td>2027-09-30</td>`,
    );
    expect(guide!.body).toContain('2027-06-01T15:00:00Z → 2027-06-01T16:00:00Z');
    // The v1 guide is still there, with its own prose and field map.
    expect(guides.find((g) => g.path === 'migration/v1-to-v2')!.body).toMatch(/<h1[^>]*>Migrating from v1 \(charges\) to v2 \(transactions\)<\/h1>/);
  });
});
