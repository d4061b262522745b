// The one error type. Domain code throws it with a stable code from the spec's KnownErrorCode;
// the HTTP layer turns it into an RFC 9457 problem (status and title come from the catalogue in
// src/http/problem-catalogue.ts), so domain modules never talk about HTTP.
import type { components } from '../../generated/v2/client.js';

/** The codes this service knows (the spec's open `ErrorCode` also admits codes of later versions). */
export type ErrorCode = components['schemas']['KnownErrorCode'];

export interface FieldError {
  /** JSON Pointer into the request body. */
  pointer?: string;
  /** Name of a query, path or header parameter. */
  parameter?: string;
  detail: string;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly errors: FieldError[] | undefined;
  readonly headers: Record<string, string> | undefined;

  constructor(code: ErrorCode, detail: string, options: { errors?: FieldError[]; headers?: Record<string, string> } = {}) {
    super(detail);
    this.name = 'AppError';
    this.code = code;
    this.errors = options.errors;
    this.headers = options.headers;
  }
}
