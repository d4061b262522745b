// Authentication, before validation: an unauthenticated caller learns nothing about our
// routes or schemas. v2 takes `Authorization: Bearer sk_…`; v1 takes HTTP Basic
// `pk_…:sk_…`. Both resolve to the same AuthContext. The scheme of each version is read
// from its spec's top-level `security` (operations may not override it: a lint rule says so).
import type { RequestHandler } from 'express';
import { hashToken, parseToken } from '../domain/api-keys.js';
import { AppError } from '../domain/errors.js';
import type { Models } from '../data/models/index.js';
import { readThroughCache, type CacheSettings, type ReadThroughCache } from '../data/read-through-cache.js';

export interface AuthContext {
  merchantId: string;
  livemode: boolean;
  keyId: string;
  /** The publishable key of the pair, when the caller authenticated with one (v1 Basic). */
  publishableKey?: string;
}

export type AuthScheme = 'bearer' | 'basic';

function challenge(scheme: AuthScheme): Record<string, string> {
  return { 'WWW-Authenticate': `${scheme === 'bearer' ? 'Bearer' : 'Basic'} realm="evenpay"` };
}

function credentialsFrom(header: string | undefined, scheme: AuthScheme): { secret: string; publishable?: string } | undefined {
  if (!header) return undefined;
  const [given, value = ''] = header.split(' ', 2);
  if (given?.toLowerCase() !== scheme) return { secret: '' };
  if (scheme === 'bearer') return { secret: value.trim() };
  const decoded = Buffer.from(value, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? { secret: '' } : { publishable: decoded.slice(0, colon), secret: decoded.slice(colon + 1) };
}

/**
 * Finds the key pair a request authenticates with: the secret key by its SHA-256, and for Basic
 * the publishable key of the same merchant and mode. Verified keys are cached (see
 * data/read-through-cache.ts), so most requests need no lookup.
 */
function keyLookup(models: Models, cache: CacheSettings): ReadThroughCache<AuthContext> {
  return readThroughCache<AuthContext>({
    ...cache,
    max: 10_000,
    load: async (cacheKey) => {
      const { tokenHash, publishable } = JSON.parse(cacheKey) as { tokenHash: string; publishable: string | null };
      const key = await models.ApiKey.findOne({ where: { tokenHash, revokedAt: null } });
      if (!key) return undefined;
      if (publishable === null) return { merchantId: key.merchantId, livemode: key.livemode, keyId: key.id };
      const pair = await models.ApiKey.findOne({
        where: { merchantId: key.merchantId, kind: 'publishable', livemode: key.livemode, publishableToken: publishable, revokedAt: null },
      });
      if (!pair?.publishableToken) return undefined;
      return { merchantId: key.merchantId, livemode: key.livemode, keyId: key.id, publishableKey: pair.publishableToken };
    },
  });
}

export function authenticate(models: Models, scheme: AuthScheme, cache: CacheSettings): RequestHandler {
  const keys = keyLookup(models, cache);
  return async (req, _res, next) => {
    const credentials = credentialsFrom(req.headers.authorization, scheme);
    if (!credentials) {
      const how = scheme === 'bearer' ? 'Authorization: Bearer sk_test_…' : 'HTTP Basic with pk_test_…:sk_test_…';
      throw new AppError('authentication_required', `No API key was sent. Authenticate with ${how}.`, { headers: challenge(scheme) });
    }
    const parsed = parseToken(credentials.secret);
    const auth =
      parsed?.kind === 'secret'
        ? await keys.get(JSON.stringify({ tokenHash: hashToken(credentials.secret), publishable: scheme === 'basic' ? (credentials.publishable ?? '') : null }))
        : undefined;
    if (!auth) throw new AppError('invalid_api_key', 'The API key provided is not valid.', { headers: challenge(scheme) });
    req.auth = auth;
    next();
  };
}
