// Status and title of every error code. Typed by the spec's KnownErrorCode: a code added to the
// spec without an entry here, or an entry the spec does not know, fails to compile; the status of
// each must be the spec's x-status (test/spec/docs.test.ts).
import type { ErrorCode } from '../kernel/errors.js';

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
  sandbox_only: { status: 403, title: 'Sandbox only' },
  plan_not_available: { status: 422, title: 'Plan not available' },
  checkout_not_open: { status: 422, title: 'Checkout not open' },
  checkout_expired: { status: 422, title: 'Checkout expired' },
  checkout_not_confirmed: { status: 422, title: 'Checkout not confirmed' },
  checkout_already_authorized: { status: 422, title: 'Checkout already authorized' },
  authorization_expired: { status: 422, title: 'Authorization expired' },
  capture_exceeds_authorized: { status: 422, title: 'Capture exceeds authorization' },
  refund_exceeds_captured: { status: 422, title: 'Refund exceeds captured amount' },
  transaction_voided: { status: 422, title: 'Transaction voided' },
  void_after_capture: { status: 422, title: 'Void after capture' },
  webhook_url_not_allowed: { status: 422, title: 'Webhook URL not allowed' },
  operation_brownout: { status: 410, title: 'Scheduled brownout' },
  operation_sunset: { status: 410, title: 'Operation sunset' },
  rate_limited: { status: 429, title: 'Rate limited' },
  service_unavailable: { status: 503, title: 'Service unavailable' },
  internal_error: { status: 500, title: 'Internal error' },
};
