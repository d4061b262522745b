// Authentication, before validation: an unauthenticated caller learns nothing about our
// routes or schemas. v2 takes `Authorization: Bearer sk_…`; v1 takes HTTP Basic
// `pk_…:sk_…`. Both resolve to the same AuthContext. The scheme of each version is read
// from its spec's top-level `security` (operations may not override it: a lint rule says so).
// The header is read strictly (authorization-header.ts); every refusal says what is wrong.
import type { RequestHandler } from 'express';
import type { Models } from '../data/models/index.js';
import { type CacheSettings, type ReadThroughCache, readThroughCache } from '../data/read-through-cache.js';
import { hashToken } from '../domain/api-keys.js';
import { AppError } from '../kernel/errors.js';
import { type AuthScheme, challenge, parseAuthorization } from './authorization-header.js';

export type { AuthScheme };

export interface AuthContext {
  merchantId: string;
  livemode: boolean;
  keyId: string;
  /** The publishable key of the pair, when the caller authenticated with one (v1 Basic). */
  publishableKey?: string;
}

/** A key found by its hash: usable, or revoked (the holder of a revoked secret may learn that it is). */
type KeyLookup = { auth: AuthContext } | { revokedAt: Date } | { pairMismatch: true } | { partnerId: string };

/**
 * Finds the key pair a request authenticates with: the secret key by its SHA-256, and for Basic
 * the publishable key of the same merchant and mode. Verified keys are cached (see
 * data/read-through-cache.ts), so most requests need no lookup.
 */
function keyLookup(models: Models, cache: CacheSettings): ReadThroughCache<KeyLookup> {
  return readThroughCache<KeyLookup>({
    ...cache,
    max: 10_000,
    load: async (cacheKey) => {
      const { tokenHash, publishable } = JSON.parse(cacheKey) as { tokenHash: string; publishable: string | null };
      const key = await models.ApiKey.findOne({ where: { tokenHash } });
      if (!key) {
        const partnerKey = await models.PartnerKey.findOne({ where: { tokenHash, revokedAt: null } });
        return partnerKey ? { partnerId: partnerKey.partnerId } : undefined;
      }
      if (key.revokedAt) return { revokedAt: key.revokedAt };
      if (publishable === null) return { auth: { merchantId: key.merchantId, livemode: key.livemode, keyId: key.id } };
      const pair = await models.ApiKey.findOne({
        where: { merchantId: key.merchantId, kind: 'publishable', livemode: key.livemode, publishableToken: publishable, revokedAt: null },
      });
      if (!pair?.publishableToken) return { pairMismatch: true };
      return { auth: { merchantId: key.merchantId, livemode: key.livemode, keyId: key.id, publishableKey: pair.publishableToken } };
    },
  });
}

function refusal(found: KeyLookup | undefined): string {
  if (!found)
    return 'No API key matches this one: check that it was copied whole, and that it is a key of this Evenpay environment (the sandbox started by npm start has keys of its own).';
  if ('revokedAt' in found) return `This API key was revoked on ${found.revokedAt.toISOString()}. Use one of the merchant's active keys.`;
  if ('partnerId' in found) {
    return `This is a secret key of partner ${found.partnerId}. Partner keys do not act on merchant operations yet (acting for a merchant with Evenpay-Merchant is coming): use the merchant's own key, issued with it by \`npm run operator -- merchants create\`.`;
  }
  return 'The publishable key is not the active publishable key of the same merchant and mode as the secret key: send the pair as issued.';
}

export function authenticate(models: Models, scheme: AuthScheme, cache: CacheSettings): RequestHandler {
  const keys = keyLookup(models, cache);
  return async (req, _res, next) => {
    const credentials = parseAuthorization(req.headers.authorization, scheme);
    if (!credentials.ok) {
      throw new AppError(credentials.missing ? 'authentication_required' : 'invalid_api_key', credentials.detail, {
        headers: { 'WWW-Authenticate': challenge(scheme, credentials) },
      });
    }
    const found = await keys.get(
      JSON.stringify({ tokenHash: hashToken(credentials.secret), publishable: scheme === 'basic' ? (credentials.publishable ?? '') : null }),
    );
    if (!found || !('auth' in found)) {
      const detail = refusal(found);
      throw new AppError('invalid_api_key', detail, { headers: { 'WWW-Authenticate': challenge(scheme, { missing: false, detail }) } });
    }
    req.auth = found.auth;
    next();
  };
}
