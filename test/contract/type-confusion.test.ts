// Bodies are taken exactly as sent, generated from the specs rather than a hand list: for every
// field of every request body example of every operation (v1 and v2), each JSON value of another
// type — a numeric string for a number, a float for an integer, a boolean, a number for a
// string, and null where the schema does not allow it — is refused (and so is the whole body
// replaced by a value that is not an object) with 400 invalid_request
// whose errors[] points at that field and names what was sent. The validator runs before any
// handler, so a refused request cannot have changed anything; the money cases are also checked
// end to end in v2/strict-bodies.test.ts.
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { listApis } from '../../scripts/lib/apis.js';
import { encodeToken, pointerTokens } from '../../src/http/json-pointer.js';
import { bodySchemaAt, knownProperties, type Schema } from '../../src/http/schema-walk.js';
import { loadBundledSpec, type OpenApiDocument } from '../../src/http/spec.js';
import { authFor } from '../factories/merchants.js';
import { makePartner, partnerAuthFor, type TestPartner } from '../factories/partners.js';
import { appWithMerchant } from '../helpers/app.js';
import { expectProblem, fieldErrors } from '../helpers/problem.js';
import { resolveRef as resolve, type SpecOperation, specOperations } from '../helpers/spec-operations.js';

type Json = Record<string, unknown>;
type Method = SpecOperation['method'];

interface BodyCase {
  operation: SpecOperation;
  example: string;
  body: Json;
}

/** Every operation with a JSON body, once per example of that body. */
function bodyCases(version: string): BodyCase[] {
  return specOperations(version).flatMap((operation) =>
    Object.entries(operation.bodyExamples ?? {}).map(([example, body]) => ({ operation, example, body: body as Json })),
  );
}

/** Every field of a value: [pointer, value], depth first (objects' properties, arrays' elements). */
function fields(value: unknown, pointer = ''): Array<[string, unknown]> {
  if (value === null || typeof value !== 'object') return [];
  const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v] as const) : Object.entries(value);
  return entries.flatMap(([key, child]) => {
    const at = `${pointer}/${encodeToken(key)}`;
    return [[at, child] as [string, unknown], ...fields(child, at)];
  });
}

/** A value of the schema's type, for a field no example sends (its own example where it has one). */
function sampleOf(schema: Schema): unknown {
  if (schema.example !== undefined) return schema.example;
  if (Array.isArray(schema.enum)) return schema.enum[0];
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  return ({ integer: 1, number: 1, boolean: true, object: {}, array: [] } as Record<string, unknown>)[String(type)] ?? 'x';
}

/**
 * The fields of a request body example, and the optional fields its schema declares that the
 * example leaves out (each with a sample value): every field a partner could send is confused.
 */
function requestFields(spec: OpenApiDocument, template: string, method: Method, body: Json): Array<[string, unknown]> {
  const sent = fields(body);
  const objects = ['', ...sent.filter(([, value]) => value !== null && typeof value === 'object' && !Array.isArray(value)).map(([pointer]) => pointer)];
  const unsent = objects.flatMap((pointer) => {
    const found = bodySchemaAt(spec, template, method, pointer);
    const present = Object.keys((pointer === '' ? body : sent.find(([p]) => p === pointer)![1]) as Json);
    return (found ? knownProperties(spec, found.schema) : [])
      .filter((name) => !present.includes(name))
      .map((name): [string, unknown] => [
        `${pointer}/${encodeToken(name)}`,
        sampleOf(bodySchemaAt(spec, template, method, `${pointer}/${encodeToken(name)}`)?.schema ?? {}),
      ]);
  });
  return [...sent, ...unsent];
}

