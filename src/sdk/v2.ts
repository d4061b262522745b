// `evenpay/v2`: the typed client for the v2 transactions API.
//   const evenpay = createEvenpayClient({ apiKey: process.env.EVENPAY_SECRET_KEY });
//   const { data } = await evenpay.POST('/transactions/{transactionId}/capture', { params: { path: { transactionId } }, body: {} });
//   for await (const tx of evenpay.paginate('/transactions', { status: 'captured' })) …
// A partner acting for one of its merchants: createEvenpayClient({ apiKey: partnerKey, merchant: 'mer_…' }).
import type { Client } from 'openapi-fetch';
import type { paths } from '../../generated/v2/client.js';
import { buildClient, type CommonOptions, type WithOptionalIdempotencyKey } from './client.js';
import { paginator } from './paginate.js';

export type { components, operations, paths } from '../../generated/v2/client.js';
export { type CommonOptions, requestIdOf } from './client.js';
export { EvenpayConnectionError, EvenpayError, type Problem, type ProblemFieldError } from './errors.js';
export { computeSignature, signatureHeader, verifyWebhookSignature, WebhookSignatureError } from './webhooks.js';

export interface EvenpayClientOptions extends CommonOptions {
  /** Your secret key, `sk_test_…` or `sk_live_…` (a merchant's, or a partner's with `merchant`). */
  apiKey: string;
}

/** The spec's paths, with `Idempotency-Key` optional everywhere: the SDK sends one for you. */
export type SdkPaths = WithOptionalIdempotencyKey<paths>;

export type EvenpayClient = Client<SdkPaths> & { paginate: ReturnType<typeof paginator<SdkPaths>> };

export function createEvenpayClient(options: EvenpayClientOptions): EvenpayClient {
  const client = buildClient<SdkPaths>(`Bearer ${options.apiKey}`, 'https://api.evenpay.com/v2', options);
  return Object.assign(client, { paginate: paginator(client) });
}
