// Every operation of a version's bundled spec, ready to call: its URL with the spec's example ids,
// the headers it needs (an Idempotency-Key where it takes one), its JSON body examples and what
// kind of operation it is. Tests that must hold for every operation (every status, every field)
// are generated from this list rather than from a hand list.
import { followRef } from '../../src/http/json-pointer.js';
import { authSchemeOf, loadBundledSpec, type OpenApiDocument } from '../../src/http/spec.js';

export type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
type Json = Record<string, unknown>;

export interface SpecOperation {
  version: string;
  method: Method;
  template: string;
  operationId: string;
  /** The path with each parameter replaced by its example. */
  url: string;
  /** Takes an Idempotency-Key header (required or not). */
  idempotent: boolean;
  /** Has a JSON request body; its examples by name. */
  bodyExamples: Record<string, unknown> | undefined;
  /** Is a cursor list (takes `limit`). */
  list: boolean;
  /** Statuses the spec documents for it. */
  statuses: string[];
  /** Declares the Evenpay-Merchant header: a merchant operation, which a partner runs for one of its merchants. */
  actsForMerchant: boolean;
  /** A partner may also run it for itself, naming no merchant (`x-partner-scope`). */
  partnerScope: boolean;
  /** The largest body it takes: the API's 100 KB, or its own `x-max-body-bytes`. */
  maxBodyBytes: number;
  /** Authenticates with the publishable key alone (its `security` names only publishable-key schemes). */
  publishable: boolean;
}

export function resolveRef(spec: OpenApiDocument, node: unknown): Json {
  return (followRef(spec, node) ?? {}) as Json;
}

function exampleOf(spec: OpenApiDocument, parameter: Json): string {
  const value = parameter.example ?? resolveRef(spec, parameter.schema).example;
  if (typeof value !== 'string') throw new Error(`path parameter ${String(parameter.name)} has no example`);
  return value;
}

export function specOperations(version: string): SpecOperation[] {
  const spec = loadBundledSpec(version);
  const operations: SpecOperation[] = [];
  for (const [template, item] of Object.entries(spec.paths)) {
    for (const [method, operation] of Object.entries(item) as Array<[Method, Json]>) {
      if (!operation?.operationId) continue;
      const parameters = [...(((item as Json).parameters as unknown[]) ?? []), ...((operation.parameters as unknown[]) ?? [])].map((p) => resolveRef(spec, p));
      const path = template.replace(/\{([^}]+)\}/g, (_m, name: string) => exampleOf(spec, parameters.find((p) => p.name === name && p.in === 'path')!));
      const media = (resolveRef(spec, operation.requestBody).content as Json | undefined)?.['application/json'] as Json | undefined;
      operations.push({
        version,
        method,
        template,
        operationId: String(operation.operationId),
        url: `/${version}${path}`,
        idempotent: parameters.some((p) => p.in === 'header' && p.name === 'Idempotency-Key'),
        bodyExamples: media
          ? Object.fromEntries(Object.entries((media.examples as Json | undefined) ?? {}).map(([name, example]) => [name, resolveRef(spec, example).value]))
          : undefined,
        list: parameters.some((p) => p.in === 'query' && p.name === 'limit'),
        statuses: Object.keys((operation.responses as Json | undefined) ?? {}),
        actsForMerchant: parameters.some((p) => p.in === 'header' && p.name === 'Evenpay-Merchant'),
        partnerScope: operation['x-partner-scope'] === 'all-merchants',
        publishable: authSchemeOf(spec, operation as never) === 'publishable',
        maxBodyBytes: typeof operation['x-max-body-bytes'] === 'number' ? operation['x-max-body-bytes'] : 100 * 1024,
      });
    }
  }
  return operations;
}
