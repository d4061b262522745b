import type { AuthContext, Caller } from './auth.js';

declare global {
  namespace Express {
    interface Request {
      /** Set first thing by the request logger (http/logging.ts); also the `Request-Id` header. */
      id: string;
      /** Set by the authenticate middleware: whose key it is. */
      caller?: Caller;
      /** Set by the acting-merchant middleware on merchant operations: the merchant the request acts for. */
      auth?: AuthContext;
      /** Set by express-openapi-validator once it matched the operation (the parts we read). */
      openapi?: { schema: { operationId?: string }; pathParams: Record<string, string> };
    }
  }
}
