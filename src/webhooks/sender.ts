// One HTTP attempt to a webhook endpoint: node:http(s) with the guarded DNS lookup, a timeout,
// and the answer read up to a size cap (a hostile endpoint cannot make us buffer gigabytes).
import http from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';
import { type AddressPolicy, allowed, classify, guardedLookup } from '../domain/webhook-address-policy.js';

export interface AttemptResult {
  status: number | null;
  latencyMs: number;
  error: string | null;
}

export const RESPONSE_BODY_CAP_BYTES = 64 * 1024;

export function send(url: string, body: string, headers: Record<string, string>, options: AddressPolicy & { timeoutMs: number }): Promise<AttemptResult> {
  const started = Date.now();
  const target = new URL(url);
  const client = target.protocol === 'https:' ? https : http;
  // An IP literal never goes through the DNS lookup: check it here.
  const literal = target.hostname.replace(/^\[|\]$/g, '');
  if (isIP(literal) && !allowed(literal, options)) {
    return Promise.resolve({ status: null, latencyMs: 0, error: `EADDRNOTALLOWED: ${literal} is a ${classify(literal)} address` });
  }
  return new Promise((resolve) => {
    let settled = false;
    let answered: number | null = null;
    let deadline: NodeJS.Timeout | undefined;
    const finish = (status: number | null, error: string | null) => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      resolve({ status, latencyMs: Date.now() - started, error });
    };
    const request = client.request(
      target,
      {
        method: 'POST',
        headers: { ...headers, 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) },
        lookup: guardedLookup(options) as never,
        timeout: options.timeoutMs,
      },
      (response) => {
        answered = response.statusCode ?? null;
        let read = 0;
        response.on('data', (chunk: Buffer) => {
          read += chunk.length;
          if (read > RESPONSE_BODY_CAP_BYTES) response.destroy();
        });
        const status = response.statusCode ?? null;
        const done = () => finish(status, status !== null && status >= 200 && status < 300 ? null : `HTTP ${status}`);
        response.on('end', done);
        response.on('close', done);
        response.on('error', done);
      },
    );
    // The socket timeout only fires while the connection is idle: an endpoint trickling its answer
    // a byte at a time would hold the attempt (and the dispatcher) past its lease. The timeout
    // bounds the whole attempt.
    deadline = setTimeout(() => {
      finish(answered, `timed out after ${options.timeoutMs} ms`);
      request.destroy();
    }, options.timeoutMs);
    request.on('timeout', () => {
      request.destroy();
      finish(null, `timed out after ${options.timeoutMs} ms`);
    });
    request.on('error', (error: NodeJS.ErrnoException) => finish(null, (error.code ? `${error.code}: ` : '') + error.message));
    request.end(body);
  });
}
