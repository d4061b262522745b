// How v2 shows webhook endpoints and deliveries.
import type { components } from '../../../generated/v2/client.js';
import type { WebhookAttemptRow, WebhookDeliveryRow, WebhookEndpointRow } from '../../data/models/index.js';

type Schemas = components['schemas'];

/** `withSecret` only in the answers that create an endpoint or rotate its secret. */
export function webhookEndpointView(endpoint: WebhookEndpointRow, withSecret = false): Schemas['WebhookEndpoint'] {
  return {
    id: endpoint.id,
    object: 'webhook_endpoint',
    livemode: endpoint.livemode,
    url: endpoint.url,
    enabled_events: endpoint.enabledEvents,
    api_version: endpoint.apiVersion as Schemas['WebhookEndpoint']['api_version'],
    status: endpoint.status,
    ...(withSecret ? { secret: endpoint.secret } : {}),
    previous_secret_expires_at: endpoint.previousSecretExpiresAt?.toISOString() ?? null,
    created: endpoint.createdAt.toISOString(),
  };
}

export function webhookDeliveryView(delivery: WebhookDeliveryRow, attempts: WebhookAttemptRow[]): Schemas['WebhookDelivery'] {
  return {
    id: delivery.id,
    object: 'webhook_delivery',
    event_id: delivery.eventId,
    event_type: delivery.eventType,
    webhook_endpoint_id: delivery.endpointId,
    status: delivery.status,
    attempt_count: attempts.length,
    // While an attempt runs, next_attempt_at holds its lease; partners see "due now or later".
    next_attempt_at: delivery.status === 'pending' ? (delivery.nextAttemptAt?.toISOString() ?? null) : null,
    created: delivery.createdAt.toISOString(),
    attempts: attempts
      .sort((a, b) => a.number - b.number)
      .map((a) => ({ number: a.number, started_at: a.startedAt.toISOString(), response_status: a.responseStatus, latency_ms: a.latencyMs, error: a.error })),
  };
}
