// Deprecated operations, driven by the spec: every response carries Deprecation (RFC 9745),
// Sunset (RFC 8594) and Link headers (migration guide + successor); every authenticated call is
// counted for the merchant; during a scheduled brownout and after the sunset the operation
// answers 410 with the successor named.
import type { Request, RequestHandler } from 'express';
import type { DeprecationUsage } from '../data/deprecation-usage.js';
import { availabilityAt, type DeprecatedOperation, migrationGuidePath } from '../domain/deprecations.js';
import type { Clock } from '../kernel/clock.js';
import { AppError } from '../kernel/errors.js';
import type { Metrics } from './metrics.js';
import type { RequestOperation } from './spec.js';

const deprecatedOperation = new WeakMap<Request, { operation: DeprecatedOperation; successorUrl: string }>();

/** The successor's URL, with the request's path parameters carried over in order (a charge id is a transaction id). */
function successorUrl(operation: DeprecatedOperation, values: string[], publicBaseUrl: string): string {
  let i = 0;
  return `${publicBaseUrl}${operation.successor.path.replace(/\{[^}]+\}/g, (template) => values[i++] ?? template)}`;
}

function httpDate(day: string): string {
  return new Date(`${day}T00:00:00Z`).toUTCString();
}

export interface DeprecationOptions {
  catalogue: DeprecatedOperation[];
  operationOf: RequestOperation;
  publicBaseUrl: string;
  docsBaseUrl: string;
}

/** Runs first: marks the request and sets the headers, so even a 401 carries them. */
export function deprecationHeaders({ catalogue, operationOf, publicBaseUrl, docsBaseUrl }: DeprecationOptions): RequestHandler {
  const byOperationId = new Map(catalogue.map((operation) => [`${operation.apiVersion} ${operation.operationId}`, operation]));
  return (req, res, next) => {
    const matched = operationOf(req);
    const operation = matched ? byOperationId.get(`${matched.version} ${matched.operationId}`) : undefined;
    if (operation) {
      const successor = successorUrl(operation, matched!.values, publicBaseUrl);
      deprecatedOperation.set(req, { operation, successorUrl: successor });
      res.set({
        Deprecation: `@${Math.floor(Date.parse(`${operation.deprecatedOn}T00:00:00Z`) / 1000)}`,
        Sunset: httpDate(operation.sunset),
        Link: `<${docsBaseUrl}/${migrationGuidePath(operation.apiVersion, operation.successor.apiVersion)}>; rel="deprecation"; type="text/html", <${successor}>; rel="successor-version"`,
      });
    }
    next();
  };
}

/** Runs after authentication: counts the merchant's call, then refuses it in a brownout or after sunset. */
export function deprecationGate(usage: DeprecationUsage, clock: Clock, metrics: Metrics): RequestHandler {
  return (req, _res, next) => {
    const marked = deprecatedOperation.get(req);
    if (!marked) return next();
    const { operation } = marked;
    const now = clock.now();
    if (req.auth) usage.record(req.auth.merchantId, operation.operationId, now, req.get('User-Agent'));
    metrics.deprecatedCalls.inc({ api_version: operation.apiVersion, operation_id: operation.operationId });
    const availability = availabilityAt(operation, now);
    if (availability.served) return next();
    const successor = `${operation.successor.operationId} (${operation.successor.method} ${operation.successor.path})`;
    const name = `${operation.method} ${operation.path}`;
    if (availability.reason === 'sunset') {
      throw new AppError('operation_sunset', `${name} was switched off on ${operation.sunset}. Use ${successor}.`);
    }
    throw new AppError(
      'operation_brownout',
      `${name} is in a scheduled brownout until ${availability.until} ahead of its sunset on ${operation.sunset}. Use ${successor}.`,
    );
  };
}
