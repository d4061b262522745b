// Status and title of every error code. Typed by the spec's ErrorCode enum: a code added to the
// spec without an entry here, or an entry the spec does not know, fails to compile.
import type { ErrorCode } from '../domain/errors.js';

export const problemCatalogue: Record<ErrorCode, { status: number; title: string }> = {
  invalid_request: { status: 400, title: 'Invalid request' },
  malformed_json: { status: 400, title: 'Malformed JSON' },
  unsupported_media_type: { status: 415, title: 'Unsupported media type' },
  payload_too_large: { status: 413, title: 'Payload too large' },
  invalid_cursor: { status: 400, title: 'Invalid pagination cursor' },
  authentication_required: { status: 401, title: 'Authentication required' },
  invalid_api_key: { status: 401, title: 'Invalid API key' },
  resource_not_found: { status: 404, title: 'Resource not found' },
  route_not_found: { status: 404, title: 'Route not found' },
  method_not_allowed: { status: 405, title: 'Method not allowed' },
  idempotency_request_in_flight: { status: 409, title: 'Request in flight' },
  idempotency_key_reused: { status: 422, title: 'Idempotency key reused' },
  checkout_total_mismatch: { status: 422, title: 'Totals do not add up' },
  currency_not_supported: { status: 422, title: 'Currency not supported' },
  amount_not_financeable: { status: 422, title: 'Amount not financeable' },
  internal_error: { status: 500, title: 'Internal error' },
};
