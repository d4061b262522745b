// Every error leaves the service here, as RFC 9457 application/problem+json: our AppError, the
// validator's errors, body-parser's errors and anything unexpected (logged, never shown).
import type { ErrorRequestHandler, Request, RequestHandler, Response } from 'express';
import type { Logger } from 'pino';
import { errorCauses } from '../data/driver.js';
import { AppError, type ErrorCode, type FieldError } from '../kernel/errors.js';
import { requestFields } from './logging.js';
import { problemCatalogue } from './problem-catalogue.js';

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance: string;
  code: ErrorCode;
  request_id: string;
  errors?: FieldError[];
}

/** The bounds the spec's Problem and ProblemFieldError promise (a request can be long; its echo may not). */
const LIMITS = { detail: 2000, instance: 2048, errors: 100, pointer: 1024, parameter: 256 } as const;

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function boundedFieldError(error: FieldError): FieldError {
  return {
    ...(error.pointer !== undefined ? { pointer: clip(error.pointer, LIMITS.pointer) } : {}),
    ...(error.parameter !== undefined ? { parameter: clip(error.parameter, LIMITS.parameter) } : {}),
    detail: clip(error.detail, LIMITS.detail),
  };
}

export function problemBody(error: AppError, req: Request, docsBaseUrl: string): ProblemBody {
  const { status, title } = problemCatalogue[error.code];
  return {
    type: `${docsBaseUrl}/errors#${error.code}`,
    title,
    status,
    detail: clip(error.message, LIMITS.detail),
    instance: clip(req.originalUrl.split('?')[0] ?? req.originalUrl, LIMITS.instance),
    code: error.code,
    request_id: req.id,
    ...(error.errors?.length ? { errors: error.errors.slice(0, LIMITS.errors).map(boundedFieldError) } : {}),
  };
}

export function sendProblem(res: Response, body: ProblemBody, headers: Record<string, string> = {}): void {
  res.status(body.status).set(headers).type('application/problem+json').send(JSON.stringify(body));
}

interface ValidatorError {
  status: number;
  message?: string;
  errors?: Array<{ path?: string; message?: string }>;
  type?: string;
}

function isValidatorError(err: unknown): err is ValidatorError {
  return typeof err === 'object' && err !== null && typeof (err as ValidatorError).status === 'number' && Array.isArray((err as ValidatorError).errors);
}

/**
 * Codes of a database that is out of reach or too busy to answer now, not of a wrong query: the
 * network (ECONN…, EPIPE, ETIMEDOUT), a connection the server dropped or killed, a server going
 * down, a statement interrupted, a lock not granted in time, SQLite's busy or locked file.
 */
const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'PROTOCOL_CONNECTION_LOST',
  'ER_CONNECTION_KILLED',
  'ER_SERVER_SHUTDOWN',
  'ER_QUERY_INTERRUPTED',
  'ER_LOCK_WAIT_TIMEOUT',
  'ER_LOCK_DEADLOCK',
  'SQLITE_BUSY',
  'SQLITE_LOCKED',
]);

/** The database could not be reached, or could not answer now (not: the query was wrong). */
export function isDatabaseUnavailable(err: unknown): boolean {
  const causes = errorCauses(err);
  const error = causes[0];
  if (!error) return false;
  if (typeof error.name === 'string' && /^Sequelize(Connection\w*|HostNotReachable|HostNotFound|ConnectionAcquireTimeout)Error$/.test(error.name)) return true;
  // mysql2 marks an error `fatal` when the connection itself is gone, whatever its code (a command
  // sent on a connection the server closed has none).
  return causes.some((cause) => cause.fatal === true || (cause.code !== undefined && UNREACHABLE_CODES.has(cause.code)));
}

/** Turns anything thrown into an AppError; returns undefined for real server faults. */
export function toAppError(err: unknown): AppError | undefined {
  if (err instanceof AppError) return err;
  if (isDatabaseUnavailable(err)) {
    return new AppError(
      'service_unavailable',
      'Evenpay cannot reach its database right now, or it is too busy to answer. Send the same request with the same Idempotency-Key after Retry-After seconds: it runs once, or, if the database completed this attempt after all, you get the answer of that attempt. Without a key, read the object back before you send a POST again.',
      {
        headers: { 'Retry-After': '5' },
      },
    );
  }
  const type = (err as { type?: string })?.type;
  if (type === 'entity.parse.failed') return new AppError('malformed_json', 'The request body is not valid JSON.');
  if (type === 'entity.too.large') {
    // body-parser says the limit it applied (100 KB; dispute evidence 6 MB).
    const limit = (err as { limit?: number }).limit;
    const size = !limit ? 'the limit' : limit >= 1024 * 1024 ? `${+(limit / (1024 * 1024)).toFixed(1)} MB` : `${Math.round(limit / 1024)} KB`;
    return new AppError('payload_too_large', `The request body is larger than ${size}.`);
  }
  if (isValidatorError(err)) {
    if (err.status === 404) return new AppError('route_not_found', 'No operation exists at this path in this API version.');
    if (err.status === 405) return new AppError('method_not_allowed', err.message ?? 'This path does not accept this method.');
    if (err.status === 415) return new AppError('unsupported_media_type', 'Send the body as application/json.');
  }
  if (clientErrorStatus(err) !== undefined) {
    return new AppError('invalid_request', (err as Error).message || 'The request is invalid.');
  }
  return undefined;
}

/** The 4xx status a middleware's error carries (body-parser, http-errors), or undefined. */
export function clientErrorStatus(err: unknown): number | undefined {
  const status = (err as { status?: unknown } | null)?.status ?? (err as { statusCode?: unknown } | null)?.statusCode;
  return typeof status === 'number' && status >= 400 && status < 500 ? status : undefined;
}

export function problemHandler(docsBaseUrl: string, logger: Logger): ErrorRequestHandler {
  return (err, req, res, _next) => {
    const appError =
      toAppError(err) ??
      new AppError('internal_error', 'Something went wrong on our side. Retry with the same Idempotency-Key; quote the request_id if it persists.');
    if (appError.code === 'internal_error') logger.error({ err, ...requestFields(req) }, 'unhandled error');
    // The cause of a 503 is for the operator, never the client.
    else if (appError.code === 'service_unavailable' && !(err instanceof AppError)) logger.warn({ err, ...requestFields(req) }, 'database unavailable');
    if (res.headersSent) {
      res.end();
      return;
    }
    sendProblem(res, problemBody(appError, req, docsBaseUrl), appError.headers);
  };
}

export const routeNotFound: RequestHandler = () => {
  throw new AppError('route_not_found', 'No operation exists at this path.');
};
