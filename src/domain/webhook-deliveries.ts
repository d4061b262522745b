// Reading deliveries with their attempts, and queueing redeliveries.
import { Op } from 'sequelize';
import { timestampFromRaw } from '../data/columns.js';
import type { Models, WebhookAttemptRow, WebhookDeliveryRow } from '../data/models/index.js';
import { type PageRequest, paginate } from '../data/pagination.js';
import type { Subscriber } from '../kernel/owner.js';
import type { ReadContext, WriteContext } from './context.js';
import { enqueueDeliveries, findEvent } from './events.js';
import { findEndpoint } from './webhook-endpoints.js';

export interface DeliveryWithAttempts {
  delivery: WebhookDeliveryRow;
  attempts: WebhookAttemptRow[];
}

async function withAttempts(models: Models, deliveries: WebhookDeliveryRow[]): Promise<DeliveryWithAttempts[]> {
  const attempts = deliveries.length ? await models.WebhookAttempt.findAll({ where: { deliveryId: { [Op.in]: deliveries.map((d) => d.id) } } }) : [];
  return deliveries.map((delivery) => ({ delivery, attempts: attempts.filter((a) => a.deliveryId === delivery.id) }));
}

export async function listDeliveries({ models }: ReadContext, owner: Subscriber, { endpointId, page }: { endpointId: string; page: PageRequest }) {
  await findEndpoint(models, owner, endpointId);
  // The endpoint is the owner's (found above): its deliveries are.
  const result = await paginate(models.WebhookDelivery, { endpointId }, page);
  return { hasMore: result.hasMore, data: await withAttempts(models, result.data) };
}

/** `endpointId`: only to that endpoint (whatever it subscribes to); otherwise to every subscribed one. */
export async function redeliver(
  { models, clock, transaction }: WriteContext,
  owner: Subscriber,
  { eventId, endpointId }: { eventId: string; endpointId?: string | undefined },
): Promise<DeliveryWithAttempts[]> {
  const event = await findEvent(models, owner, eventId, transaction);
  if (endpointId) await findEndpoint(models, owner, endpointId, transaction);
  const deliveries = await enqueueDeliveries(models, event, clock.now(), transaction, { to: owner, ...(endpointId ? { endpointId } : {}) });
  return deliveries.map((delivery) => ({ delivery, attempts: [] }));
}

/** How long the oldest due delivery has waited (0 when none is due): the backlog alert's input. */
export async function oldestDueDeliveryAgeSeconds({ models, clock }: ReadContext): Promise<number> {
  const oldest = await models.WebhookDelivery.min<Date | string | null, WebhookDeliveryRow>('nextAttemptAt', {
    where: { status: 'pending', nextAttemptAt: { [Op.lte]: clock.now() } },
  });
  if (!oldest) return 0;
  return Math.max(0, (clock.now().getTime() - timestampFromRaw(oldest).getTime()) / 1000);
}
