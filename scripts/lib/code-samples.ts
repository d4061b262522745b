// Per-operation code samples for the reference, generated at docs build time from the spec's own
// examples (never written by hand): curl, and the TypeScript SDK's resource method
// (`x-sdk-method`). They go into a copy of the bundle as Redoc's `x-codeSamples`; the published
// spec stays as it is. test/spec/code-samples.test.ts typechecks every TypeScript sample
// against the SDK, so a sample that would not compile fails the build.

import { type AuthScheme, authSchemeOf } from '../../src/http/auth-scheme.js';
import { followRef } from '../../src/http/json-pointer.js';
import { type ResourceMethod, resourceMethodsOf, type Spec } from './sdk-resources.js';

type Json = Record<string, unknown>;

export interface CodeSample {
  lang: string;
  label: string;
  source: string;
}

interface Parameter {
  name: string;
  in: string;
  required?: boolean;
  example?: unknown;
  examples?: Record<string, { value?: unknown }>;
  schema?: Json;
}

/** A node with its local `$ref`s followed (src/http/json-pointer.ts, the one resolver). */
function resolve<T>(spec: unknown, node: unknown): T {
  return followRef(spec, node) as T;
}

function exampleOf(spec: unknown, parameter: Parameter): unknown {
  if (parameter.example !== undefined) return parameter.example;
  const first = Object.values(parameter.examples ?? {})[0];
  if (first) return resolve<{ value?: unknown }>(spec, first).value;
  const schema = resolve<Json | undefined>(spec, parameter.schema);
  return schema?.example ?? (Array.isArray(schema?.examples) ? schema.examples[0] : undefined);
}

function bodyExample(spec: unknown, operation: Json): unknown {
  const body = resolve<{ content?: Record<string, { example?: unknown; examples?: Record<string, unknown> }> } | undefined>(spec, operation.requestBody);
  const media = body?.content?.['application/json'];
  if (!media) return undefined;
  if (media.example !== undefined) return media.example;
  const first = Object.values(media.examples ?? {})[0];
  return first === undefined ? undefined : resolve<{ value?: unknown }>(spec, first).value;
}

/** `createCheckout` answers a Checkout: `checkout`; a list answers `page`. */
function resultName(method: ResourceMethod): string {
  if (method.list) return 'page';
  const name = method.resultSchema ? method.resultSchema.replace(/^(Deleted|New|Created)/, '') : 'result';
  return name.charAt(0).toLowerCase() + name.slice(1);
}

function tsValue(value: unknown, indent: string): string {
  const json = JSON.stringify(value, null, 2);
  return json.replace(/"([A-Za-z_$][A-Za-z0-9_$]*)":/g, '$1:').replace(/\n/g, `\n${indent}`);
}

function shellQuote(text: string): string {
  return `'${text.replaceAll("'", "'\\''")}'`;
}

interface Call {
  method: ResourceMethod;
  operation: Json;
  pathValues: Record<string, string>;
  query: Record<string, unknown>;
  idempotencyKey: string | undefined;
  body: unknown;
}

function callOf(spec: Spec, method: ResourceMethod): Call {
  const item = spec.paths[method.path] as Json;
  const operation = item[method.method] as Json;
  const parameters = [...((item.parameters as unknown[]) ?? []), ...((operation.parameters as unknown[]) ?? [])].map((p) => resolve<Parameter>(spec, p));
  const pathValues: Record<string, string> = {};
  const query: Record<string, unknown> = {};
  let idempotencyKey: string | undefined;
  for (const parameter of parameters) {
    const example = exampleOf(spec, parameter);
    if (parameter.in === 'path') pathValues[parameter.name] = String(example ?? `${parameter.name}_…`);
    // Cursors are for the next page: the first call goes without.
    else if (parameter.in === 'query' && example !== undefined && !['starting_after', 'ending_before'].includes(parameter.name))
      query[parameter.name] = example;
    else if (parameter.in === 'header' && parameter.name === 'Idempotency-Key') idempotencyKey = String(example ?? 'a-unique-key-per-request');
  }
  return { method, operation, pathValues, query, idempotencyKey, body: bodyExample(spec, operation) };
}

const CURL_AUTH: Record<AuthScheme, string> = {
  bearer: '-H "Authorization: Bearer $EVENPAY_SECRET_KEY"',
  basic: '-u "$EVENPAY_PUBLISHABLE_KEY:$EVENPAY_SECRET_KEY"',
  publishable: '-H "Authorization: Bearer $EVENPAY_PUBLISHABLE_KEY"',
};

