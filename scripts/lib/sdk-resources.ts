// Writes generated/<version>/resources.ts: the SDK's resource methods, one per operation, named by
// the operation's `x-sdk-method` (`transactions.capture`), with a signature made from the spec —
// path parameters in order, then the body or the query, then per-call options — and the JSDoc of
// its summary. It also names every schema (`Transaction`, `Checkout`…) and, where the spec has a
// `webhooks` section, the event union. src/sdk/resources.ts turns the table into methods.
// The resource layer is ours, not a generator's: openapi-typescript and openapi-fetch give types
// and a path-keyed client, and no well-kept generator that runs without Java emits Stripe-style
// resource methods over openapi-fetch.

import { followRef } from '../../src/http/json-pointer.js';

type Json = Record<string, unknown>;

interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
}

interface Operation {
  operationId: string;
  summary?: string;
  deprecated?: boolean;
  'x-sdk-method'?: string;
  parameters?: Array<Parameter | { $ref: string }>;
  requestBody?: { required?: boolean; $ref?: string };
  responses: Record<string, Json>;
}

export interface Spec {
  paths: Record<string, Record<string, unknown>>;
  components?: { schemas?: Record<string, Json> };
  webhooks?: Record<string, { post?: { requestBody?: { content?: Record<string, { schema?: { $ref?: string } }> } } }>;
}

/** The headers the SDK sets itself (options.idempotencyKey, options.merchant). */
const SDK_HEADERS = new Set(['Idempotency-Key', 'Evenpay-Merchant']);
/** Headers of the transport rather than of a call: a browser sends `Origin`, an HTTP cache `If-None-Match`. */
const TRANSPORT_HEADERS = new Set(['Origin', 'If-None-Match']);
const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

/** A node with its local `$ref`s followed (src/http/json-pointer.ts, the one resolver). */
function resolve<T>(spec: Spec, node: T | { $ref: string }): T {
  return followRef(spec, node) as T;
}

export interface ResourceMethod {
  name: string;
  operationId: string;
  method: (typeof METHODS)[number];
  path: string;
  pathParams: string[];
  input: 'body' | 'query' | null;
  inputRequired: boolean;
  list: boolean;
  /** The media types of the success answer (`application/json`; a report's `text/csv` too; a document's own). */
  successMedia: string[];
  /** How the success answer is read: JSON, or (no JSON media type: a document's bytes) a Blob. */
  parseAs: 'json' | 'blob';
  summary: string;
  deprecated: boolean;
  /** The named schemas of the success answer and of the body, where the spec names them. */
  resultSchema: string | undefined;
  bodySchema: string | undefined;
}

function jsonSchemaOf(spec: Spec, node: unknown): Json | undefined {
  const resolved = node ? resolve<Json>(spec, node as Json) : undefined;
  return (resolved?.content as Record<string, { schema?: Json }> | undefined)?.['application/json']?.schema;
}

/** `#/components/schemas/Transaction` → `Transaction`. */
function schemaName(schema: Json | undefined): string | undefined {
  const ref = schema?.$ref;
  return typeof ref === 'string' && ref.startsWith('#/components/schemas/') ? ref.slice('#/components/schemas/'.length) : undefined;
}

function successOf(operation: Operation): unknown {
  return operation.responses['200'] ?? operation.responses['201'];
}

function successMediaOf(spec: Spec, operation: Operation): string[] {
  const success = successOf(operation);
  return Object.keys((success ? (resolve<Json>(spec, success as Json).content as Json | undefined) : undefined) ?? {});
}

/** An answer with media types but no JSON among them is bytes (a dispute document): the SDK returns it as a Blob. */
function parseAsOf(media: string[]): ResourceMethod['parseAs'] {
  return media.length > 0 && !media.includes('application/json') ? 'blob' : 'json';
}

function isList(spec: Spec, operation: Operation): boolean {
  const schema = jsonSchemaOf(spec, successOf(operation));
  if (!schema) return false;
  const properties = resolve<Json>(spec, schema).properties as Json | undefined;
  return Boolean(properties && 'has_more' in properties && 'data' in properties);
}

