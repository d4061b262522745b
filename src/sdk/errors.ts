// What the SDK throws: an EvenpayError for every problem+json answer (after retries), an
// EvenpayConnectionError when no answer came at all.

export interface ProblemFieldError {
  detail: string;
  pointer?: string;
  parameter?: string;
}

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  code: string;
  request_id: string;
  errors?: ProblemFieldError[];
}

export class EvenpayError extends Error {
  readonly status: number;
  /** The stable error code (`capture_exceeds_authorized`…): branch on this. */
  readonly code: string;
  readonly errors: ProblemFieldError[];
  readonly requestId: string | undefined;
  readonly problem: Problem;

  constructor(problem: Problem, requestId: string | undefined) {
    super(`${problem.status} ${problem.code}: ${problem.detail ?? problem.title}`);
    this.name = 'EvenpayError';
    this.status = problem.status;
    this.code = problem.code;
    this.errors = problem.errors ?? [];
    this.requestId = requestId ?? problem.request_id;
    this.problem = problem;
  }
}

export class EvenpayConnectionError extends Error {
  readonly attempts: number;

  constructor(message: string, attempts: number, cause: unknown) {
    super(message, { cause });
    this.name = 'EvenpayConnectionError';
    this.attempts = attempts;
  }
}

/** Turns a non-2xx answer into an EvenpayError (a body that is not a problem still gets one). */
export async function errorFrom(response: Response): Promise<EvenpayError> {
  const requestId = response.headers.get('request-id') ?? undefined;
  let body: unknown;
  try {
    body = await response.clone().json();
  } catch {
    body = undefined;
  }
  const problem =
    body && typeof body === 'object' && 'code' in body
      ? (body as Problem)
      : { type: 'about:blank', title: response.statusText || 'HTTP error', status: response.status, code: 'http_error', request_id: requestId ?? '' };
  return new EvenpayError(problem, requestId);
}
