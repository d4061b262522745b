// Finds, in a bundled spec, the schema a request value was checked against: the operation's
// JSON body schema followed down a JSON pointer (properties, map values, array items; the
// alternatives of anyOf/oneOf/allOf merged), or a parameter by where it is sent and its name.
// Used only to word a refusal (validation-wording.ts); the validator itself stays the judge.
import { pointerGet, pointerTokens } from './json-pointer.js';
import type { OpenApiDocument } from './spec.js';

export type Schema = Record<string, unknown>;

export interface FoundSchema {
  schema: Schema;
  /** The component names the walk passed through to reach it, nearest last (`AmountMinor`). */
  names: string[];
}

const MAX_DEPTH = 40;

function deref(spec: OpenApiDocument, node: unknown, names: string[], depth = 0): Schema {
  if (!node || typeof node !== 'object' || depth > MAX_DEPTH) return {};
  const { $ref, ...siblings } = node as Schema;
  if (typeof $ref !== 'string' || !$ref.startsWith('#/')) return node as Schema;
  const segments = pointerTokens($ref);
  if (segments[0] === 'components' && segments[1] === 'schemas' && segments[2]) names.push(segments[2]);
  const target = pointerGet(spec, $ref);
  return { ...deref(spec, target, names, depth + 1), ...siblings };
}

/** The schema's alternatives, dereferenced (itself when it has none). */
function branches(spec: OpenApiDocument, schema: Schema, names: string[]): Schema[] {
  const alternatives = [...((schema.allOf as unknown[]) ?? []), ...((schema.anyOf as unknown[]) ?? []), ...((schema.oneOf as unknown[]) ?? [])];
  return [schema, ...alternatives.map((branch) => deref(spec, branch, names))];
}

/** The named properties an object schema declares, across its alternatives. */
export function knownProperties(spec: OpenApiDocument, schema: Schema): string[] {
  const names = new Set<string>();
  for (const branch of branches(spec, schema, [])) for (const name of Object.keys((branch.properties as Schema) ?? {})) names.add(name);
  return [...names];
}

function child(spec: OpenApiDocument, schema: Schema, segment: string, names: string[]): Schema | undefined {
  for (const branch of branches(spec, schema, names)) {
    const property = (branch.properties as Schema | undefined)?.[segment];
    if (property) return deref(spec, property, names);
    if (/^\d+$/.test(segment) && branch.items) return deref(spec, branch.items, names);
    if (branch.additionalProperties && typeof branch.additionalProperties === 'object') return deref(spec, branch.additionalProperties, names);
  }
  return undefined;
}

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

interface OperationObject {
  requestBody?: unknown;
  parameters?: unknown[];
}

function operationAt(spec: OpenApiDocument, template: string, method: Method): { operation: OperationObject; pathItem: Schema } | undefined {
  const pathItem = spec.paths[template] as Schema | undefined;
  const operation = pathItem?.[method] as OperationObject | undefined;
  return operation && pathItem ? { operation, pathItem } : undefined;
}

/** The schema of the JSON body at `pointer` ("" for the body itself), or undefined where the schema says nothing. */
export function bodySchemaAt(spec: OpenApiDocument, template: string, method: Method, pointer: string): FoundSchema | undefined {
  const found = operationAt(spec, template, method);
  if (!found) return undefined;
  const names: string[] = [];
  const body = deref(spec, found.operation.requestBody, names);
  const media = ((body.content as Schema | undefined)?.['application/json'] as Schema | undefined)?.schema;
  let schema: Schema | undefined = deref(spec, media, names);
  for (const segment of pointerTokens(pointer)) {
    schema = schema && child(spec, schema, segment, names);
  }
  return schema ? { schema, names } : undefined;
}

export interface ParameterObject {
  name: string;
  in: string;
  style?: string;
  schema: Schema;
  names: string[];
}

/** The operation's parameters (path-level and operation-level), dereferenced. */
export function parametersOf(spec: OpenApiDocument, template: string, method: Method): ParameterObject[] {
  const found = operationAt(spec, template, method);
  if (!found) return [];
  const all = [...((found.pathItem.parameters as unknown[]) ?? []), ...(found.operation.parameters ?? [])];
  return all.map((raw) => {
    const names: string[] = [];
    const parameter = deref(spec, raw, names) as unknown as Omit<ParameterObject, 'names' | 'schema'> & { schema?: unknown };
    return { ...parameter, schema: deref(spec, parameter.schema, names), names };
  });
}
