// Open enums as the specs write them —
//   anyOf: [ {$ref: KnownX} | {type: string, enum: [...]}, {type: string, maxLength: …} ]
// — rendered by openapi-typescript as `KnownX | (string & Record<never, never>)`: any string is
// accepted (a value added in a minor version compiles and parses), and editors still offer the
// known values (`"a" | string` would collapse to `string`). Hand-written because openapi-typescript
// has no option for it; its `transform` hook is the documented way. The catch-all branches are
// found by object identity, so openapiTS must get the parsed document, not a URL.

import { NEVER, type OpenAPI3, type OpenAPITSOptions, STRING, tsIntersection, tsRecord } from 'openapi-typescript';
import type ts from 'typescript';
import { followRef } from '../../src/http/json-pointer.js';

type Schema = Record<string, unknown>;
const isObject = (value: unknown): value is Schema => typeof value === 'object' && value !== null && !Array.isArray(value);

/** `string & Record<never, never>`: assignable from any string, without swallowing the literals. */
const OPEN_STRING: ts.TypeNode = tsIntersection([STRING, tsRecord(NEVER, NEVER)]);

/** A branch that lists the known values: a string enum (inline or referenced). */
export function isKnownValues(doc: object, branch: unknown): boolean {
  const schema = followRef(doc, branch);
  const values = isObject(schema) ? schema.enum : undefined;
  return Array.isArray(values) && values.length > 0 && values.every((value) => typeof value === 'string');
}

/** The catch-all branch of an open enum: a string bounded only in length (annotations allowed). */
const NARROWING = ['enum', 'const', 'format', 'pattern', '$ref', 'anyOf', 'oneOf', 'allOf', 'not'];
export function isAnyString(branch: unknown): branch is Schema {
  return isObject(branch) && branch.type === 'string' && !NARROWING.some((key) => key in branch);
}

/** An `anyOf` that lists known string values beside a catch-all string: an open enum. */
function isOpenEnum(doc: object, node: Schema): node is Schema & { anyOf: unknown[] } {
  const branches = node.anyOf;
  return Array.isArray(branches) && branches.some((branch) => isKnownValues(doc, branch)) && branches.some(isAnyString);
}

/** The catch-all branches of every open enum in the document. */
export function openEnumCatchAlls(doc: object): WeakSet<object> {
  const found = new WeakSet<object>();
  const seen = new WeakSet<object>();
  const walk = (node: unknown): void => {
    if (!isObject(node) && !Array.isArray(node)) return;
    if (seen.has(node)) return;
    seen.add(node);
    if (isObject(node) && isOpenEnum(doc, node)) {
      for (const branch of node.anyOf) if (isAnyString(branch)) found.add(branch);
    }
    for (const value of Object.values(node)) walk(value);
  };
  walk(doc);
  return found;
}

/** openapiTS options that render open enums as known values or any string. */
export function openEnumTransform(doc: OpenAPI3): Pick<OpenAPITSOptions, 'transform'> {
  const catchAlls = openEnumCatchAlls(doc);
  return { transform: (schema) => (catchAlls.has(schema as object) ? OPEN_STRING : undefined) };
}

/**
 * A copy of the document with every open enum closed to its known values: what this service
 * itself may send (the test oracle checks responses against it, so a misspelt status cannot hide
 * behind the catch-all).
 */
export function closeOpenEnums<T extends object>(doc: T): T {
  const copy = structuredClone(doc);
  const walk = (node: unknown): void => {
    if (!isObject(node) && !Array.isArray(node)) return;
    for (const value of Object.values(node)) walk(value);
    if (isObject(node) && isOpenEnum(copy, node)) node.anyOf = node.anyOf.filter((branch) => !isAnyString(branch));
  };
  walk(copy);
  return copy;
}
