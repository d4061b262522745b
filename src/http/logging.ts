// One JSON log line per request (pino-http) carrying the request id that is also returned as
// the `Request-Id` header and inside every problem body. Credentials never reach the log.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Request } from 'express';
import { pino, type Logger } from 'pino';
import { pinoHttp } from 'pino-http';
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

export function requestLogging(logger: Logger) {
  return pinoHttp({
    logger,
    genReqId: (_req: IncomingMessage, res: ServerResponse) => {
      const id = newId('req', 16);
      res.setHeader('Request-Id', id);
      return id;
    },
    customProps: (req) => ({
      merchant_id: (req as Request).auth?.merchantId,
      operation_id: (req as Request).openapi?.schema.operationId,
    }),
    serializers: {
      req: (req: { id: string; method: string; url: string }) => ({ id: req.id, method: req.method, url: req.url }),
      res: (res: { statusCode: number }) => ({ status: res.statusCode }),
    },
  });
}
