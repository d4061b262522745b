// The fetch every SDK call goes through: authentication, an Idempotency-Key per logical POST
// (the same key on every retry of it, so a retry can never apply twice), a fresh timeout per
// attempt, and retries with exponential backoff and full jitter on network errors, timeouts,
// 408, 409 (a request with the same key still in flight), 429 and 5xx, honouring Retry-After.
import { EvenpayConnectionError } from './errors.js';

export interface RetryOptions {
  /** Retries after the first attempt (default 2). */
  maxRetries: number;
  /** First backoff step; doubles each retry (default 500 ms). */
  baseDelayMs: number;
  /** Longest wait between attempts, Retry-After included (default 20 s). */
  maxDelayMs: number;
}

export interface TransportOptions extends RetryOptions {
  /** `Authorization` header value. */
  authorization: string;
  /** Per attempt, in milliseconds (default 30 s). */
  timeoutMs: number;
  fetch: typeof globalThis.fetch;
  /** Adds `Idempotency-Key` to POSTs that do not carry one. */
  newIdempotencyKey: () => string;
  /** For partners: the merchant every request acts for (`Evenpay-Merchant`) unless the call names another. */
  merchant?: string | undefined;
  /** Test seam: how to wait. */
  sleep?: (ms: number) => Promise<void>;
  userAgent: string;
}

const RETRYABLE_STATUS = new Set([408, 409, 429]);

function retryable(status: number): boolean {
  return RETRYABLE_STATUS.has(status) || status >= 500;
}

/** Retry-After is seconds or an HTTP-date. */
function retryAfterMs(response: Response | undefined): number | undefined {
  const value = response?.headers.get('retry-after');
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

export function backoffMs(attempt: number, options: RetryOptions, response?: Response): number {
  const told = retryAfterMs(response);
  if (told !== undefined) return Math.min(told, options.maxDelayMs);
  const ceiling = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** attempt);
  return Math.random() * ceiling;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function createTransport(options: TransportOptions): (request: Request) => Promise<Response> {
  const sleep = options.sleep ?? defaultSleep;
  return async (request) => {
    const headers = new Headers(request.headers);
    headers.set('Authorization', options.authorization);
    headers.set('User-Agent', options.userAgent);
    if (request.method === 'POST' && !headers.has('Idempotency-Key')) headers.set('Idempotency-Key', options.newIdempotencyKey());
    if (options.merchant !== undefined && !headers.has('Evenpay-Merchant')) headers.set('Evenpay-Merchant', options.merchant);
    // Read the body once; every attempt sends the same bytes.
    const body = request.body ? await request.arrayBuffer() : undefined;
    let lastError: unknown;
    for (let attempt = 0; ; attempt++) {
      const timeout = AbortSignal.timeout(options.timeoutMs);
      const signal = request.signal ? AbortSignal.any([request.signal, timeout]) : timeout;
      let response: Response | undefined;
      try {
        response = await options.fetch(request.url, { method: request.method, headers, body, signal, redirect: 'manual' });
        if (!retryable(response.status) || attempt >= options.maxRetries) return response;
      } catch (error) {
        if (request.signal?.aborted) throw error; // the caller gave up: do not retry
        lastError = error;
        if (attempt >= options.maxRetries) {
          const reason = timeout.aborted ? `timed out after ${options.timeoutMs} ms` : (error as Error).message;
          throw new EvenpayConnectionError(`${request.method} ${request.url} failed after ${attempt + 1} attempt(s): ${reason}`, attempt + 1, lastError);
        }
      }
      // Drain a retried answer so its connection can be reused.
      await response?.arrayBuffer().catch(() => undefined);
      await sleep(backoffMs(attempt, options, response));
    }
  };
}
