// Compares two bundled specs of one API version and sorts every difference into breaking or
// additive, by the rules a typed client lives by:
//   breaking: an operation or response status removed, a 2xx status added (the success code
//   changed), a response field removed / no longer required / retyped, a value added to a closed
//   response enum, a request field or parameter newly required, a request field removed where
//   unknown fields are refused, a request enum value removed, a request type changed or a request
//   bound narrowed (a maxLength its pattern or format already implied narrows nothing).
//   additive: new operations, new optional request fields and parameters, new response fields,
//   new error statuses, new values of a request enum or of an open response enum, a response
//   enum declared open.
// Webhooks (OpenAPI 3.1 `webhooks`) are requests Evenpay sends and the partner receives, so they
// are read the other way round: their body and headers by the response rules (a removed field or
// header breaks a receiver, a new one is additive), and a webhook removed, or an answer Evenpay
// accepted no longer accepted, is breaking; a new webhook is additive.
// Optic's breaking-changes ruleset (check-breaking.ts runs it too) must agree with it.
// Hand-written because `redocly diff` is not in the open-source CLI and the npm OpenAPI diff
// tools we found read OpenAPI 3.0 only; our specs are 3.1.

import { pointerGet } from '../../src/http/json-pointer.js';
import { isAnyString } from './open-enums.js';

type Json = Record<string, unknown>;

