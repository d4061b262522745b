// Rate limits per API key, and per acting merchant for a partner's key (rate-limiter-flexible): in process memory by default; in the database
// (RATE_LIMIT_STORE=database, MySQL) so that many replicas share one budget per key. Every API
// answer says where the caller stands (RateLimit-Limit / -Remaining / -Reset); over the limit it
// is a 429 problem with Retry-After.
import type { RequestHandler } from 'express';
import { type RateLimiterAbstract, RateLimiterMemory, RateLimiterMySQL, RateLimiterRes } from 'rate-limiter-flexible';
import type { Sequelize } from 'sequelize';
import { AppError } from '../kernel/errors.js';
import { MERCHANT_HEADER, merchantHeaderOf } from './acting-merchant.js';

export interface RateLimitOptions {
  perSecond: number;
  store: 'memory' | 'database';
}

export async function createRateLimiter(options: RateLimitOptions, sequelize: Sequelize): Promise<RateLimiterAbstract> {
  const common = { points: options.perSecond, duration: 1, keyPrefix: 'api' };
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

function headers(limit: number, result: RateLimiterRes): Record<string, string> {
  return {
    'RateLimit-Limit': String(limit),
    'RateLimit-Remaining': String(Math.max(0, result.remainingPoints)),
    'RateLimit-Reset': String(Math.ceil(result.msBeforeNext / 1000)),
  };
}

/**
 * After authentication: one point per request of the API key, and for a partner's key of the
 * merchant it acts for (each of its merchants has a budget of its own).
 */
export function rateLimit(limiter: RateLimiterAbstract, perSecond: number): RequestHandler {
  return async (req, res, next) => {
    if (!req.caller) return next();
    const merchant = req.caller.partnerId !== null ? merchantHeaderOf(req.get(MERCHANT_HEADER)) : undefined;
    try {
      const result = await limiter.consume(merchant ? `${req.caller.keyId}:${merchant}` : req.caller.keyId);
      res.set(headers(perSecond, result));
      next();
    } catch (rejection) {
      if (!(rejection instanceof RateLimiterRes)) throw rejection;
      const retryAfter = String(Math.max(1, Math.ceil(rejection.msBeforeNext / 1000)));
      throw new AppError(
        'rate_limited',
        `Too many requests for this API key${merchant ? ` acting for ${merchant}` : ''}: at most ${perSecond} per second. Retry after ${retryAfter} s.`,
        {
          headers: { ...headers(perSecond, rejection), 'Retry-After': retryAfter },
        },
      );
    }
  };
}
