// Delivers the outbox. Several dispatchers (processes, replicas) share the work safely: each
// claims due deliveries in a short transaction — SELECT … FOR UPDATE SKIP LOCKED on
// MySQL/MariaDB, the single writer lock on SQLite — and leases them (next_attempt_at moves to
// the end of the lease), so no two dispatchers send the same attempt; a dispatcher that dies
// mid-attempt loses its lease and another sends the attempt again (at least once). Results are
// recorded only by the claim's owner (claimed_by and attempt number must still match).
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { Op, Transaction } from 'sequelize';
import type { Models, WebhookDeliveryRow } from '../data/models/index.js';
import type { UnitOfWork } from '../data/unit-of-work.js';
import { recordEvent } from '../domain/events.js';
import { isMerchantEndpoint, signingSecrets } from '../domain/webhook-endpoints.js';
import type { Clock } from '../kernel/clock.js';
import { signatureHeader } from '../sdk/webhooks.js';
import { GIVE_UP_AFTER_MS, nextAttemptAt } from './retry-schedule.js';
import { type AttemptResult, send } from './sender.js';

export interface DispatcherOptions {
  models: Models;
  uow: UnitOfWork;
  clock: Clock;
  logger: Logger;
  /** Renders the event payload for the endpoint's API version. */
  render: (eventId: string, apiVersion: string) => Promise<string>;
  allowLocalhostForSandbox: boolean;
  timeoutMs: number;
  batchSize?: number;
  pollMs?: number;
  workerId?: string;
  /** Told the outcome of every recorded attempt (metrics). */
  onOutcome?: (outcome: 'succeeded' | 'retrying' | 'failed') => void;
}

export class Dispatcher {
  readonly workerId: string;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;
  private stopped = false;

  constructor(private readonly options: DispatcherOptions) {
    this.workerId = options.workerId ?? `dispatcher-${randomUUID()}`;
  }

  private get leaseMs(): number {
    return this.options.timeoutMs * 2 + 5_000;
  }

  /** Claims up to a batch of due deliveries for this dispatcher. */
  async claim(): Promise<Array<{ delivery: WebhookDeliveryRow; attempt: number }>> {
    const { models, uow, clock } = this.options;
    return uow.transaction(async (transaction) => {
      const now = clock.now();
      const due = await models.WebhookDelivery.findAll({
        where: { status: 'pending', nextAttemptAt: { [Op.lte]: now } },
        order: [['nextAttemptAt', 'ASC']],
        limit: this.options.batchSize ?? 20,
        transaction,
        lock: Transaction.LOCK.UPDATE,
        skipLocked: true,
      });
      const leaseEnd = new Date(now.getTime() + this.leaseMs);
      for (const delivery of due) {
        await delivery.update({ attemptCount: delivery.attemptCount + 1, nextAttemptAt: leaseEnd, claimedBy: this.workerId }, { transaction });
      }
      return due.map((delivery) => ({ delivery, attempt: delivery.attemptCount }));
    });
  }

  private async attempt(delivery: WebhookDeliveryRow, attempt: number): Promise<void> {
    const { models, clock } = this.options;
    const startedAt = clock.now();
    const endpoint = await models.WebhookEndpoint.findOne({ where: { id: delivery.endpointId } });
    let result: AttemptResult;
    if (!endpoint || endpoint.deletedAt) {
      result = { status: null, latencyMs: 0, error: 'endpoint deleted' };
    } else {
      const body = await this.options.render(delivery.eventId, endpoint.apiVersion);
      const timestamp = Math.floor(startedAt.getTime() / 1000);
      result = await send(
        endpoint.url,
        body,
        {
          'Evenpay-Signature': signatureHeader(signingSecrets(endpoint, startedAt), timestamp, body),
          'Evenpay-Event-Id': delivery.eventId,
          'Evenpay-Delivery-Id': delivery.id,
          'Evenpay-Attempt': String(attempt),
          'User-Agent': 'Evenpay-Webhooks/1.0',
        },
        { allowLoopback: this.options.allowLocalhostForSandbox && !endpoint.livemode, timeoutMs: this.options.timeoutMs },
      );
    }
    await this.record(delivery, attempt, startedAt, result, !endpoint || Boolean(endpoint.deletedAt));
  }

