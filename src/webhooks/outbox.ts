// The transactional outbox: when an event is written, one delivery row per subscribed endpoint
// is written in the same database transaction, so an event is delivered exactly when its change
// committed, and never lost if the process dies right after.
import type { Transaction } from 'sequelize';
import type { EventRow, Models, WebhookDeliveryRow } from '../data/models/index.js';
import { newId } from '../domain/ids.js';
import { subscribes } from './endpoints.js';

export async function enqueueDeliveries(
  models: Models,
  event: Pick<EventRow, 'id' | 'type' | 'merchantId' | 'livemode'>,
  now: Date,
  transaction: Transaction | undefined,
  onlyEndpointId?: string,
): Promise<WebhookDeliveryRow[]> {
  const endpoints = await models.WebhookEndpoint.findAll({
    where: { merchantId: event.merchantId, livemode: event.livemode, deletedAt: null, ...(onlyEndpointId ? { id: onlyEndpointId } : {}) },
    transaction,
  });
  // A redelivery to a named endpoint is an explicit ask: it goes whatever the subscription.
  const targets = onlyEndpointId ? endpoints : endpoints.filter((endpoint) => subscribes(endpoint, event.type));
  if (targets.length === 0) return [];
  return models.WebhookDelivery.bulkCreate(
    targets.map((endpoint) => ({
      id: newId('whd'),
      merchantId: event.merchantId,
      endpointId: endpoint.id,
      eventId: event.id,
      eventType: event.type,
      status: 'pending' as const,
      attemptCount: 0,
      nextAttemptAt: now,
      claimedBy: null,
      createdAt: now,
    })),
    { transaction },
  );
}