function curlSample(call: Call, version: string, auth: AuthScheme): string {
  const path = call.method.path.replace(/\{([^}]+)\}/g, (_, name: string) => encodeURIComponent(call.pathValues[name] ?? name));
  const pairs = Object.entries(call.query).flatMap(
    ([key, value]): Array<[string, string]> =>
      value && typeof value === 'object' ? Object.entries(value).map(([k, v]): [string, string] => [`${key}[${k}]`, String(v)]) : [[key, String(value)]],
  );
  const search = new URLSearchParams(pairs).toString();
  const lines = [
    `curl${call.method.method === 'get' ? '' : ` -X ${call.method.method.toUpperCase()}`} "$EVENPAY_API_BASE/${version}${path}${search ? `?${search}` : ''}"`,
  ];
  lines.push(CURL_AUTH[auth]);
  if (call.idempotencyKey !== undefined) lines.push(`-H "Idempotency-Key: ${call.idempotencyKey}"`);
  if (call.body !== undefined) lines.push('-H "Content-Type: application/json"', `-d ${shellQuote(JSON.stringify(call.body, null, 2))}`);
  // Bytes (a dispute document) are saved under the name the answer's Content-Disposition gives.
  if (call.method.parseAs === 'blob') lines.push('-OJ');
  return lines.join(' \\\n  ');
}

function typescriptSample(call: Call, version: string, client: string): string {
  const args = call.method.pathParams.map((name) => `'${call.pathValues[name]}'`);
  const input = call.method.input === 'body' ? call.body : call.method.input === 'query' && Object.keys(call.query).length ? call.query : undefined;
  if (input !== undefined) args.push(tsValue(input, ''));
  else if (call.idempotencyKey !== undefined && call.method.input) args.push('{}');
  if (call.idempotencyKey !== undefined) args.push(`{ idempotencyKey: '${call.idempotencyKey}' }`);
  const invocation = `evenpay.${call.method.name}(${args.join(', ')})`;
  const name = resultName(call.method);
  const lines = [`import { createEvenpayClient } from 'evenpay/${version}';`, '', client, ''];
  if (call.method.list) {
    const item = call.method.name.split('.').at(-2)?.replace(/ies$/, 'y').replace(/s$/, '') ?? 'item';
    lines.push(
      `// Every ${item} of every page (the SDK follows the cursor):`,
      `for await (const ${item} of ${invocation}) {`,
      `  console.log(${item}.id);`,
      '}',
    );
  } else if (call.method.parseAs === 'blob') {
    lines.unshift("import { writeFile } from 'node:fs/promises';");
    lines.push(
      `// A Blob of the bytes; its \`type\` is their media type (${call.method.successMedia.join(', ')}).`,
      "// Saved here under its id; the answer's Content-Disposition gives the name it was sent with.",
      `const file = await ${invocation};`,
      `await writeFile('${call.pathValues[call.method.pathParams.at(-1) ?? ''] ?? 'file'}', Buffer.from(await file.arrayBuffer()));`,
    );
  } else {
    lines.push(`const ${name} = await ${invocation};`, `console.log(${name});`);
  }
  return lines.join('\n');
}

/** How a sample makes its client: the key and the base URL from the variables data/sandbox.env sets. */
function clientOf(version: string, auth: AuthScheme): string {
  const credentials =
    auth === 'basic'
      ? "  publicKey: process.env.EVENPAY_PUBLISHABLE_KEY ?? '',\n  secretKey: process.env.EVENPAY_SECRET_KEY ?? '',"
      : `  apiKey: process.env.${auth === 'publishable' ? 'EVENPAY_PUBLISHABLE_KEY' : 'EVENPAY_SECRET_KEY'} ?? '',`;
  return `const evenpay = createEvenpayClient({\n${credentials}\n  baseUrl: \`\${process.env.EVENPAY_API_BASE ?? 'http://localhost:3000'}/${version}\`,\n});`;
}

/** The samples of every operation, by operationId. */
export function codeSamplesOf(spec: Spec, version: string): Map<string, CodeSample[]> {
  const samples = new Map<string, CodeSample[]>();
  for (const method of resourceMethodsOf(spec)) {
    const call = callOf(spec, method);
    // The key the operation takes (its own `security`, or the version's).
    const auth = authSchemeOf(spec as Parameters<typeof authSchemeOf>[0], call.operation as Parameters<typeof authSchemeOf>[1]);
    samples.set(method.operationId, [
      { lang: 'curl', label: 'curl', source: curlSample(call, version, auth) },
      { lang: 'TypeScript', label: 'TypeScript SDK', source: typescriptSample(call, version, clientOf(version, auth)) },
    ]);
  }
  return samples;
}

/** A copy of the bundle with `x-codeSamples` on every operation, for Redoc. */
export function withCodeSamples<T extends Spec>(spec: T, version: string): T {
  const copy = structuredClone(spec);
  const samples = codeSamplesOf(copy, version);
  for (const item of Object.values(copy.paths)) {
    for (const operation of Object.values(item)) {
      const id = (operation as { operationId?: string } | null)?.operationId;
      if (id && samples.has(id)) (operation as Json)['x-codeSamples'] = samples.get(id);
    }
  }
  return copy;
}
