// `evenpay/v1`: the typed client for the deprecated v1 charges API (HTTP Basic with the key
// pair). Every call logs a one-time deprecation warning naming its v2 successor.
//   const evenpay = createEvenpayClient({ publicKey, secretKey });
//   const charge = await evenpay.charges.capture(chargeId, { amount: 40000 });
import type { Client } from 'openapi-fetch';
import type { paths } from '../../generated/v1/client.js';
import { type Resources, resourceMethods } from '../../generated/v1/resources.js';
import { buildClient, type CommonOptions, type WithOptionalIdempotencyKey } from './client.js';
import { buildResources } from './resources.js';

export type { components, operations, paths } from '../../generated/v1/client.js';
export type * from '../../generated/v1/resources.js';
export { type CommonOptions, requestIdOf } from './client.js';
export * from './errors.js';

export interface EvenpayV1ClientOptions extends CommonOptions {
  /** `pk_test_…` / `pk_live_…`; a partner, which has none, leaves it out (and names the `merchant`). */
  publicKey?: string;
  /** `sk_test_…` / `sk_live_…` */
  secretKey: string;
}

export type EvenpayV1Client = Client<WithOptionalIdempotencyKey<paths>> & Resources;

export function createEvenpayClient(options: EvenpayV1ClientOptions): EvenpayV1Client {
  const credentials = Buffer.from(`${options.publicKey ?? ''}:${options.secretKey}`).toString('base64');
  const client = buildClient<WithOptionalIdempotencyKey<paths>>(`Basic ${credentials}`, 'https://api.evenpay.com/v1', options);
  return Object.assign(client, buildResources<Resources>(client as unknown as Client<never>, resourceMethods));
}