export interface Change {
  breaking: boolean;
  where: string;
  message: string;
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

function resolve(doc: Json, node: unknown, depth = 0): Json {
  if (depth > 50) throw new Error('schema nesting too deep (recursive $ref?)');
  if (!node || typeof node !== 'object') return {};
  const ref = (node as Json).$ref;
  if (typeof ref !== 'string') return mergeAllOf(doc, node as Json, depth);
  if (!ref.startsWith('#/')) throw new Error(`only local $refs are supported in a bundled spec: ${ref}`);
  const target = pointerGet(doc, ref);
  const { $ref: _ignored, ...siblings } = node as Json;
  return mergeAllOf(doc, { ...resolve(doc, target, depth + 1), ...siblings }, depth);
}

/** An `allOf` of object schemas read as one object: its properties and required fields together. */
function mergeAllOf(doc: Json, schema: Json, depth: number): Json {
  const parts = schema.allOf as unknown[] | undefined;
  if (!Array.isArray(parts)) return schema;
  const { allOf: _parts, ...rest } = schema;
  const merged: Json = { ...rest, properties: { ...((rest.properties as Json) ?? {}) }, required: [...((rest.required as string[]) ?? [])] };
  for (const part of parts) {
    const resolved = resolve(doc, part, depth + 1);
    Object.assign(merged.properties as Json, resolved.properties ?? {});
    (merged.required as string[]).push(...((resolved.required as string[]) ?? []));
    if (resolved.type && !merged.type) merged.type = resolved.type;
  }
  return merged;
}

function typesOf(schema: Json): string[] {
  const t = schema.type;
  if (Array.isArray(t)) return [...t].map(String).sort();
  if (typeof t === 'string') return [t];
  if (schema.const !== undefined) return [typeof schema.const];
  return [];
}

/**
 * The values an enum lists, and whether it is open: an open enum is written
 * `anyOf: [<string enum>, <any string>]` (openapi/README.md), so a client must take any string.
 * Undefined for a schema that is no enum.
 */
function enumOf(doc: Json, schema: Json): { values: unknown[]; open: boolean } | undefined {
  if (Array.isArray(schema.enum)) return { values: schema.enum, open: false };
  const branches = (schema.anyOf as unknown[] | undefined)?.map((branch) => resolve(doc, branch));
  if (!branches?.some(isAnyString)) return undefined;
  const listed = branches.filter((branch) => Array.isArray(branch.enum));
  return listed.length ? { values: listed.flatMap((branch) => branch.enum as unknown[]), open: true } : undefined;
}

/** The schema's alternatives (oneOf/anyOf) as raw nodes, or the schema itself. */
function variants(schema: Json): unknown[] {
  return ((schema.oneOf ?? schema.anyOf) as unknown[] | undefined) ?? [schema];
}

function objectTag(doc: Json, node: unknown): unknown {
  return ((resolve(doc, node).properties as Json | undefined)?.object as Json | undefined)?.const;
}

/**
 * The longest string a schema already accepted without saying `maxLength`: what its `pattern`
 * can match (anchored, with bounded quantifiers), or its `format`. A `maxLength` at or above it
 * narrows nothing. RFC 3339 date-times are counted at 64: the longest a client sends is 35
 * characters (nanoseconds and an offset), though the grammar allows endless fraction digits.
 */
export function impliedMaxLength(schema: Json): number | undefined {
  const lengths: number[] = [];
  if (schema.format === 'date') lengths.push(10);
  if (schema.format === 'date-time') lengths.push(64);
  if (typeof schema.pattern === 'string') {
    const longest = patternMaxLength(schema.pattern);
    if (longest !== undefined) lengths.push(longest);
  }
  return lengths.length ? Math.min(...lengths) : undefined;
}

/** An array of unique values from a closed list holds at most the list. */
function impliedMaxItems(doc: Json, schema: Json): number | undefined {
  const items = resolve(doc, schema.items);
  return schema.uniqueItems === true && Array.isArray(items.enum) ? items.enum.length : undefined;
}

/** The longest match of an anchored pattern (`^…$`), or undefined when it has no bound. */
export function patternMaxLength(pattern: string): number | undefined {
  if (!pattern.startsWith('^') || !pattern.endsWith('$') || pattern.endsWith('\\$')) return undefined;
  const source = pattern.slice(1, -1);
  let at = 0;
  // alternatives := sequence ('|' sequence)*; the longest alternative counts.
  const alternatives = (): number => {
    let longest = sequence();
    while (source[at] === '|') {
      at++;
      longest = Math.max(longest, sequence());
    }
    return longest;
  };
  const sequence = (): number => {
    let total = 0;
    while (at < source.length && source[at] !== '|' && source[at] !== ')') total += atom() * quantifier();
    return total;
  };
  const atom = (): number => {
    const c = source[at++];
    if (c === '(') {
      if (source.startsWith('?:', at)) at += 2;
      const inner = alternatives();
      if (source[at++] !== ')') throw new Error('unbalanced group');
      return inner;
    }
    if (c === '[') {
      while (at < source.length && source[at] !== ']') at += source[at] === '\\' ? 2 : 1;
      at++;
      return 1;
    }
    if (c === '\\') {
      at++;
      return 1;
    }
    if (c === '^' || c === '$') return 0;
    return 1;
  };
  const quantifier = (): number => {
    const c = source[at];
    if (c === '?') {
      at++;
      return 1;
    }
    if (c === '*' || c === '+') {
      at++;
      return Number.POSITIVE_INFINITY;
    }
    if (c === '{') {
      const close = source.indexOf('}', at);
      const [min, max] = source.slice(at + 1, close).split(',');
      at = close + 1;
      if (max === undefined) return Number(min);
      return max === '' ? Number.POSITIVE_INFINITY : Number(max);
    }
    return 1;
  };
  try {
    const longest = alternatives();
    return at === source.length && Number.isFinite(longest) ? longest : undefined;
  } catch {
    return undefined;
  }
}

class Differ {
  readonly changes: Change[] = [];
  /** Named schemas already compared: each pair once (schemas can be recursive: events hold transactions). */
  private readonly compared = new Set<string>();

  constructor(
    private readonly before: Json,
    private readonly after: Json,
  ) {}

  private add(breaking: boolean, where: string, message: string): void {
    this.changes.push({ breaking, where, message });
  }

  run(): Change[] {
    const beforePaths = (this.before.paths ?? {}) as Record<string, Json>;
    const afterPaths = (this.after.paths ?? {}) as Record<string, Json>;
    for (const [path, beforeItem] of Object.entries(beforePaths)) {
      for (const method of METHODS) {
        const was = beforeItem[method] as Json | undefined;
        if (!was) continue;
        const now = afterPaths[path]?.[method] as Json | undefined;
        const where = `${method.toUpperCase()} ${path}`;
        if (!now) this.add(true, where, 'operation removed');
        else this.operation(where, beforeItem, was, afterPaths[path]!, now);
      }
    }
    for (const [path, afterItem] of Object.entries(afterPaths)) {
      for (const method of METHODS) {
        if (afterItem[method] && !beforePaths[path]?.[method]) this.add(false, `${method.toUpperCase()} ${path}`, 'operation added');
      }
    }
    this.webhooks();
    return this.changes;
  }