  private async record(delivery: WebhookDeliveryRow, attempt: number, startedAt: Date, result: AttemptResult, endpointGone: boolean): Promise<void> {
    const { models, uow, clock } = this.options;
    const succeeded = result.error === null;
    // The outcome is counted once it is committed (a transaction may run again after a deadlock).
    const outcome = await uow.transaction(async (transaction): Promise<'succeeded' | 'retrying' | 'failed' | undefined> => {
      const now = clock.now();
      const next = succeeded || endpointGone ? null : nextAttemptAt(delivery.createdAt, attempt, now);
      const [owned] = await models.WebhookDelivery.update(
        { status: succeeded ? 'succeeded' : next ? 'pending' : 'failed', nextAttemptAt: next, claimedBy: null },
        { where: { id: delivery.id, claimedBy: this.workerId, attemptCount: attempt }, transaction },
      );
      if (owned === 0) return undefined; // our lease ran out and another dispatcher took the delivery over
      const outcome = succeeded ? 'succeeded' : next ? 'retrying' : 'failed';
      await models.WebhookAttempt.create(
        {
          deliveryId: delivery.id,
          number: attempt,
          startedAt,
          responseStatus: result.status,
          latencyMs: result.latencyMs,
          error: result.error?.slice(0, 500) ?? null,
        },
        { transaction },
      );
      const endpoint = await models.WebhookEndpoint.findOne({ where: { id: delivery.endpointId }, transaction, lock: transaction.LOCK.UPDATE });
      if (!endpoint || endpointGone) return outcome;
      if (succeeded) {
        if (endpoint.failingSince) await endpoint.update({ failingSince: null }, { transaction });
        return outcome;
      }
      const failingSince = endpoint.failingSince ?? startedAt;
      if (!endpoint.failingSince) await endpoint.update({ failingSince }, { transaction });
      // Disabled when it has failed for 3 days, or when a delivery gave up (3 days of retries) and
      // the endpoint has not answered any delivery since that one began (a minute of slack for
      // the first attempt's start).
      const gaveUp = next === null && now.getTime() - failingSince.getTime() >= now.getTime() - delivery.createdAt.getTime() - 60_000;
      if (endpoint.status === 'enabled' && (gaveUp || now.getTime() - failingSince.getTime() > GIVE_UP_AFTER_MS)) {
        await endpoint.update({ status: 'disabled' }, { transaction });
        if (isMerchantEndpoint(endpoint)) await recordEvent({ models, clock, transaction, requestId: null }, 'webhook_endpoint.disabled', endpoint);
        this.options.logger.warn(
          { endpoint_id: endpoint.id, merchant_id: endpoint.merchantId, partner_id: endpoint.partnerId },
          'webhook endpoint disabled after failing for 3 days',
        );
      }
      return outcome;
    });
    if (outcome) this.options.onOutcome?.(outcome);
  }

  /** One round: claim what is due and attempt it. Returns how many attempts were made. */
  async runOnce(): Promise<number> {
    const claimed = await this.claim();
    await Promise.all(claimed.map(({ delivery, attempt }) => this.attempt(delivery, attempt)));
    return claimed.length;
  }

  start(): void {
    const poll = this.options.pollMs ?? 1_000;
    const tick = async () => {
      if (this.stopped) return;
      this.running = this.runOnce().catch((err: unknown) => {
        this.options.logger.warn({ err }, 'webhook dispatch round failed');
        return 0;
      });
      const attempted = await this.running;
      if (!this.stopped) this.timer = setTimeout(tick, attempted > 0 ? 0 : poll);
    };
    this.timer = setTimeout(tick, 0);
  }

  /** Stops polling and waits for the attempts in flight. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }
}
