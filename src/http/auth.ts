// Authentication, before validation: an unauthenticated caller learns nothing about our
// routes or schemas. v2 takes `Authorization: Bearer sk_…`; v1 takes HTTP Basic
// `pk_…:sk_…`. Both resolve to the same AuthContext. The scheme of each version is read
// from its spec's top-level `security` (operations may not override it: a lint rule says so).
// The header is read strictly (authorization-header.ts); every refusal says what is wrong.
import type { Request, RequestHandler } from 'express';
import type { KeyChangeFeed } from '../data/key-change-feed.js';
import type { Models } from '../data/models/index.js';
import { type CacheSettings, type ReadThroughCache, readThroughCache } from '../data/read-through-cache.js';
import { hashToken } from '../domain/api-keys.js';
import type { Clock } from '../kernel/clock.js';
import { AppError } from '../kernel/errors.js';
import { type AuthScheme, challenge, parseAuthorization } from './authorization-header.js';

export type { AuthScheme };

/** Who holds the key a request authenticated with: a merchant, or a partner. */
export interface Caller {
  keyId: string;
  livemode: boolean;
  /** The merchant whose key it is; null for a partner's key. */
  merchantId: string | null;
  /** The partner whose key it is; null for a merchant's key. */
  partnerId: string | null;
  /** The publishable key of the pair, when the caller authenticated with one (v1 Basic, or alone). */
  publishableKey?: string;
  /** Authenticated with the publishable key alone (an operation a browser calls: GET /v2/promotions). */
  publishableOnly?: boolean;
}

/** The merchant a request acts for (http/acting-merchant.ts), and who acted. */
export interface AuthContext {
  merchantId: string;
  livemode: boolean;
  keyId: string;
  /** The partner acting for the merchant (with `Evenpay-Merchant`); null when the merchant's own key is used. */
  actingPartnerId: string | null;
  publishableKey?: string;
}

/**
 * A key found by its hash: usable (until `expiresAt`, when it was rolled), or revoked (the holder
 * of a revoked secret may learn that it is).
 */
type KeyLookup = { caller: Caller; expiresAt: Date | null; rolledTo: string | null } | { revokedAt: Date } | { pairMismatch: true; partner: boolean };

export type ApiKeyCache = ReadThroughCache<KeyLookup>;

/** How long cached keys are trusted while the key change feed cannot be read. */
const FEED_OUTAGE_GRACE_MS = 5_000;

/**
 * Finds the key pair a request authenticates with: the secret key by its SHA-256, and for Basic
 * the publishable key of the same merchant and mode. Verified keys are cached (see
 * data/read-through-cache.ts), so most requests need no lookup.
 */
export function apiKeyCache(models: Models, cache: CacheSettings): ApiKeyCache {
  return readThroughCache<KeyLookup>({
    ...cache,
    max: 10_000,
    load: async (lookupKey) => {
      const { tokenHash, publishable } = JSON.parse(lookupKey) as { tokenHash: string | null; publishable: string | null };
      if (tokenHash === null) return publishableAlone(models, publishable!);
      const key = await models.ApiKey.findOne({ where: { tokenHash } });
      if (!key) {
        const partnerKey = await models.PartnerKey.findOne({ where: { tokenHash } });
        if (!partnerKey) return undefined;
        if (partnerKey.revokedAt) return { revokedAt: partnerKey.revokedAt };
        // v1's Basic pair: a partner has no publishable key, so it sends an empty user name.
        if (publishable) return { pairMismatch: true, partner: true };
        return {
          caller: { keyId: partnerKey.id, livemode: partnerKey.livemode, merchantId: null, partnerId: partnerKey.partnerId },
          expiresAt: partnerKey.expiresAt,
          rolledTo: partnerKey.rolledTo,
        };
      }
      if (key.revokedAt) return { revokedAt: key.revokedAt };
      const merchantKey = { keyId: key.id, livemode: key.livemode, merchantId: key.merchantId, partnerId: null };
      const lifetime = { expiresAt: key.expiresAt, rolledTo: key.rolledTo };
      if (publishable === null) return { caller: merchantKey, ...lifetime };
      const pair = publishable
        ? await models.ApiKey.findOne({
            where: { merchantId: key.merchantId, kind: 'publishable', livemode: key.livemode, publishableToken: publishable, revokedAt: null },
          })
        : null;
      if (!pair?.publishableToken) return { pairMismatch: true, partner: false };
      // A pair works until either half stops (a rolled publishable key too).
      const pairEnds = pair.expiresAt !== null && (key.expiresAt === null || pair.expiresAt < key.expiresAt);
      return {
        caller: { ...merchantKey, publishableKey: pair.publishableToken },
        ...(pairEnds ? { expiresAt: pair.expiresAt, rolledTo: pair.rolledTo } : lifetime),
      };
    },
  });
}

