// Drives autocannon (in this process) against one target and keeps the figures the report needs.
import { randomUUID } from 'node:crypto';
import autocannon from 'autocannon';

export interface LoadRequest {
  method: 'GET' | 'POST';
  path: string;
  headers?: Record<string, string>;
  /** A fixed JSON body, or one made per request (fresh ids). */
  body?: unknown;
  /** Send a fresh `Idempotency-Key` (a UUID) with every request. */
  freshIdempotencyKey?: boolean;
  /** Build the body anew for every request. */
  bodyPerRequest?: () => unknown;
}

export interface LoadOptions {
  durationSeconds: number;
  connections: number;
  warmupSeconds: number;
}

export interface LoadFigures {
  /** Mean requests per second (autocannon's per-second samples). */
  reqPerSec: number;
  /** Responses received in the measured window. */
  requests: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** Connection errors, timeouts included. */
  errors: number;
  timeouts: number;
  non2xx: number;
  statusCodes: Record<string, number>;
  durationSeconds: number;
}

function run(url: string, request: LoadRequest, connections: number, seconds: number): Promise<autocannon.Result> {
  const headers = { ...(request.body !== undefined || request.bodyPerRequest ? { 'content-type': 'application/json' } : {}), ...request.headers };
  const dynamic = request.freshIdempotencyKey || request.bodyPerRequest;
  const options: autocannon.Options = {
    url,
    connections,
    duration: seconds,
    method: request.method,
    headers,
    ...(request.body !== undefined ? { body: JSON.stringify(request.body) } : {}),
    ...(dynamic
      ? {
          requests: [
            {
              method: request.method,
              path: request.path,
              setupRequest: (req: autocannon.Request) => ({
                ...req,
                headers: { ...req.headers, ...headers, ...(request.freshIdempotencyKey ? { 'idempotency-key': randomUUID() } : {}) },
                ...(request.bodyPerRequest ? { body: JSON.stringify(request.bodyPerRequest()) } : {}),
              }),
            },
          ],
        }
      : {}),
  };
  return autocannon(options);
}

/** The discarded warm-up before a measurement (JIT, connection pools, caches). */
export async function warmUp(baseUrl: string, request: LoadRequest, options: LoadOptions): Promise<void> {
  if (options.warmupSeconds > 0) await run(`${baseUrl}${request.path}`, request, options.connections, options.warmupSeconds);
}

/** The measured run. */
export async function measure(baseUrl: string, request: LoadRequest, options: LoadOptions): Promise<LoadFigures> {
  const result = await run(`${baseUrl}${request.path}`, request, options.connections, options.durationSeconds);
  const statusCodes: Record<string, number> = {};
  for (const [code, stat] of Object.entries(result.statusCodeStats ?? {})) statusCodes[code] = stat.count ?? 0;
  return {
    reqPerSec: result.requests.average,
    requests: result.requests.total,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    maxMs: result.latency.max,
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
    statusCodes,
    durationSeconds: result.duration,
  };
}
