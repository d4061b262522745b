// `evenpay/v2`: the typed client for the v2 API.
//   const evenpay = createEvenpayClient({ apiKey: process.env.EVENPAY_SECRET_KEY ?? '' });
//   const transaction = await evenpay.transactions.capture(transactionId, { amount: 40000 });
//   for await (const checkout of evenpay.checkouts.list({ limit: 100 })) …
//   const event = constructEvent(rawBody, request.headers['evenpay-signature'], secret);
// The path-template API stays underneath: evenpay.POST('/transactions/{transactionId}/capture', …),
// evenpay.paginate('/transactions', { status: 'captured' }).
// A partner acting for one of its merchants: createEvenpayClient({ apiKey: partnerKey, merchant: 'mer_…' }),
// or per call: evenpay.checkouts.create(body, { merchant: 'mer_…' }).
import type { Client } from 'openapi-fetch';
import type { paths } from '../../generated/v2/client.js';
import { type EvenpayEvent, type Resources, resourceMethods } from '../../generated/v2/resources.js';
import { buildClient, type CommonOptions, type WithOptionalIdempotencyKey } from './client.js';
import { paginator } from './paginate.js';
import { buildResources } from './resources.js';
import { parseVerifiedEvent } from './webhooks.js';

export type { components, operations, paths } from '../../generated/v2/client.js';
export type * from '../../generated/v2/resources.js';
export { type CommonOptions, requestIdOf } from './client.js';
export * from './errors.js';
export { computeSignature, signatureHeader, verifyWebhookSignature, WebhookSignatureError } from './webhooks.js';

export interface EvenpayClientOptions extends CommonOptions {
  /**
   * Your secret key, `sk_test_…` or `sk_live_…` (a merchant's, or a partner's with `merchant`); or
   * your publishable key, `pk_test_…`, for the one method that takes it: `promotions.retrieve`.
   */
  apiKey: string;
}

/** The spec's paths, with `Idempotency-Key` optional everywhere: the SDK sends one for you. */
export type SdkPaths = WithOptionalIdempotencyKey<paths>;

export type EvenpayClient = Client<SdkPaths> & Resources & { paginate: ReturnType<typeof paginator<SdkPaths>> };

export function createEvenpayClient(options: EvenpayClientOptions): EvenpayClient {
  const client = buildClient<SdkPaths>(`Bearer ${options.apiKey}`, 'https://api.evenpay.com/v2', options);
  return Object.assign(client, buildResources<Resources>(client as unknown as Client<never>, resourceMethods), { paginate: paginator(client) });
}

/**
 * Verifies a webhook delivery and returns its event, typed: switch on `event.type` and
 * `event.data.object` is that event's object. Pass the raw body exactly as received. Throws
 * WebhookSignatureError when the signature does not hold or is older than `toleranceSec` (300).
 */
export function constructEvent(
  rawBody: string | Uint8Array,
  header: string | null | undefined,
  secret: string,
  options: { toleranceSec?: number; now?: Date } = {},
): EvenpayEvent {
  return parseVerifiedEvent<EvenpayEvent>(rawBody, header, secret, options);
}