  /** The requests Evenpay sends (`webhooks`, keyed by event type): what a receiver relies on must stay. */
  private webhooks(): void {
    const beforeHooks = (this.before.webhooks ?? {}) as Record<string, Json>;
    const afterHooks = (this.after.webhooks ?? {}) as Record<string, Json>;
    for (const [name, beforeRef] of Object.entries(beforeHooks)) {
      const beforeItem = resolve(this.before, beforeRef);
      const afterItem = name in afterHooks ? resolve(this.after, afterHooks[name]) : undefined;
      for (const method of METHODS) {
        const was = beforeItem[method] as Json | undefined;
        if (!was) continue;
        const now = afterItem?.[method] as Json | undefined;
        const where = `webhook ${name} (${method.toUpperCase()})`;
        if (!now) this.add(true, where, 'webhook removed');
        else this.webhook(where, beforeItem, was, afterItem!, now);
      }
    }
    for (const [name, afterRef] of Object.entries(afterHooks)) {
      const afterItem = resolve(this.after, afterRef);
      const beforeItem = name in beforeHooks ? resolve(this.before, beforeHooks[name]) : undefined;
      for (const method of METHODS) {
        if (afterItem[method] && !beforeItem?.[method]) this.add(false, `webhook ${name} (${method.toUpperCase()})`, 'webhook added');
      }
    }
  }

  private webhook(where: string, beforeItem: Json, was: Json, afterItem: Json, now: Json): void {
    // Headers Evenpay sends: the receiver may read each one it was promised.
    const beforeParams = this.parameters(beforeItem, was, this.before);
    const afterParams = this.parameters(afterItem, now, this.after);
    for (const [key, old] of beforeParams) {
      const param = afterParams.get(key);
      if (!param) this.add(true, `${where} parameter ${key}`, 'webhook header removed');
      else {
        if (old.required === true && param.required !== true) this.add(true, `${where} parameter ${key}`, 'webhook header no longer always sent');
        this.responseSchema(`${where} parameter ${key}`, resolve(this.before, old.schema), resolve(this.after, param.schema));
      }
    }
    for (const key of afterParams.keys()) if (!beforeParams.has(key)) this.add(false, `${where} parameter ${key}`, 'webhook header added');
    // The body Evenpay sends, read like a response.
    const oldContent = (resolve(this.before, was.requestBody).content ?? {}) as Json;
    const newContent = (resolve(this.after, now.requestBody).content ?? {}) as Json;
    for (const media of Object.keys(oldContent)) {
      if (!(media in newContent)) this.add(true, `${where} body ${media}`, 'webhook body media type removed');
      else
        this.responseSchema(`${where} body`, resolve(this.before, (oldContent[media] as Json).schema), resolve(this.after, (newContent[media] as Json).schema));
    }
    // The receiver's answers Evenpay takes as received: none may stop counting.
    const oldResponses = (was.responses ?? {}) as Json;
    const newResponses = (now.responses ?? {}) as Json;
    for (const status of Object.keys(oldResponses)) {
      if (!(status in newResponses)) this.add(true, `${where} ${status}`, 'webhook answer no longer accepted');
    }
    for (const status of Object.keys(newResponses)) {
      if (!(status in oldResponses)) this.add(false, `${where} ${status}`, 'webhook answer accepted');
    }
  }

  private parameters(item: Json, operation: Json, doc: Json): Map<string, Json> {
    const all = [...((item.parameters as unknown[]) ?? []), ...((operation.parameters as unknown[]) ?? [])].map((p) => resolve(doc, p));
    return new Map(all.map((p) => [`${String(p.in)}:${String(p.name).toLowerCase()}`, p]));
  }