/** A publishable key on its own: the merchant and mode it reads for, nothing it may change. */
async function publishableAlone(models: Models, publishableToken: string): Promise<KeyLookup | undefined> {
  const key = await models.ApiKey.findOne({ where: { kind: 'publishable', publishableToken } });
  if (!key) return undefined;
  if (key.revokedAt) return { revokedAt: key.revokedAt };
  return {
    caller: { keyId: key.id, livemode: key.livemode, merchantId: key.merchantId, partnerId: null, publishableKey: publishableToken, publishableOnly: true },
    expiresAt: key.expiresAt,
    rolledTo: key.rolledTo,
  };
}

function refusal(found: KeyLookup | undefined): string {
  if (!found)
    return 'No API key matches this one: check that it was copied whole, and that it is a key of this Evenpay environment (the sandbox started by npm start has keys of its own).';
  if ('revokedAt' in found) return `This API key was revoked on ${found.revokedAt.toISOString()}. Use one of your active keys.`;
  if ('pairMismatch' in found && found.partner) {
    return 'This is a partner secret key, which has no publishable key: send it as the password with an empty user name (curl -u :sk_test_…).';
  }
  return 'The publishable key is not the active publishable key of the same merchant and mode as the secret key (or none was sent): send the pair as issued.';
}

/** The cache key of a lookup: the secret's hash, and the publishable key sent with it (v1); or the publishable key alone (no hash). */
function cacheKey(tokenHash: string | null, publishable: string | null): string {
  return JSON.stringify({ tokenHash, publishable });
}

/** Drops every cached lookup of a changed key (data/key-change-feed.ts): by its hash, or as the publishable half of a pair. */
export function forgetKey(keys: ApiKeyCache, change: { tokenHash: string; publishableToken: string | null }): void {
  keys.forgetWhere((key) => {
    const { tokenHash, publishable } = JSON.parse(key) as { tokenHash: string | null; publishable: string | null };
    return tokenHash === change.tokenHash || (change.publishableToken !== null && publishable === change.publishableToken);
  });
}

/**
 * `keys`: the replica's cache of verified keys, kept current by `feed` (a request waits for a
 * read of the feed when the last one is too old); `schemeOf`: the scheme of the request's
 * operation (http/spec.ts); `clock`: the service's, for rolled keys' ends.
 */
export function authenticate(keys: ApiKeyCache, schemeOf: (req: Request) => AuthScheme, feed: KeyChangeFeed, clock: Clock): RequestHandler {
  return async (req, _res, next) => {
    const scheme = schemeOf(req);
    const credentials = parseAuthorization(req.headers.authorization, scheme);
    if (!credentials.ok) {
      throw new AppError(credentials.missing ? 'authentication_required' : 'invalid_api_key', credentials.detail, {
        headers: { 'WWW-Authenticate': challenge(scheme, credentials) },
      });
    }
    // While the feed cannot be read, the cached keys stand for a short grace (answers from cache,
    // such as GET /merchant, keep working through a blip); past it, a key is refused with the
    // outage (503) rather than trusted on what this replica knew before it.
    await feed.fresh()?.catch((error: unknown) => {
      if (feed.staleForMs() > FEED_OUTAGE_GRACE_MS) throw error;
    });
    const found = await keys.get(
      credentials.secret === null
        ? cacheKey(null, credentials.publishable)
        : cacheKey(hashToken(credentials.secret), scheme === 'basic' ? (credentials.publishable ?? '') : null),
    );
    const expired = found && 'caller' in found && found.expiresAt !== null && found.expiresAt <= clock.now();
    if (!found || !('caller' in found) || expired) {
      const detail = expired
        ? `This API key stopped working on ${found.expiresAt!.toISOString()}, when the overlap after it was rolled ended. Use the key that replaced it (${found.rolledTo}).`
        : refusal(found);
      throw new AppError('invalid_api_key', detail, { headers: { 'WWW-Authenticate': challenge(scheme, { missing: false, detail }) } });
    }
    req.caller = found.caller;
    next();
  };
}
