// CORS for the operations a shop's pages call with the publishable key (GET /v2/promotions):
// an answer names the request's Origin in Access-Control-Allow-Origin only when the merchant
// registered it (`allowed_origins`); from any other origin it carries no CORS header, so the
// browser keeps it from the page. Every other operation takes a secret key and sends no CORS
// header at all: a browser must never hold a secret key.
import type { RequestHandler } from 'express';
import type { AuthScheme } from './authorization-header.js';
import type { MatchedOperation } from './spec.js';

/** What a page may read of the answer besides the CORS-safelisted headers. */
export const EXPOSED_HEADERS = 'ETag, Request-Id, RateLimit-Limit, RateLimit-Remaining, RateLimit-Reset';

/** How long a browser may reuse a preflight's answer, in seconds. */
export const PREFLIGHT_MAX_AGE_S = 600;

/** The CORS headers of an answer to `origin` (the request's Origin header), when `allowed`. */
export function corsHeaders(origin: string | undefined, allowed: boolean): Record<string, string> {
  return origin !== undefined && allowed ? { 'Access-Control-Allow-Origin': origin, 'Access-Control-Expose-Headers': EXPOSED_HEADERS } : {};
}

/**
 * The preflight (`OPTIONS` with Access-Control-Request-Method) of an operation a browser calls
 * with the publishable key: it names no merchant, so it is allowed for an origin some merchant
 * registered (`isRegistered`), and the answer itself decides what the page may read. Any other
 * OPTIONS request goes on, and gets what it got before (a 401, or a 404 for a path of no operation).
 */
export function preflight(
  operationAt: (method: string, path: string) => Pick<MatchedOperation, 'authScheme'> | undefined,
  isRegistered: (origin: string) => Promise<boolean>,
): RequestHandler {
  const browserSchemes: ReadonlySet<AuthScheme> = new Set(['publishable']);
  return async (req, res, next) => {
    const origin = req.get('Origin');
    const method = req.get('Access-Control-Request-Method');
    if (req.method !== 'OPTIONS' || origin === undefined || method === undefined) return next();
    const operation = operationAt(method.toUpperCase(), req.path);
    if (!operation || !browserSchemes.has(operation.authScheme) || !(await isRegistered(origin))) return next();
    res
      .status(204)
      .set({
        'Access-Control-Allow-Origin': origin,
        'Access-Control-Allow-Methods': method.toUpperCase(),
        'Access-Control-Allow-Headers': 'Authorization, If-None-Match',
        'Access-Control-Max-Age': String(PREFLIGHT_MAX_AGE_S),
        Vary: 'Origin, Access-Control-Request-Method, Access-Control-Request-Headers',
      })
      .end();
  };
}
