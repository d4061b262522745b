// express-openapi-validator, fed the bundled spec object: every request is validated against
// the contract before a handler sees it (types coerced, defaults applied); responses too in
// development and tests, so the service cannot drift from what partners were promised.
import * as OpenApiValidator from 'express-openapi-validator';
import type { RequestHandler } from 'express';
import type { OpenApiDocument } from './spec.js';

/** Mounted inside the version's own router (app.ts), so it only ever sees that version's requests. */
export function validatorFor(spec: OpenApiDocument, validateResponses: boolean): RequestHandler[] {
  return OpenApiValidator.middleware({
    // The validator mutates what it is given (it dereferences); give it its own copy.
    apiSpec: structuredClone(spec) as never,
    // allErrors: the 400 promises that errors[] lists each problem, not just the first one.
    validateRequests: { allowUnknownQueryParameters: false, coerceTypes: true, allErrors: true },
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
