// Authentication, before validation: an unauthenticated caller learns nothing about our
// routes or schemas. v2 takes `Authorization: Bearer sk_…`; v1 takes HTTP Basic
// `pk_…:sk_…`. Both resolve to the same AuthContext. The scheme of each version is read
// from its spec's top-level `security` (operations may not override it: a lint rule says so).
import type { RequestHandler } from 'express';
import { hashToken, parseToken } from '../domain/api-keys.js';
import { AppError } from '../domain/errors.js';
import type { Models } from '../data/models/index.js';

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

export function authenticate(models: Models, scheme: AuthScheme): RequestHandler {
  return async (req, _res, next) => {
    const credentials = credentialsFrom(req.headers.authorization, scheme);
    if (!credentials) {
      const how = scheme === 'bearer' ? 'Authorization: Bearer sk_test_…' : 'HTTP Basic with pk_test_…:sk_test_…';
      throw new AppError('authentication_required', `No API key was sent. Authenticate with ${how}.`, { headers: challenge(scheme) });
    }
    const invalid = new AppError('invalid_api_key', 'The API key provided is not valid.', { headers: challenge(scheme) });
    const parsed = parseToken(credentials.secret);
    if (!parsed || parsed.kind !== 'secret') throw invalid;
    const key = await models.ApiKey.findOne({ where: { tokenHash: hashToken(credentials.secret), revokedAt: null } });
    if (!key) throw invalid;
    let publishableKey: string | undefined;
    if (scheme === 'basic') {
      const pair = await models.ApiKey.findOne({
        where: { merchantId: key.merchantId, kind: 'publishable', livemode: key.livemode, publishableToken: credentials.publishable ?? '', revokedAt: null },
      });
      if (!pair) throw invalid;
      publishableKey = pair.publishableToken ?? undefined;
    }
    req.auth = { merchantId: key.merchantId, livemode: key.livemode, keyId: key.id, ...(publishableKey ? { publishableKey } : {}) };
    next();
  };
}
