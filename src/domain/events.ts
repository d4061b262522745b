// Every state change writes an event row in the same database transaction as the change, so an
// event exists exactly when its change was committed. Recording an event also writes its outbox:
// one delivery row per subscribed webhook endpoint, in the same transaction, so an event is
// delivered exactly when its change committed, and never lost if the process dies right after.
import { Op, type Transaction } from 'sequelize';
import type { components } from '../../generated/v2/client.js';
import type {
  ApiKeyRow,
  CheckoutRow,
  DisputeRow,
  EventRow,
  MerchantRow,
  Models,
  PayoutRow,
  PlanTermRow,
  TransactionRow,
  WebhookDeliveryRow,
  WebhookEndpointRow,
} from '../data/models/index.js';
import { type Page, type PageRequest, paginate } from '../data/pagination.js';
import { AppError } from '../kernel/errors.js';
import { isPartner, type Owner, type Subscriber, scopeOf, subscriberScopeOf } from '../kernel/owner.js';
import type { ReadContext, WriteContext } from './context.js';
import { newId } from './ids.js';
import { snapshotOf } from './snapshots.js';

/** The event types this service records (the spec's open `EventType` also admits later ones). */
export type EventType = components['schemas']['KnownEventType'];

/** The kinds of object an event is about (an event's `data.object`). */
export type EventObjectType = EventRow['objectType'];

/**
 * Which object each event type is about. Exhaustive over the spec's event types: a new event type
 * without an entry here fails to compile, instead of being stored as some other object's event.
 */
const OBJECT_TYPE_OF = {
  'checkout.confirmed': 'checkout',
  'checkout.declined': 'checkout',
  'checkout.canceled': 'checkout',
  'checkout.expired': 'checkout',
  'transaction.authorized': 'transaction',
  'transaction.captured': 'transaction',
  'transaction.refunded': 'transaction',
  'transaction.voided': 'transaction',
  'transaction.updated': 'transaction',
  'transaction.expired': 'transaction',
  'webhook_endpoint.disabled': 'webhook_endpoint',
  'webhook_endpoint.enabled': 'webhook_endpoint',
  'merchant.updated': 'merchant',
  'api_key.created': 'api_key',
  'api_key.rolled': 'api_key',
  'api_key.revoked': 'api_key',
  'payout.created': 'payout',
  'payout.paid': 'payout',
  'payout.failed': 'payout',
  'dispute.created': 'dispute',
  'dispute.updated': 'dispute',
  'dispute.closed': 'dispute',
} as const satisfies Record<EventType, EventObjectType>;

/** The object of each kind that an event of that kind is recorded with (a merchant's webhook endpoint: a partner's has no events). */
interface EventObjects {
  checkout: CheckoutRow;
  transaction: TransactionRow;
  webhook_endpoint: WebhookEndpointRow & { merchantId: string };
  /** A merchant's key (a partner's own keys have no merchant: their changes are not events). */
  api_key: ApiKeyRow;
  dispute: DisputeRow;
}

/** The event types about an object that belongs to a merchant (a merchant's own events: recordMerchantEvent; a payout's: recordPayoutEvent). */
type ObjectEventType = { [T in EventType]: (typeof OBJECT_TYPE_OF)[T] extends keyof EventObjects ? T : never }[EventType];

/** What an event is about, whose it is and in which mode, and the object right after the change. */
interface EventSubject {
  objectId: string;
  merchantId: string;
  /** The partner the merchant belongs to, when the caller knows it (else it is read). */
  partnerId?: string | null;
  livemode: boolean;
  snapshot: string;
}

async function writeEvent(context: WriteContext, type: EventType, subject: EventSubject, amount: number | null): Promise<EventRow> {
  const { models, transaction } = context;
  const partnerId =
    subject.partnerId !== undefined
      ? subject.partnerId
      : ((await models.Merchant.findByPk(subject.merchantId, { attributes: ['id', 'partnerId'], transaction }))?.partnerId ?? null);
  const event = await context.models.Event.create(
    {
      id: newId('evt'),
      merchantId: subject.merchantId,
      partnerId,
      livemode: subject.livemode,
      type,
      objectType: OBJECT_TYPE_OF[type],
      objectId: subject.objectId,
      amount,
      requestId: context.requestId,
      actingPartnerId: context.actingPartnerId ?? null,
      snapshot: subject.snapshot,
      createdAt: context.clock.now(),
    },
    { transaction: context.transaction },
  );
  await enqueueDeliveries(context.models, event, context.clock.now(), context.transaction);
  return event;
}

/** Records an event of `type` about `object` (which must be of the type's kind: checked by the compiler). */
export function recordEvent<T extends ObjectEventType>(
  context: WriteContext,
  type: T,
  object: EventObjects[(typeof OBJECT_TYPE_OF)[T] & keyof EventObjects],
  amount: number | null = null,
): Promise<EventRow> {
  return writeEvent(context, type, { objectId: object.id, merchantId: object.merchantId, livemode: object.livemode, snapshot: snapshotOf(object) }, amount);
}

/** The merchant as an event keeps it: its row and plan terms, and the mode the event is in. */
export interface MerchantSnapshot {
  merchant: ReturnType<MerchantRow['get']>;
  planTerms: Array<ReturnType<PlanTermRow['get']>>;
}