  private operation(where: string, beforeItem: Json, was: Json, afterItem: Json, now: Json): void {
    const beforeParams = this.parameters(beforeItem, was, this.before);
    const afterParams = this.parameters(afterItem, now, this.after);
    for (const [key, param] of afterParams) {
      const old = beforeParams.get(key);
      if (!old) this.add(param.required === true, `${where} parameter ${key}`, param.required ? 'required parameter added' : 'optional parameter added');
      else {
        if (param.required === true && old.required !== true) this.add(true, `${where} parameter ${key}`, 'parameter became required');
        this.requestSchema(`${where} parameter ${key}`, resolve(this.before, old.schema), resolve(this.after, param.schema));
      }
    }
    for (const key of beforeParams.keys()) {
      if (!afterParams.has(key)) this.add(true, `${where} parameter ${key}`, 'parameter removed');
    }

    const oldBody = resolve(this.before, was.requestBody);
    const newBody = resolve(this.after, now.requestBody);
    if (newBody.required === true && oldBody.required !== true) this.add(true, `${where} request body`, 'request body became required');
    const oldJson = (oldBody.content as Json | undefined)?.['application/json'] as Json | undefined;
    const newJson = (newBody.content as Json | undefined)?.['application/json'] as Json | undefined;
    if (oldJson && newJson) this.requestSchema(`${where} request body`, resolve(this.before, oldJson.schema), resolve(this.after, newJson.schema));
    else if (oldJson && !newJson) this.add(true, `${where} request body`, 'JSON request body removed');

    const oldResponses = (was.responses ?? {}) as Json;
    const newResponses = (now.responses ?? {}) as Json;
    for (const status of Object.keys(oldResponses)) {
      if (!(status in newResponses)) this.add(true, `${where} ${status}`, 'response status removed');
    }
    for (const status of Object.keys(newResponses)) {
      if (!(status in oldResponses))
        this.add(
          status.startsWith('2'),
          `${where} ${status}`,
          status.startsWith('2') ? 'success status added (the success code changed)' : 'error status added',
        );
    }
    for (const status of Object.keys(oldResponses)) {
      if (!(status in newResponses)) continue;
      const oldContent = (resolve(this.before, oldResponses[status]).content ?? {}) as Json;
      const newContent = (resolve(this.after, newResponses[status]).content ?? {}) as Json;
      for (const media of Object.keys(oldContent)) {
        if (!(media in newContent)) {
          this.add(true, `${where} ${status} ${media}`, 'response media type removed');
          continue;
        }
        this.responseSchema(
          `${where} ${status}`,
          resolve(this.before, (oldContent[media] as Json).schema),
          resolve(this.after, (newContent[media] as Json).schema),
        );
      }
    }
  }

  /** Resolves a pair of child schemas, or undefined when this pair of named schemas was already compared. */
  private pair(kind: string, was: unknown, now: unknown): [Json, Json] | undefined {
    const oldRef = (was as Json | undefined)?.$ref;
    const newRef = (now as Json | undefined)?.$ref;
    if (typeof oldRef === 'string' && typeof newRef === 'string') {
      const key = `${kind} ${oldRef} ${newRef}`;
      if (this.compared.has(key)) return undefined;
      this.compared.add(key);
    }
    return [resolve(this.before, was), resolve(this.after, now)];
  }

  /** What a client sends: the server must keep accepting everything it accepted. */
  private requestSchema(where: string, was: Json, now: Json): void {
    const oldTypes = typesOf(was);
    const newTypes = typesOf(now);
    if (oldTypes.length && newTypes.length && oldTypes.some((t) => !newTypes.includes(t) && !(t === 'integer' && newTypes.includes('number')))) {
      this.add(true, where, `type narrowed from ${oldTypes.join('|')} to ${newTypes.join('|')}`);
    }
    const oldEnum = was.enum as unknown[] | undefined;
    const newEnum = now.enum as unknown[] | undefined;
    if (newEnum && (!oldEnum || oldEnum.some((v) => !newEnum.includes(v))))
      this.add(true, where, `enum narrowed: ${JSON.stringify(oldEnum ?? 'any')} → ${JSON.stringify(newEnum)}`);
    else if (oldEnum && newEnum && newEnum.length > oldEnum.length) this.add(false, where, 'enum values added');
    for (const [bound, narrower] of [
      ['maxLength', (a: number, b: number) => b < a],
      ['maximum', (a: number, b: number) => b < a],
      ['maxItems', (a: number, b: number) => b < a],
      ['minLength', (a: number, b: number) => b > a],
      ['minimum', (a: number, b: number) => b > a],
      ['minItems', (a: number, b: number) => b > a],
    ] as const) {
      const a =
        bound === 'maxLength'
          ? (was.maxLength ?? impliedMaxLength(was))
          : bound === 'maxItems'
            ? (was.maxItems ?? impliedMaxItems(this.before, was))
            : was[bound];
      const b = now[bound];
      if (typeof b === 'number' && (typeof a !== 'number' || narrower(a, b))) this.add(true, where, `${bound} narrowed from ${a ?? 'none'} to ${b}`);
    }
    if (typeof now.pattern === 'string' && now.pattern !== was.pattern) this.add(true, where, `pattern changed to ${now.pattern}`);
    const oldProps = (was.properties ?? {}) as Json;
    const newProps = (now.properties ?? {}) as Json;
    const oldRequired = new Set((was.required as string[] | undefined) ?? []);
    for (const name of (now.required as string[] | undefined) ?? []) {
      if (!oldRequired.has(name)) this.add(true, `${where} /${name}`, name in oldProps ? 'request field became required' : 'required request field added');
    }
    for (const name of Object.keys(newProps)) {
      if (!(name in oldProps) && !((now.required as string[] | undefined) ?? []).includes(name))
        this.add(false, `${where} /${name}`, 'optional request field added');
    }
    for (const [name, schema] of Object.entries(oldProps)) {
      if (!(name in newProps)) {
        this.add(now.additionalProperties === false, `${where} /${name}`, 'request field removed');
        continue;
      }
      const child = this.pair('request', schema, newProps[name]);
      if (child) this.requestSchema(`${where} /${name}`, ...child);
    }
    const items = was.items && now.items ? this.pair('request', was.items, now.items) : undefined;
    if (items) this.requestSchema(`${where} []`, ...items);
  }

