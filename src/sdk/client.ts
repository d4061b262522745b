// The shared part of every version's client: the openapi-fetch client over our transport, with
// problem answers thrown as EvenpayError and deprecation warnings.
import { randomUUID } from 'node:crypto';
import createClient, { type Client } from 'openapi-fetch';
import { deprecationWarnings, type Logger } from './deprecation-warnings.js';
import { errorFrom } from './errors.js';
import { createTransport } from './transport.js';

export interface CommonOptions {
  /** Defaults to the production API of the version. */
  baseUrl?: string;
  /** Per attempt (default 30 000). */
  timeoutMs?: number;
  /** Retries after the first attempt (default 2). */
  maxRetries?: number;
  /** Backoff tuning: first step and ceiling in ms (defaults 500 and 20 000). */
  retryDelayMs?: { base?: number; max?: number };
  /** Your fetch (tests, proxies); defaults to the global one. */
  fetch?: typeof globalThis.fetch;
  /** Where deprecation warnings go (default console). */
  logger?: Logger;
  /** Appended to the User-Agent, e.g. `my-shop/3.2`. */
  appInfo?: string;
  /**
   * For partners: the merchant (`mer_…`) every call acts for, sent as `Evenpay-Merchant`. A call
   * may name another in its own `params.header`. Leave it out for the partner's own operations
   * (onboarding merchants, its own webhook endpoints and keys).
   */
  merchant?: string;
}

export const SDK_VERSION = '0.1.0';

type OptionalKey<Header> = Header extends { 'Idempotency-Key': infer Value } ? Omit<Header, 'Idempotency-Key'> & { 'Idempotency-Key'?: Value } : Header;
type RelaxOperation<Op> = Op extends { parameters: infer Params extends { header?: unknown } }
  ? Omit<Op, 'parameters'> & { parameters: Omit<Params, 'header'> & { header?: OptionalKey<NonNullable<Params['header']>> } }
  : Op;

/** The spec's paths with a required `Idempotency-Key` header made optional: the transport adds one. */
export type WithOptionalIdempotencyKey<Paths> = {
  [P in keyof Paths]: { [M in keyof Paths[P]]: M extends 'post' ? RelaxOperation<Paths[P][M]> : Paths[P][M] };
};

export function buildClient<Paths extends {}>(authorization: string, defaultBaseUrl: string, options: CommonOptions): Client<Paths> {
  const transport = createTransport({
    authorization,
    timeoutMs: options.timeoutMs ?? 30_000,
    maxRetries: options.maxRetries ?? 2,
    baseDelayMs: options.retryDelayMs?.base ?? 500,
    maxDelayMs: options.retryDelayMs?.max ?? 20_000,
    fetch: options.fetch ?? globalThis.fetch,
    newIdempotencyKey: randomUUID,
    merchant: options.merchant,
    userAgent: `evenpay-node/${SDK_VERSION}${options.appInfo ? ` ${options.appInfo}` : ''}`,
  });
  const client = createClient<Paths>({ baseUrl: options.baseUrl ?? defaultBaseUrl, fetch: transport });
  client.use(deprecationWarnings(options.logger ?? console));
  client.use({
    async onResponse({ response }) {
      if (!response.ok) throw await errorFrom(response);
      return undefined;
    },
  });
  return client;
}

/** The `Request-Id` of an answer, to quote to support. */
export function requestIdOf(result: { response: Response }): string | undefined {
  return result.response.headers.get('request-id') ?? undefined;
}
