// `evenpay/v1`: the typed client for the deprecated v1 charges API (HTTP Basic with the key
// pair). Every call logs a one-time deprecation warning naming its v2 successor.
import type { Client } from 'openapi-fetch';
import type { paths } from '../../generated/v1/client.js';
import { buildClient, type CommonOptions, type WithOptionalIdempotencyKey } from './client.js';

export type { components, operations, paths } from '../../generated/v1/client.js';
export { type CommonOptions, requestIdOf } from './client.js';
export { EvenpayConnectionError, EvenpayError, type Problem, type ProblemFieldError } from './errors.js';

export interface EvenpayV1ClientOptions extends CommonOptions {
  /** `pk_test_…` / `pk_live_…`; a partner, which has none, leaves it out (and names the `merchant`). */
  publicKey?: string;
  /** `sk_test_…` / `sk_live_…` */
  secretKey: string;
}

export function createEvenpayClient(options: EvenpayV1ClientOptions): Client<WithOptionalIdempotencyKey<paths>> {
  const credentials = Buffer.from(`${options.publicKey ?? ''}:${options.secretKey}`).toString('base64');
  return buildClient<WithOptionalIdempotencyKey<paths>>(`Basic ${credentials}`, 'https://api.evenpay.com/v1', options);
}