  /** What a client reads: everything it could rely on must still be there, with the same type. */
  private responseSchema(where: string, was: Json, now: Json): void {
    const oldEnum = enumOf(this.before, was);
    const newEnum = enumOf(this.after, now);
    if (oldEnum && newEnum) {
      const added = newEnum.values.filter((v) => !oldEnum.values.includes(v));
      if (!oldEnum.open && newEnum.open) this.add(false, where, `enum declared open${added.length ? `, values added: ${added.join(', ')}` : ''}`);
      else if (added.length) {
        // A client built on a closed list fails on a value it was told could not come.
        this.add(
          !newEnum.open,
          where,
          newEnum.open ? `open enum values added: ${added.join(', ')}` : `values added to a closed response enum: ${added.join(', ')}`,
        );
      }
      return;
    }
    const oldVariants = variants(was);
    const newVariants = variants(now);
    if (oldVariants.length > 1 || newVariants.length > 1) {
      // Match alternatives by their `object` const (checkout, transaction…) or position.
      oldVariants.forEach((variant, i) => {
        const tag = objectTag(this.before, variant);
        const match = newVariants.find((v) => tag !== undefined && objectTag(this.after, v) === tag) ?? newVariants[i];
        if (!match) {
          this.add(true, where, 'response alternative removed');
          return;
        }
        const child = this.pair('response', variant, match);
        if (child) this.responseSchema(`${where}${tag ? ` (${String(tag)})` : ''}`, ...child);
      });
      return;
    }
    const oldTypes = typesOf(was);
    const newTypes = typesOf(now);
    if (oldTypes.length && newTypes.length && newTypes.some((t) => !oldTypes.includes(t) && !(t === 'integer' && oldTypes.includes('number')))) {
      this.add(true, where, `type changed from ${oldTypes.join('|')} to ${newTypes.join('|')}`);
    }
    const oldProps = (was.properties ?? {}) as Json;
    const newProps = (now.properties ?? {}) as Json;
    const newRequired = new Set((now.required as string[] | undefined) ?? []);
    for (const name of (was.required as string[] | undefined) ?? []) {
      if (!(name in newProps)) this.add(true, `${where} /${name}`, 'response field removed');
      else if (!newRequired.has(name)) this.add(true, `${where} /${name}`, 'response field no longer always present');
    }
    for (const [name, schema] of Object.entries(oldProps)) {
      if (!(name in newProps)) {
        if (!((was.required as string[] | undefined) ?? []).includes(name)) this.add(true, `${where} /${name}`, 'response field removed');
        continue;
      }
      const child = this.pair('response', schema, newProps[name]);
      if (child) this.responseSchema(`${where} /${name}`, ...child);
    }
    for (const name of Object.keys(newProps)) if (!(name in oldProps)) this.add(false, `${where} /${name}`, 'response field added');
    const items = was.items && now.items ? this.pair('response', was.items, now.items) : undefined;
    if (items) this.responseSchema(`${where} []`, ...items);
  }
}

export function diffSpecs(before: Json, after: Json): Change[] {
  return new Differ(before, after).run();
}
