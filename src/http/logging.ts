// One JSON log line per request, written when the answer is finished, carrying the request id
// that is also returned as the `Request-Id` header and inside every problem body. Credentials
// never reach the log (redaction below, and the line names only method, path and ids).
import type { Request, RequestHandler } from 'express';
import { type Logger, pino } from 'pino';
import { newId } from '../domain/ids.js';

export function createLogger(level: string): Logger {
  return pino({
    level,
    redact: {
      paths: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]', '*.token', '*.secret'],
      censor: '[redacted]',
    },
  });
}

/** What every log line about a request says of it: which request, and whose call to which operation. */
export function requestFields(req: Request) {
  return {
    req: { id: req.id, method: req.method, url: req.originalUrl },
    merchant_id: req.auth?.merchantId,
    // A partner's request: which partner acted (for the merchant above, or on its own operations).
    ...(req.caller?.partnerId ? { partner_id: req.caller.partnerId } : {}),
    operation_id: req.openapi?.schema.operationId,
  };
}

/**
 * Gives the request its id and logs it once finished (or aborted): 5xx at error, the rest at
 * info. Nothing is built for the log until the line is written, so a request costs only its id
 * and one listener when the level is off (see README: why this is not pino-http).
 */
export function requestLogging(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const started = performance.now();
    req.id = newId('req', 16);
    res.setHeader('Request-Id', req.id);
    res.once('close', () => {
      const level = res.statusCode >= 500 ? 'error' : 'info';
      if (!logger.isLevelEnabled(level)) return;
      logger[level](
        { ...requestFields(req), res: { status: res.statusCode }, responseTime: Math.round(performance.now() - started) },
        res.writableFinished ? 'request completed' : 'request aborted',
      );
    });
    next();
  };
}
