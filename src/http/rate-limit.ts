// Rate limits per API key, and per acting merchant for a partner's key (rate-limiter-flexible): in process memory by default; in the database
// (RATE_LIMIT_STORE=database, MySQL) so that many replicas share one budget per key. Every API
// answer says where the caller stands (RateLimit-Limit / -Remaining / -Reset); over the limit it
// is a 429 problem with Retry-After.
import type { RequestHandler } from 'express';
import { type RateLimiterAbstract, RateLimiterMemory, RateLimiterMySQL, RateLimiterRes } from 'rate-limiter-flexible';
import type { Sequelize } from 'sequelize';
import { AppError } from '../kernel/errors.js';

export interface RateLimitOptions {
  perSecond: number;
  store: 'memory' | 'database';
}

/** A partner's key serves many merchants: its own budget is this many times a merchant key's. */
export const PARTNER_KEY_FACTOR = 10;

/**
 * A publishable key is used by every shopper of a shop's pages (GET /v2/promotions): per origin,
 * its budget is this many times a merchant key's, and apart from it.
 */
export const PUBLISHABLE_KEY_FACTOR = 10;

export interface RateLimiters {
  /** Per API key (a merchant's), and per acting merchant of a partner's key. */
  perKey: RateLimiterAbstract;
  /** Per partner key, over all the merchants it acts for. */
  perPartnerKey: RateLimiterAbstract;
  /** Per publishable key and page origin. */
  perPublishableKey: RateLimiterAbstract;
  perSecond: number;
}

async function limiterOf(options: RateLimitOptions, sequelize: Sequelize, keyPrefix: string, points: number): Promise<RateLimiterAbstract> {
  const common = { points, duration: 1, keyPrefix };
  if (options.store === 'database' && sequelize.getDialect() === 'mysql') {
    const limiter = await new Promise<RateLimiterMySQL>((resolve, reject) => {
      const created: RateLimiterMySQL = new RateLimiterMySQL(
        { ...common, storeClient: sequelize, storeType: 'sequelize', dbName: sequelize.config.database, tableName: 'rate_limits' },
        (error?: Error) => (error ? reject(error) : resolve(created)),
      );
    });
    return limiter;
  }
  return new RateLimiterMemory(common);
}

export async function createRateLimiters(options: RateLimitOptions, sequelize: Sequelize): Promise<RateLimiters> {
  return {
    perKey: await limiterOf(options, sequelize, 'api', options.perSecond),
    perPartnerKey: await limiterOf(options, sequelize, 'partner', options.perSecond * PARTNER_KEY_FACTOR),
    perPublishableKey: await limiterOf(options, sequelize, 'publishable', options.perSecond * PUBLISHABLE_KEY_FACTOR),
    perSecond: options.perSecond,
  };
}

function headers(limit: number, result: RateLimiterRes): Record<string, string> {
  return {
    'RateLimit-Limit': String(limit),
    'RateLimit-Remaining': String(Math.max(0, result.remainingPoints)),
    'RateLimit-Reset': String(Math.ceil(result.msBeforeNext / 1000)),
  };
}

/** One point of `key` in `limiter`: the RateLimit-* headers, or a 429 that says whose budget ran out. */
async function charge(limiter: RateLimiterAbstract, key: string, limit: number, whose: string, res: Parameters<RequestHandler>[1]): Promise<void> {
  try {
    res.set(headers(limit, await limiter.consume(key)));
  } catch (rejection) {
    if (!(rejection instanceof RateLimiterRes)) throw rejection;
    const retryAfter = String(Math.max(1, Math.ceil(rejection.msBeforeNext / 1000)));
    throw new AppError('rate_limited', `Too many requests for ${whose}: at most ${limit} per second. Retry after ${retryAfter} s.`, {
      headers: { ...headers(limit, rejection), 'Retry-After': retryAfter },
    });
  }
}

/**
 * After authentication: one point per request of the API key — a partner's key has a budget
 * PARTNER_KEY_FACTOR times larger, as it serves many merchants (charged before the merchant is
 * looked up, so made-up merchant ids spend it too).
 */
export function rateLimit(limiters: RateLimiters): RequestHandler {
  return async (req, res, next) => {
    if (!req.caller) return next();
    if (req.caller.publishableOnly) {
      const origin = req.get('Origin') ?? '';
      const limit = limiters.perSecond * PUBLISHABLE_KEY_FACTOR;
      await charge(
        limiters.perPublishableKey,
        `${req.caller.keyId} ${origin}`,
        limit,
        origin ? `this publishable key from ${origin}` : 'this publishable key',
        res,
      );
    } else if (req.caller.partnerId === null) await charge(limiters.perKey, req.caller.keyId, limiters.perSecond, 'this API key', res);
    else await charge(limiters.perPartnerKey, req.caller.keyId, limiters.perSecond * PARTNER_KEY_FACTOR, 'this partner key', res);
    next();
  };
}

/** After the acting merchant is known (one of the partner's own): each merchant a partner acts for has a budget of its own. */
export function rateLimitActingMerchant(limiters: RateLimiters): RequestHandler {
  return async (req, res, next) => {
    const acting = req.auth;
    if (acting?.actingPartnerId)
      await charge(limiters.perKey, `${acting.keyId}:${acting.merchantId}`, limiters.perSecond, `this API key acting for ${acting.merchantId}`, res);
    next();
  };
}