/** The JSON types a schema accepts (its `type`, or its alternatives'); undefined where it does not say. */
function acceptedTypes(spec: OpenApiDocument, schema: Schema): Set<string> | undefined {
  const own = Array.isArray(schema.type) ? schema.type.map(String) : typeof schema.type === 'string' ? [schema.type] : [];
  const branches = [...((schema.anyOf as unknown[]) ?? []), ...((schema.oneOf as unknown[]) ?? [])].map((b) => acceptedTypes(spec, resolve(spec, b)));
  if (!own.length && !branches.length) return undefined;
  const types = new Set(own);
  for (const branch of branches) {
    if (!branch) return undefined;
    for (const t of branch) types.add(t);
  }
  return types;
}

function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

/** The values of another JSON type to send instead of `value`, and how the refusal must show each. */
function confusions(value: unknown): Array<{ what: string; wrong: unknown; shown: string }> {
  const number = typeof value === 'number' ? value : 400;
  return [
    ...(typeof value === 'number'
      ? [
          {
            what: 'a numeric string',
            wrong: Number.isInteger(value) ? `${value}.00` : String(value),
            shown: `the string "${Number.isInteger(value) ? `${value}.00` : String(value)}"`,
          },
        ]
      : []),
    typeof value === 'boolean' ? { what: 'a boolean', wrong: 'true', shown: 'the string "true"' } : { what: 'a boolean', wrong: true, shown: 'true' },
    { what: 'a float', wrong: number + 0.5, shown: `the number ${number + 0.5}` },
    { what: 'null', wrong: null, shown: 'null' },
    ...(typeof value === 'string' ? [] : [{ what: 'a string', wrong: 'not-a-number', shown: 'the string "not-a-number"' }]),
  ];
}

function accepts(types: Set<string> | undefined, value: unknown): boolean {
  if (!types) return true;
  const type = jsonType(value);
  return types.has(type) || (type === 'integer' && types.has('number'));
}

function withValue(body: Json, pointer: string, value: unknown): unknown {
  if (pointer === '') return value;
  const copy = structuredClone(body);
  const keys = pointerTokens(pointer);
  const parent = keys.slice(0, -1).reduce<Json>((at, key) => at[key] as Json, copy);
  parent[keys.at(-1)!] = value;
  return copy;
}

const { evenpay, http, merchant } = appWithMerchant('Type Confusion Co');
// The partner's own operations (onboarding merchants) take its key.
let partner: TestPartner;
beforeAll(async () => {
  partner = await makePartner(evenpay.services.models);
});

for (const { version } of listApis()) {
  const spec = loadBundledSpec(version);
  for (const bodyCase of bodyCases(version)) {
    const { method, url, template, operationId, idempotent, actsForMerchant } = bodyCase.operation;
    describe(`${method.toUpperCase()} ${url} (${operationId}, example ${bodyCase.example})`, () => {
      const mutations = [['', bodyCase.body] as [string, unknown], ...requestFields(spec, template, method, bodyCase.body)].flatMap(([pointer, value]) => {
        const found = bodySchemaAt(spec, template, method, pointer);
        if (!found) throw new Error(`${operationId}: the example's ${pointer} is not in the request schema`);
        const types = acceptedTypes(spec, found.schema);
        return confusions(value)
          .filter(({ wrong }) => !accepts(types, wrong))
          .map((confusion) => ({ pointer, ...confusion }));
      });

      it.each(mutations)('refuses $what at "$pointer", pointing at it', async ({ pointer, wrong, shown }) => {
        const res = await http.call(method, url, {
          auth: actsForMerchant ? authFor(merchant, version) : partnerAuthFor(partner, version),
          headers: { 'Content-Type': 'application/json', ...(idempotent ? { 'Idempotency-Key': randomUUID() } : {}) },
          // The JSON text itself, so that even a body of `null` or `true` is sent as written.
          raw: JSON.stringify(withValue(bodyCase.body, pointer, wrong)),
        });
        expectProblem(res, 400, 'invalid_request');
        const error = fieldErrors(res).find((e) => e.pointer === (pointer || '/'));
        expect(error, JSON.stringify(res.body.errors)).toBeDefined();
        expect(error!.detail).toMatch(/^must be .+; got /);
        expect(error!.detail).toContain(`; got ${shown}`);
      });
    });
  }
}
