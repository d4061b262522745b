// Every state change writes an event row in the same database transaction as the change, so an
// event exists exactly when its change was committed.
import type { Transaction } from 'sequelize';
import type { components } from '../../generated/v2/client.js';
import type { CheckoutRow, EventRow, Models, TransactionRow, WebhookEndpointRow } from '../data/models/index.js';
import { paginate, type Page, type PageRequest } from '../data/pagination.js';
import { scopeOf, type Owner, type WriteContext } from './context.js';
import { AppError } from './errors.js';
import { newId } from './ids.js';
import { snapshotOf } from './snapshots.js';
import { enqueueDeliveries } from '../webhooks/outbox.js';

/** The event types this service records (the spec's open `EventType` also admits later ones). */
export type EventType = components['schemas']['KnownEventType'];

export async function recordEvent(
  context: WriteContext,
  type: EventType,
  object: CheckoutRow | TransactionRow | WebhookEndpointRow,
  amount: number | null = null,
): Promise<EventRow> {
  const event = await context.models.Event.create(
    {
      id: newId('evt'),
      merchantId: object.merchantId,
      livemode: object.livemode,
      type,
      objectType: type.startsWith('checkout.') ? 'checkout' : type.startsWith('webhook_endpoint.') ? 'webhook_endpoint' : 'transaction',
      objectId: object.id,
      amount,
      requestId: context.requestId,
      snapshot: snapshotOf(object),
      createdAt: context.clock.now(),
    },
    { transaction: context.transaction },
  );
  await enqueueDeliveries(context.models, event, context.clock.now(), context.transaction);
  return event;
}

/** Inside a transaction, pass it: every query of a write runs on the write's own connection. */
export async function getEvent(models: Models, owner: Owner, id: string, transaction?: Transaction): Promise<EventRow> {
  const event = await models.Event.findOne({ where: { ...scopeOf(owner), id }, transaction });
  if (!event) throw new AppError('resource_not_found', `No event ${id} exists for this merchant.`);
  return event;
}

export function listEvents(models: Models, owner: Owner, page: PageRequest, type?: EventType): Promise<Page<EventRow>> {
  return paginate(models.Event, scopeOf(owner), page, type ? { type } : {});
}

/** How many events an expansion carries at most (the spec's maxItems); GET /events lists the rest. */
export const EXPANDED_EVENTS_LIMIT = 1000;

/** An object's events, oldest first, the first EXPANDED_EVENTS_LIMIT of them. */
export function eventsOf(models: Models, owner: Owner, objectId: string): Promise<EventRow[]> {
  return models.Event.findAll({ where: { ...scopeOf(owner), objectId }, order: [['seq', 'ASC']], limit: EXPANDED_EVENTS_LIMIT });
}
