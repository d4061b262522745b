// Webhook endpoints: registration (with the SSRF check), listing, deletion, re-enabling after
// they were disabled, and secret rotation with an overlap window during which deliveries carry
// both signatures.
import type { Transaction } from 'sequelize';
import type { Models, WebhookEndpointRow } from '../data/models/index.js';
import { type Page, type PageRequest, paginate } from '../data/pagination.js';
import { AppError } from '../kernel/errors.js';
import { isPartner, type Subscriber, subscriberScopeOf } from '../kernel/owner.js';
import type { ReadContext, WriteContext } from './context.js';
import { recordEvent } from './events.js';
import { newId, secretBase62 } from './ids.js';
import { type AddressPolicy, allowed, classify, resolveAll } from './webhook-address-policy.js';

export const DEFAULT_ROTATION_OVERLAP_SECONDS = 24 * 60 * 60;

/**
 * Refuses non-http(s) URLs and hosts resolving to private, loopback or link-local addresses.
 * `pointer`: the request field the URL came from, when it came in this request.
 */
export async function assertDeliverable(url: string, owner: Subscriber, allowLocalhostForSandbox: boolean, pointer?: string): Promise<void> {
  const refuse = (detail: string) =>
    new AppError('webhook_url_not_allowed', detail, pointer ? { errors: [{ pointer, detail: 'must be an http(s) URL on the public internet' }] } : {});
  const target = new URL(url);
  if (target.protocol !== 'https:' && target.protocol !== 'http:') throw refuse(`${target.protocol} URLs cannot receive webhooks; use https://.`);
  if (target.username || target.password) throw refuse('Webhook URLs may not carry credentials.');
  const policy: AddressPolicy = { allowLoopback: allowLocalhostForSandbox && !owner.livemode };
  let addresses: string[];
  try {
    addresses = await resolveAll(target.hostname);
  } catch {
    throw refuse(`${target.hostname} does not resolve.`);
  }
  const forbidden = addresses.find((address) => !allowed(address, policy));
  if (forbidden)
    throw refuse(`${target.hostname} resolves to ${forbidden}, a ${classify(forbidden)} address; webhook endpoints must be reachable on the public internet.`);
}

const newSecret = () => `whsec_${secretBase62(32)}`;

/** `allowLocalhostForSandbox`: the service's setting (never in production). */
export async function createEndpoint(
  context: WriteContext,
  owner: Subscriber,
  input: { url: string; enabledEvents: string[]; apiVersion: string; allowLocalhostForSandbox: boolean },
): Promise<WebhookEndpointRow> {
  await assertDeliverable(input.url, owner, input.allowLocalhostForSandbox, '/url');
  return context.models.WebhookEndpoint.create(
    {
      id: newId('whe'),
      // A partner's endpoint receives the events of all its merchants.
      ...(isPartner(owner) ? { merchantId: null, partnerId: owner.partnerId } : { merchantId: owner.merchantId, partnerId: null }),
      livemode: owner.livemode,
      url: input.url,
      enabledEvents: input.enabledEvents,
      apiVersion: input.apiVersion,
      status: 'enabled',
      secret: newSecret(),
      previousSecret: null,
      previousSecretExpiresAt: null,
      failingSince: null,
      deletedAt: null,
      createdAt: context.clock.now(),
    },
    { transaction: context.transaction },
  );
}

/** The owner's endpoint (not deleted); `lock`: held until the transaction ends, as the dispatcher holds it to disable one. */
export async function findEndpoint(
  models: Models,
  owner: Subscriber,
  id: string,
  transaction?: Transaction,
  { lock = false } = {},
): Promise<WebhookEndpointRow> {
  const endpoint = await models.WebhookEndpoint.findOne({
    where: { ...subscriberScopeOf(owner), id, deletedAt: null },
    transaction,
    ...(lock && transaction ? { lock: transaction.LOCK.UPDATE } : {}),
  });
  if (!endpoint) throw new AppError('resource_not_found', `No webhook endpoint ${id} exists for this ${isPartner(owner) ? 'partner' : 'merchant'}.`);
  return endpoint;
}

export function listEndpoints({ models }: ReadContext, owner: Subscriber, { page }: { page: PageRequest }): Promise<Page<WebhookEndpointRow>> {
  return paginate(models.WebhookEndpoint, subscriberScopeOf(owner), page, { deletedAt: null });
}

export async function deleteEndpoint({ models, clock, transaction }: WriteContext, owner: Subscriber, { id }: { id: string }): Promise<void> {
  const endpoint = await findEndpoint(models, owner, id, transaction);
  await endpoint.update({ deletedAt: clock.now(), status: 'disabled' }, { transaction });
  // Pending retries stop with it.
  await models.WebhookDelivery.update({ status: 'failed', nextAttemptAt: null }, { where: { endpointId: id, status: 'pending' }, transaction });
}

export async function rotateSecret(
  { models, clock, transaction }: WriteContext,
  owner: Subscriber,
  { id, overlapSeconds }: { id: string; overlapSeconds: number },
): Promise<WebhookEndpointRow> {
  const endpoint = await findEndpoint(models, owner, id, transaction);
  const now = clock.now();
  await endpoint.update(
    { previousSecret: endpoint.secret, previousSecretExpiresAt: new Date(now.getTime() + overlapSeconds * 1000), secret: newSecret() },
    { transaction },
  );
  return endpoint;
}

/**
 * Turns an endpoint disabled after 3 days of failures back on, with its failures forgotten (so
 * it has 3 days again) and its URL checked again as at registration. An enabled one is left as is.
 */
export async function enableEndpoint(
  context: WriteContext,
  owner: Subscriber,
  { id, allowLocalhostForSandbox }: { id: string; allowLocalhostForSandbox: boolean },
): Promise<WebhookEndpointRow> {
  const endpoint = await findEndpoint(context.models, owner, id, context.transaction, { lock: true });
  if (endpoint.status === 'enabled') return endpoint;
  await assertDeliverable(endpoint.url, owner, allowLocalhostForSandbox);
  await endpoint.update({ status: 'enabled', failingSince: null }, { transaction: context.transaction });
  if (isMerchantEndpoint(endpoint)) await recordEvent(context, 'webhook_endpoint.enabled', endpoint);
  return endpoint;
}

/**
 * A merchant's endpoint (its changes are events of the merchant); a partner's has no merchant,
 * so its being disabled or enabled is told by its own status and the logs, not by an event.
 */
export function isMerchantEndpoint(endpoint: WebhookEndpointRow): endpoint is WebhookEndpointRow & { merchantId: string } {
  return endpoint.merchantId !== null;
}

/** The secrets that sign a delivery now: the current one, and the previous one while it overlaps. */
export function signingSecrets(endpoint: WebhookEndpointRow, now: Date): string[] {
  const overlapping = endpoint.previousSecret && endpoint.previousSecretExpiresAt && endpoint.previousSecretExpiresAt > now;
  return overlapping ? [endpoint.secret, endpoint.previousSecret!] : [endpoint.secret];
}
