// What the SDK throws: an EvenpayError for every problem+json answer (after retries), an
// EvenpayConnectionError when no answer came at all. An EvenpayError is one of a few subclasses by
// what the caller should do (`kind`), and its `code` is typed as the codes the spec knows, or any
// string (a code added in a later minor version): branch on it, with autocompletion. The
// `Problem`, `ErrorCode` and `ProblemFieldError` types are the spec's, exported by each version's entry.
import type { components } from '../../generated/v2/schema.js';

type ErrorCode = components['schemas']['ErrorCode'];
type KnownErrorCode = components['schemas']['KnownErrorCode'];
/** An RFC 9457 problem as the API sends it (the \`Problem\` schema). */
type Problem = components['schemas']['Problem'];
type ProblemFieldError = components['schemas']['ProblemFieldError'];

/**
 * What to do about an error: `authentication` (401: the key), `permission` (403: this key may not
 * do this), `invalid_request` (400/404/410/413/415/422: change the request), `conflict` (409: the
 * state changed or a request with this key is still running — re-read, then decide), `rate_limit`
 * (429: slow down; the SDK already waited and retried), `server` (5xx: retried; try later).
 */
export type ErrorKind = 'authentication' | 'permission' | 'invalid_request' | 'conflict' | 'rate_limit' | 'server';

export class EvenpayError extends Error {
  readonly kind: ErrorKind = 'invalid_request';
  readonly status: number;
  /** The stable error code (`capture_exceeds_authorized`…): branch on this. */
  readonly code: ErrorCode;
  readonly errors: ProblemFieldError[];
  readonly requestId: string | undefined;
  readonly problem: Problem;

  constructor(problem: Problem, requestId: string | undefined) {
    super(`${problem.status} ${problem.code}: ${problem.detail ?? problem.title}`);
    this.name = new.target.name;
    this.status = problem.status;
    this.code = problem.code;
    this.errors = problem.errors ?? [];
    this.requestId = requestId ?? problem.request_id;
    this.problem = problem;
  }

  /** Whether this is the error `code`: checked at compile time, so a misspelt code does not build. */
  is(code: KnownErrorCode): boolean {
    return this.code === code;
  }
}

export class EvenpayAuthenticationError extends EvenpayError {
  override readonly kind = 'authentication';
}
export class EvenpayPermissionError extends EvenpayError {
  override readonly kind = 'permission';
}
export class EvenpayInvalidRequestError extends EvenpayError {
  override readonly kind = 'invalid_request';
}
export class EvenpayConflictError extends EvenpayError {
  override readonly kind = 'conflict';
}
export class EvenpayRateLimitError extends EvenpayError {
  override readonly kind = 'rate_limit';
}
export class EvenpayServerError extends EvenpayError {
  override readonly kind = 'server';
}

export class EvenpayConnectionError extends Error {
  readonly attempts: number;

  constructor(message: string, attempts: number, cause: unknown) {
    super(message, { cause });
    this.name = 'EvenpayConnectionError';
    this.attempts = attempts;
  }
}

function classFor(status: number): typeof EvenpayError {
  if (status === 401) return EvenpayAuthenticationError;
  if (status === 403) return EvenpayPermissionError;
  if (status === 409) return EvenpayConflictError;
  if (status === 429) return EvenpayRateLimitError;
  if (status >= 500) return EvenpayServerError;
  return EvenpayInvalidRequestError;
}

/** Turns a non-2xx answer into an EvenpayError of its kind (a body that is not a problem still gets one). */
export async function errorFrom(response: Response): Promise<EvenpayError> {
  const requestId = response.headers.get('request-id') ?? undefined;
  let body: unknown;
  try {
    body = await response.clone().json();
  } catch {
    body = undefined;
  }
  const problem: Problem =
    body && typeof body === 'object' && 'code' in body
      ? (body as Problem)
      : { type: 'about:blank', title: response.statusText || 'HTTP error', status: response.status, code: 'http_error', request_id: requestId ?? '' };
  const Kind = classFor(problem.status);
  return new Kind(problem, requestId);
}
