// Prometheus metrics (prom-client), one registry per app so tests can run several apps in one
// process. Named and labelled for the alert rules in ops/.

import type { RequestHandler } from 'express';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { RequestOperation } from './spec.js';

export interface Metrics {
  registry: Registry;
  requestDuration: Histogram<'api_version' | 'operation_id' | 'status_class'>;
  deprecatedCalls: Counter<'api_version' | 'operation_id'>;
  idempotentReplays: Counter<'operation_id'>;
  webhookDeliveries: Counter<'outcome'>;
  webhookQueueAge: Gauge;
  databaseUp: Gauge;
  databasePool: Gauge<'state'>;
}

export function createMetrics(collect: { webhookQueueAgeSeconds: () => Promise<number>; pool: () => Record<string, number> }): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return {
    registry,
    requestDuration: new Histogram({
      name: 'evenpay_http_request_duration_seconds',
      help: 'API request duration by API version, operationId and status class.',
      labelNames: ['api_version', 'operation_id', 'status_class'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    }),
    deprecatedCalls: new Counter({
      name: 'evenpay_deprecated_calls_total',
      help: 'Calls to deprecated operations.',
      labelNames: ['api_version', 'operation_id'],
      registers: [registry],
    }),
    idempotentReplays: new Counter({
      name: 'evenpay_idempotent_replays_total',
      help: 'Responses replayed for a repeated Idempotency-Key.',
      labelNames: ['operation_id'],
      registers: [registry],
    }),
    webhookDeliveries: new Counter({
      name: 'evenpay_webhook_attempts_total',
      help: 'Webhook delivery attempts by outcome (succeeded, retrying, failed).',
      labelNames: ['outcome'],
      registers: [registry],
    }),
    webhookQueueAge: new Gauge({
      name: 'evenpay_webhook_queue_oldest_age_seconds',
      help: 'How long the oldest due webhook delivery has been waiting.',
      registers: [registry],
      async collect() {
        this.set(await collect.webhookQueueAgeSeconds().catch(() => 0));
      },
    }),
    databaseUp: new Gauge({ name: 'evenpay_database_up', help: '1 when the last readiness check reached the database.', registers: [registry] }),
    databasePool: new Gauge({
      name: 'evenpay_database_pool_connections',
      help: 'Database pool connections by state (size, available, using, waiting).',
      labelNames: ['state'],
      registers: [registry],
      collect() {
        for (const [state, value] of Object.entries(collect.pool())) this.set({ state }, value);
      },
    }),
  };
}

/** Times every API request, labelled with the operation its method and path address. */
export function requestMetrics(metrics: Metrics, operationOf: RequestOperation): RequestHandler {
  return (req, res, next) => {
    const version = /^\/(v\d+)\//.exec(req.path)?.[1];
    if (!version) return next(); // docs, health and metrics are not API requests
    const stop = metrics.requestDuration.startTimer();
    const operation = operationOf(req);
    res.once('finish', () => {
      stop({ api_version: version, operation_id: operation?.operationId ?? 'unmatched', status_class: `${Math.floor(res.statusCode / 100)}xx` });
    });
    next();
  };
}
