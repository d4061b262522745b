import type { AuthContext } from './auth.js';

declare global {
  namespace Express {
    interface Request {
      /** Set first thing by the request logger (http/logging.ts); also the `Request-Id` header. */
      id: string;
      /** Set by the authenticate middleware. */
      auth?: AuthContext;
      /** Set by express-openapi-validator once it matched the operation (the parts we read). */
      openapi?: { schema: { operationId?: string }; pathParams: Record<string, string> };
    }
  }
}