/**
 * Records a change of the merchant itself (`merchant.updated`), in the mode it happened in: a
 * merchant a partner onboarded exists in one mode; an operator's has both, and the event is in
 * the mode of the key that changed it.
 */
export function recordMerchantEvent(
  context: WriteContext,
  type: 'merchant.updated',
  { merchant, planTerms }: { merchant: MerchantRow; planTerms: PlanTermRow[] },
  livemode: boolean,
): Promise<EventRow> {
  const snapshot: MerchantSnapshot = { merchant: merchant.get({ plain: true }), planTerms: planTerms.map((term) => term.get({ plain: true })) };
  return writeEvent(
    context,
    type,
    { objectId: merchant.id, merchantId: merchant.id, partnerId: merchant.partnerId, livemode, snapshot: JSON.stringify(snapshot) },
    null,
  );
}

/** A payout as an event keeps it: its row and the totals of the entries it settles (fixed when it is made). */
export interface PayoutSnapshot {
  payout: ReturnType<PayoutRow['get']>;
  entryTotals: PayoutEntryTotal[];
}

/** What the entries a payout settles add up to, per type (domain/payouts.ts entryTotals). */
export interface PayoutEntryTotal {
  type: string;
  count: number;
  amount: number;
  fee: number;
  net: number;
}

/** Records a change of a payout (`payout.created`, `.paid`, `.failed`), with the totals its view shows. */
export function recordPayoutEvent(
  context: WriteContext,
  type: 'payout.created' | 'payout.paid' | 'payout.failed',
  payout: PayoutRow,
  entryTotals: PayoutEntryTotal[],
): Promise<EventRow> {
  const snapshot: PayoutSnapshot = { payout: payout.get({ plain: true }), entryTotals };
  return writeEvent(
    context,
    type,
    { objectId: payout.id, merchantId: payout.merchantId, partnerId: payout.partnerId, livemode: payout.livemode, snapshot: JSON.stringify(snapshot) },
    null,
  );
}

/** Whether an endpoint receives events of this type. */
export function subscribes(endpoint: Pick<WebhookEndpointRow, 'enabledEvents' | 'status' | 'deletedAt'>, eventType: string): boolean {
  return endpoint.status === 'enabled' && !endpoint.deletedAt && (endpoint.enabledEvents.includes('*') || endpoint.enabledEvents.includes(eventType));
}

/**
 * The outbox rows of an event: one per subscribed endpoint of its merchant and of the partner the
 * merchant belongs to, in the event's mode. A redelivery goes to one subscriber's endpoints only
 * (`to`), or to the one endpoint named.
 */
export async function enqueueDeliveries(
  models: Models,
  event: Pick<EventRow, 'id' | 'type' | 'merchantId' | 'partnerId' | 'livemode'>,
  now: Date,
  transaction: Transaction | undefined,
  { to, endpointId: onlyEndpointId }: { to?: Subscriber; endpointId?: string } = {},
): Promise<WebhookDeliveryRow[]> {
  const subscribers = to ? [subscriberScopeOf(to)] : [{ merchantId: event.merchantId }, ...(event.partnerId ? [{ partnerId: event.partnerId }] : [])];
  const endpoints = await models.WebhookEndpoint.findAll({
    where: { [Op.or]: subscribers, livemode: event.livemode, deletedAt: null, ...(onlyEndpointId ? { id: onlyEndpointId } : {}) },
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

/** The subscriber's event (a merchant's own, or one of a partner's merchants'); a write passes its transaction. */
export async function findEvent(models: Models, owner: Subscriber, id: string, transaction?: Transaction): Promise<EventRow> {
  const event = await models.Event.findOne({ where: { ...subscriberScopeOf(owner), id }, transaction });
  if (!event) throw new AppError('resource_not_found', `No event ${id} exists for this ${isPartner(owner) ? 'partner' : 'merchant'}.`);
  return event;
}

export function getEvent({ models }: ReadContext, owner: Subscriber, { id }: { id: string }): Promise<EventRow> {
  return findEvent(models, owner, id);
}

/** The subscriber's events, newest first; `merchant` narrows a partner's to one of its merchants. */
export function listEvents(
  { models }: ReadContext,
  owner: Subscriber,
  { page, type, merchant }: { page: PageRequest; type?: EventType | undefined; merchant?: string | undefined },
): Promise<Page<EventRow>> {
  // `merchant` is ANDed with the scope, never in place of it: a merchant's key naming another merchant finds nothing.
  return paginate(models.Event, subscriberScopeOf(owner), page, { ...(type ? { type } : {}), ...(merchant ? { [Op.and]: [{ merchantId: merchant }] } : {}) });
}

/** How many events an expansion carries at most (the spec's maxItems); GET /events lists the rest. */
export const EXPANDED_EVENTS_LIMIT = 1000;

/** An object's events, oldest first, the first EXPANDED_EVENTS_LIMIT of them. */
export function eventsOf({ models }: ReadContext, owner: Owner, { objectId }: { objectId: string }): Promise<EventRow[]> {
  return models.Event.findAll({ where: { ...scopeOf(owner), objectId }, order: [['seq', 'ASC']], limit: EXPANDED_EVENTS_LIMIT });
}