/** Every operation as a resource method, in spec order; fails on a missing or repeated name. */
export function resourceMethodsOf(spec: Spec): ResourceMethod[] {
  const methods: ResourceMethod[] = [];
  for (const [path, item] of Object.entries(spec.paths)) {
    const shared = ((item.parameters as Operation['parameters']) ?? []).map((p) => resolve<Parameter>(spec, p));
    for (const method of METHODS) {
      const operation = item[method] as Operation | undefined;
      if (!operation) continue;
      const name = operation['x-sdk-method'];
      if (!name || !/^[a-z][A-Za-z]*(\.[a-z][A-Za-z]*)+$/.test(name)) {
        throw new Error(`${operation.operationId}: x-sdk-method must be resource.method (got ${name ?? 'nothing'})`);
      }
      if (methods.some((m) => m.name === name)) throw new Error(`${operation.operationId}: x-sdk-method ${name} is used twice`);
      const parameters = [...shared, ...(operation.parameters ?? []).map((p) => resolve<Parameter>(spec, p))];
      const pathParams = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!);
      const query = parameters.filter((p) => p.in === 'query');
      const unknownHeader = parameters.find((p) => p.in === 'header' && !SDK_HEADERS.has(p.name) && !TRANSPORT_HEADERS.has(p.name));
      if (unknownHeader) throw new Error(`${operation.operationId}: header ${unknownHeader.name} has no SDK option`);
      const body = operation.requestBody ? resolve<{ required?: boolean }>(spec, operation.requestBody) : undefined;
      if (body && query.length) throw new Error(`${operation.operationId}: a body and a query; the SDK takes one`);
      const successMedia = successMediaOf(spec, operation);
      methods.push({
        name,
        operationId: operation.operationId,
        method,
        path,
        pathParams,
        input: body ? 'body' : query.length ? 'query' : null,
        inputRequired: body ? body.required === true : query.some((p) => p.required),
        // A list the SDK pages through: a `{ data, has_more }` answer and a `starting_after` cursor.
        list: method === 'get' && isList(spec, operation) && query.some((p) => p.name === 'starting_after'),
        successMedia,
        parseAs: parseAsOf(successMedia),
        summary: operation.summary ?? operation.operationId,
        deprecated: operation.deprecated === true,
        resultSchema: schemaName(jsonSchemaOf(spec, successOf(operation))),
        bodySchema: schemaName(jsonSchemaOf(spec, operation.requestBody)),
      });
    }
  }
  return methods;
}

type Tree = { [key: string]: Tree | ResourceMethod };

function treeOf(methods: ResourceMethod[]): Tree {
  const root: Tree = {};
  for (const method of methods) {
    const parts = method.name.split('.');
    let node = root;
    for (const part of parts.slice(0, -1)) {
      node[part] ??= {};
      node = node[part] as Tree;
    }
    node[parts.at(-1)!] = method;
  }
  return root;
}

function signature(method: ResourceMethod): string {
  const op = `operations['${method.operationId}']`;
  const args = method.pathParams.map((name) => `${name}: string`);
  if (method.input === 'body') args.push(`body${method.inputRequired ? '' : '?'}: ${method.bodySchema ?? `BodyOf<${op}>`}`);
  if (method.input === 'query') args.push(`query${method.inputRequired ? '' : '?'}: QueryOf<${op}>`);
  args.push('options?: RequestOptions');
  const result = method.parseAs === 'blob' ? 'Blob' : (method.resultSchema ?? `ResultOf<${op}>`);
  const returns = method.list ? `ListResult<${result}>` : `Promise<${result}>`;
  const doc = [`${method.summary}.`, `\`${method.method.toUpperCase()} ${method.path}\` (${method.operationId})`];
  if (method.list) doc.push('Await it for one page, or `for await` over it for every item (auto-pagination).');
  if (method.parseAs === 'blob') doc.push('Resolves to the bytes as a Blob, whose `type` is their media type.');
  if (method.deprecated) doc.push('@deprecated See the migration guide.');
  return `/** ${doc.join('\n   * ')} */\n  ${method.name.split('.').at(-1)}(${args.join(', ')}): ${returns};`;
}

