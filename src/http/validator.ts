// express-openapi-validator, fed the bundled spec object: every request is validated against
// the contract before a handler sees it (defaults applied); responses too in
// development and tests, so the service cannot drift from what partners were promised.
// Bodies are taken exactly as sent (`coerceTypes: false`: "400.00" is never 400 cents); query,
// path and header values are strings on the wire, so the validator always parses those by their
// schema (express-openapi-validator keeps a second, coercing Ajv for everything but the body).

import type { ErrorRequestHandler, RequestHandler } from 'express';
import * as OpenApiValidator from 'express-openapi-validator';
import type { Logger } from 'pino';
import { AppError, type FieldError } from '../kernel/errors.js';
import type { OpenApiDocument, RequestOperation } from './spec.js';
import { type ValidatorFinding, wordFindings } from './validation-wording.js';

/**
 * The validator of each spec document (by its text) and response setting, built once per process.
 * Its Ajv compiles a route's request and response schemas when the route is first called (a
 * quarter to half a second for an operation with many responses), so a second app in the same
 * process — the tests build one per file — reuses what the first compiled. What it holds is the
 * spec and the functions compiled from it, with one exception: its path-parameter step installs
 * `app.param` handlers on the first app it serves only, which never fire here (the API's routes
 * sit on each version's router, where the validator's `req.openapi.pathParams` is what is read).
 * A spec it failed to load stays failed for the process, as it would for its one app.
 */
const validators = new Map<string, RequestHandler[]>();

/** Mounted inside the version's own router (app.ts), so it only ever sees that version's requests. */
export function validatorFor(spec: OpenApiDocument, validateResponses: boolean): RequestHandler[] {
  const key = `${validateResponses}\n${JSON.stringify(spec)}`;
  let validator = validators.get(key);
  if (!validator) {
    validator = newValidator(spec, validateResponses);
    validators.set(key, validator);
  }
  return validator;
}

/** A validator of its own, compiling from nothing (validatorFor shares one per process). */
export function newValidator(spec: OpenApiDocument, validateResponses: boolean): RequestHandler[] {
  return OpenApiValidator.middleware({
    // The validator mutates what it is given (it dereferences); give it its own copy.
    apiSpec: structuredClone(spec) as never,
    // allErrors: the 400 promises that errors[] lists each problem, not just the first one.
    validateRequests: { allowUnknownQueryParameters: false, coerceTypes: false, allErrors: true },
    validateResponses: validateResponses ? { removeAdditional: false } : false,
    validateSecurity: false,
    // The bundle is checked where it is made (redocly lint in `npm test`, the drift check):
    // validating it against the OpenAPI meta-schema again at every start costs a quarter of the
    // start-up time and can find nothing new.
    validateApiSpec: false,
    validateFormats: true,
    // 'full', not the default 'fast': fast only pattern-matches, so 2026-13-01 passes as a date
    // and reaches the domain, which then fails with a 500 instead of a 400.
    ajvFormats: { mode: 'full' },
  }) as RequestHandler[];
}

interface ValidatorBadRequest {
  status: 400;
  errors: ValidatorFinding[];
}

function isBadRequest(err: unknown): err is ValidatorBadRequest {
  return (err as { status?: unknown } | null)?.status === 400 && Array.isArray((err as { errors?: unknown }).errors);
}

/**
 * Right after the validator: its 400 becomes `invalid_request` with each finding reworded into
 * what to change (validation-wording.ts), read from the same spec. Other errors pass through.
 */
export function rewordValidation(spec: OpenApiDocument, operationOf: RequestOperation, logger?: Logger): ErrorRequestHandler {
  return (err, req, _res, next) => {
    if (!isBadRequest(err)) return next(err);
    let errors: FieldError[];
    try {
      errors = wordFindings(
        spec,
        operationOf(req),
        { body: req.body, query: req.query as Record<string, unknown>, headers: req.headers, params: req.params },
        err.errors,
      );
    } catch (wordingFailure) {
      // A request the wording cannot describe is still a 400: say it in the validator's words.
      logger?.warn({ err: wordingFailure, request_id: req.id }, 'could not word a validation error');
      errors = err.errors.map((finding) => ({ detail: `${finding.path ?? ''} ${finding.message ?? 'is invalid'}`.trim() }));
    }
    const first = errors[0];
    const where = first?.pointer ?? first?.parameter;
    const detail =
      errors.length === 1 && first
        ? `Invalid request: ${where ? `${where} ` : ''}${first.detail}.`
        : `The request has ${errors.length} invalid fields; errors[] says what to change in each${errors.length > 100 ? ' (the first 100)' : ''}.`;
    next(new AppError('invalid_request', detail, { errors }));
  };
}
