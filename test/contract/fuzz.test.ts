// Spec-driven fuzzing: for every operation of every version, start from the spec's own examples
// and send seeded mutations of them (missing and mistyped fields, unknown fields, huge values,
// wrong bodies, odd parameters). Whatever arrives, the service must answer without a 5xx, with a
// status the spec documents for the operation, a body valid against the spec, and a
// problem+json body for every 4xx.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EvenpayApp } from '../../src/app.js';
import { followRef } from '../../src/http/json-pointer.js';
import { loadBundledSpec, type OpenApiDocument } from '../../src/http/spec.js';
import { makeMerchant, type TestMerchant } from '../factories/merchants.js';
import { startTestApp } from '../helpers/app.js';
import { api, type Method } from '../helpers/http.js';

type Json = Record<string, any>;
const SEED = 20261125;
const MUTATIONS_PER_OPERATION = 80; // 31 operations × 80 ≈ 2 500 requests per database

let evenpay: EvenpayApp;
let http: ReturnType<typeof api>;
let merchant: TestMerchant;

beforeAll(async () => {
  evenpay = await startTestApp({ config: { rateLimit: { perSecond: 1_000_000, store: 'memory' } } });
  http = api(evenpay.app);
  merchant = await makeMerchant(evenpay.services.models);
});
afterAll(() => evenpay.close());

function resolve(doc: OpenApiDocument, node: unknown): Json {
  return (followRef(doc, node) ?? {}) as Json;
}

interface Operation {
  version: string;
  method: Method;
  path: string;
  operationId: string;
  parameters: Json[];
  bodyExample: unknown;
  bodySchema: Json | undefined;
}

function operations(version: string): Operation[] {
  const spec = loadBundledSpec(version);
  return Object.entries(spec.paths).flatMap(([path, item]) =>
    (['get', 'post', 'put', 'patch', 'delete'] as const)
      .filter((method) => item[method])
      .map((method) => {
        const op = item[method] as Json;
        const parameters = [...(((item as Json).parameters as unknown[]) ?? []), ...((op.parameters as unknown[]) ?? [])].map((p) => resolve(spec, p));
        const media = resolve(spec, op.requestBody)?.content?.['application/json'] as Json | undefined;
        const example = media?.examples ? resolve(spec, Object.values(media.examples)[0]).value : undefined;
        return {
          version,
          method,
          path,
          operationId: op.operationId as string,
          parameters,
          bodyExample: example,
          bodySchema: media ? resolve(spec, media.schema) : undefined,
        };
      }),
  );
}

const weird = fc.oneof(
  fc.constant(null),
  fc.constant(''),
  fc.integer({ min: -1e12, max: 1e12 }),
  fc.double({ noNaN: true }),
  fc.boolean(),
  fc.string({ maxLength: 20 }),
  fc.constant('x'.repeat(5000)),
  fc.constant([]),
  fc.constant({}),
  fc.constant({ nested: { deeper: [1, 'two', null] } }),
  fc.constant('<script>alert(1)</script>'),
  fc.constant("' OR 1=1 --"),
);

type Mutation =
  | { kind: 'none' }
  | { kind: 'drop'; index: number }
  | { kind: 'retype'; index: number; value: unknown }
  | { kind: 'extra'; value: unknown }
  | { kind: 'body'; value: unknown }
  | { kind: 'raw'; text: string }
  | { kind: 'param'; index: number; value: string }
  | { kind: 'key'; value: string };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.constant<Mutation>({ kind: 'none' }),
  fc.record({ kind: fc.constant('drop' as const), index: fc.nat(50) }),
  fc.record({ kind: fc.constant('retype' as const), index: fc.nat(50), value: weird }),
  fc.record({ kind: fc.constant('extra' as const), value: weird }),
  fc.record({ kind: fc.constant('body' as const), value: weird }),
  fc.record({ kind: fc.constant('raw' as const), text: fc.oneof(fc.constant('{"unterminated": '), fc.constant('[1,2'), fc.string({ maxLength: 30 })) }),
  fc.record({
    kind: fc.constant('param' as const),
    index: fc.nat(10),
    value: fc.oneof(fc.string({ maxLength: 30 }), fc.constant('-1'), fc.constant('1e99'), fc.constant('%00'), fc.constant(`chk_${'A'.repeat(61)}`)),
  }),
  fc.record({ kind: fc.constant('key' as const), value: fc.oneof(fc.constant(' '), fc.constant('k'.repeat(300)), fc.string({ maxLength: 10 })) }),
);