function interfaceOf(tree: Tree, indent: string): string {
  return Object.entries(tree)
    .map(([key, value]) =>
      'operationId' in value
        ? `${indent}${signature(value as ResourceMethod).replaceAll('\n  ', `\n${indent}`)}`
        : `${indent}${key}: {\n${interfaceOf(value as Tree, `${indent}  `)}\n${indent}};`,
    )
    .join('\n');
}

const HELPERS = `/** Per-call options of every resource method. */
export interface RequestOptions {
  /** Sent as \`Idempotency-Key\` on a POST; the SDK makes one per call when you do not. */
  idempotencyKey?: string;
  /** For partners: the merchant (\`mer_…\`) this call acts for, over the client's \`merchant\`. */
  merchant?: string;
  /** Aborts the call (and its retries). */
  signal?: AbortSignal;
}

type JsonOf<R> = R extends { content: { 'application/json': infer Body } } ? Body : never;
/** What an operation answers on success, as the resource it returns. */
export type ResultOf<Op> = Op extends { responses: infer R } ? JsonOf<R[Extract<keyof R, 200 | 201>]> : never;
/** The JSON body an operation takes. */
export type BodyOf<Op> = Op extends { requestBody?: infer B } ? JsonOf<NonNullable<B>> : never;
/** The query parameters an operation takes (cursors included: pass one to start elsewhere). */
export type QueryOf<Op> = Op extends { parameters: { query?: infer Q } } ? NonNullable<Q> : never;
/** A list call: await it for one page, or iterate it with \`for await\` for every item of every page. */
export type ListResult<Page> = Promise<Page> & AsyncIterable<Page extends { data: Array<infer Item> } ? Item : never>;
`;

const RESERVED = new Set(['RequestOptions', 'ResultOf', 'BodyOf', 'QueryOf', 'ListResult', 'Resources', 'EventTypes', 'EvenpayEvent', 'JsonOf']);

function identifier(name: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name) ? name : `'${name}'`;
}

/** The source of generated/<version>/resources.ts. */
export function resourcesSource(spec: Spec, header: string, version: string): string {
  const methods = resourceMethodsOf(spec);
  const table = methods.map(({ name, method, path, pathParams, input, list, parseAs }) => ({ name, method, path, pathParams, input, list, parseAs }));
  const schemas = Object.keys(spec.components?.schemas ?? {}).sort();
  const taken = schemas.find((name) => RESERVED.has(name));
  if (taken) throw new Error(`schema ${taken}: the SDK uses that name; rename the schema`);
  const events = Object.entries(spec.webhooks ?? {}).map(([type, item]) => {
    const ref = item.post?.requestBody?.content?.['application/json']?.schema?.$ref;
    if (!ref) throw new Error(`webhook ${type}: its body must be a $ref to a named schema`);
    return { type, schema: ref.split('/').at(-1)! };
  });
  const eventTypes = events.length
    ? `
/** Each event type the API sends, with its payload: \`type\` narrows \`data.object\`. */
export interface EventTypes {
${events.map((e) => `  ${identifier(e.type)}: components['schemas']['${e.schema}'] & { type: '${e.type}' };`).join('\n')}
}
/** Any event of this version: switch on \`event.type\` to narrow it. A type added in a later minor version is none of these: ignore it. */
export type EvenpayEvent = EventTypes[keyof EventTypes];
`
    : '';
  return `/**
 * ${header}
 */
import type { components, operations } from './schema.js';

${HELPERS}
/** How each resource method calls the API (src/sdk/resources.ts builds the methods from it). */
export const resourceMethods = [
${table.map((entry) => `  ${JSON.stringify(entry)},`).join('\n')}
] as const;

/** The ${version} API as resources: one method per operation, named by its \`x-sdk-method\`. */
export interface Resources {
${interfaceOf(treeOf(methods), '  ')}
}

// Every schema of the spec by its own name.
${schemas.map((name) => `export type ${name} = components['schemas']['${name}'];`).join('\n')}
${eventTypes}`;
}
