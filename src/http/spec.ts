// Loads a version's bundled spec, the form the validator handles best and the one partners
// download; as generated/<version>/openapi.json, the same document as openapi.yaml, because
// JSON parses many times faster than YAML (start-up time).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { generatedDir } from '../paths.js';
import { type AuthScheme, authSchemeOf } from './auth-scheme.js';

export { type AuthScheme, authSchemeOf };

export interface OpenApiOperation {
  operationId?: string;
  deprecated?: boolean;
  security?: Array<Record<string, string[]>>;
  [extension: `x-${string}`]: unknown;
}

export interface OpenApiDocument {
  openapi: string;
  servers?: Array<{ url: string }>;
  security?: Array<Record<string, string[]>>;
  paths: Record<string, Partial<Record<'get' | 'post' | 'put' | 'patch' | 'delete', OpenApiOperation>>>;
  components?: { securitySchemes?: Record<string, { type: string; scheme?: string }> };
}

/** The bundled spec of a version: generated/<version>/openapi.json, or the same layout under `dir`. */
export function loadBundledSpec(version: string, dir: string = generatedDir): OpenApiDocument {
  return JSON.parse(readFileSync(path.join(dir, version, 'openapi.json'), 'utf8')) as OpenApiDocument;
}

export interface MatchedOperation {
  version: string;
  operationId: string;
  /** The spec's path template (`/transactions/{transactionId}`) and the lower-case method: where the operation sits in `paths`. */
  template: string;
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** Path parameter values, in template order. */
  values: string[];
  /** The largest body it takes, when the spec raises the API's 100 KB for it (`x-max-body-bytes`). */
  maxBodyBytes: number | undefined;
  /** How it authenticates (authSchemeOf). */
  authScheme: AuthScheme;
}

export type RequestOperation = (req: { method: string; originalUrl: string }) => MatchedOperation | undefined;

/** Like operationMatcher, for a request, matched once however many middlewares ask. */
export function requestOperation(specs: Record<string, OpenApiDocument>): RequestOperation {
  const match = operationMatcher(specs);
  const matched = new WeakMap<object, MatchedOperation | null>();
  return (req) => {
    if (!matched.has(req)) matched.set(req, match(req.method, req.originalUrl.split('?')[0]!) ?? null);
    return matched.get(req) ?? undefined;
  };
}

/** Finds the operation a method and path address, before (or without) the validator: for auth failures, metrics and deprecation headers (and the tests' spec oracle). */
export function operationMatcher(specs: Record<string, OpenApiDocument>): (method: string, path: string) => MatchedOperation | undefined {
  const routes = Object.entries(specs).flatMap(([version, spec]) =>
    Object.entries(spec.paths).flatMap(([template, item]) =>
      (['get', 'post', 'put', 'patch', 'delete'] as const)
        .filter((method) => item[method]?.operationId)
        .map((method) => ({
          version,
          method,
          verb: method.toUpperCase(),
          template,
          operationId: item[method]!.operationId!,
          maxBodyBytes: (item[method] as { 'x-max-body-bytes'?: number })['x-max-body-bytes'],
          authScheme: authSchemeOf(spec, item[method]),
          pattern: new RegExp(`^/${version}${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '([^/]+)')}$`),
        })),
    ),
  );
  return (method, path) => {
    for (const route of routes) {
      if (route.verb !== method) continue;
      const match = route.pattern.exec(path);
      if (match) {
        const { version, operationId, template, method, maxBodyBytes, authScheme } = route;
        return { version, operationId, template, method, values: match.slice(1), maxBodyBytes, authScheme };
      }
    }
    return undefined;
  };
}