function basic(m: TestMerchant): string {
  return `Basic ${Buffer.from(`${m.publishableKey}:${m.secretKey}`).toString('base64')}`;
}

async function send(op: Operation, change: Mutation) {
  const pathValues: Record<string, string> = {};
  const query: Record<string, string> = {};
  for (const p of op.parameters) {
    if (p.in === 'path') pathValues[p.name] = String(p.example ?? p.schema?.example ?? 'x');
  }
  const params = op.parameters.filter((p) => p.in === 'path' || p.in === 'query');
  if (change.kind === 'param' && params.length) {
    const target = params[change.index % params.length]!;
    // An empty path segment would address another route (/events/ is /events): use a space.
    if (target.in === 'path') pathValues[target.name] = change.value || ' ';
    else query[target.name] = change.value;
  }
  const url = op.path.replace(/\{([^}]+)\}/g, (_m, name: string) => encodeURIComponent(pathValues[name] ?? 'x'));
  const search = new URLSearchParams(query).toString();
  let body: unknown = op.bodyExample === undefined ? undefined : structuredClone(op.bodyExample);
  if (body && typeof body === 'object' && !Array.isArray(body)) {
    const keys = Object.keys(body);
    if (change.kind === 'drop' && keys.length) delete (body as Json)[keys[change.index % keys.length]!];
    if (change.kind === 'retype' && keys.length) (body as Json)[keys[change.index % keys.length]!] = change.value;
    if (change.kind === 'extra') (body as Json).unexpected_field = change.value;
  }
  if (change.kind === 'body') body = change.value;
  // supertest sends objects and arrays as JSON; a bare scalar or null goes as raw JSON text.
  const rawJson = body !== undefined && (body === null || typeof body !== 'object') ? JSON.stringify(body) : undefined;
  const headers: Record<string, string> = {};
  if (change.kind === 'key') headers['Idempotency-Key'] = change.value;
  else if (op.parameters.some((p) => p.in === 'header' && p.name === 'Idempotency-Key' && p.required)) headers['Idempotency-Key'] = `fuzz-${Math.random()}`;
  const auth = op.version === 'v1' ? basic(merchant) : merchant.bearer;
  const full = `/${op.version}${url}${search ? `?${search}` : ''}`;
  const raw = change.kind === 'raw' ? change.text : rawJson;
  return http.call(op.method, full, {
    auth,
    headers: raw !== undefined ? { ...headers, 'Content-Type': 'application/json' } : headers,
    ...(raw !== undefined ? { raw } : body === undefined ? {} : { body }),
  });
}

describe('spec-driven fuzzing', () => {
  const all = [...operations('v1'), ...operations('v2')];

  it.each(all.map((op) => [`${op.method.toUpperCase()} /${op.version}${op.path}`, op] as const))(
    '%s never answers 5xx or off-spec',
    async (_name, op) => {
      const changes = fc.sample(mutation, { seed: SEED + op.operationId.length * 7919 + op.path.length, numRuns: MUTATIONS_PER_OPERATION });
      for (const change of changes) {
        // `api().call` validates every answer against the spec and throws on anything undocumented.
        const res = await send(op, change).catch((error: Error) => {
          throw new Error(`${op.operationId} with ${JSON.stringify(change).slice(0, 200)}: ${error.message}`);
        });
        expect(res.status, `${op.operationId} ${JSON.stringify(change).slice(0, 200)}`).toBeLessThan(500);
        if (res.status >= 400) expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      }
    },
    60_000,
  );
});
