// The one idempotency mechanism. A key is claimed by inserting a row under a unique index
// (merchant, mode, key): the database, not this process, decides who owns it, so it holds across
// replicas. The owner runs the operation and stores its response in the same transaction as the
// operation's writes (see operations.ts), so a stored response always matches committed data and
// a crash leaves nothing half-done: the claim's lease runs out and a retry runs it afresh.
import { createHash } from 'node:crypto';
import { Op, QueryTypes, UniqueConstraintError, type Sequelize, type Transaction } from 'sequelize';
import stringify from 'safe-stable-stringify';
import type { Clock } from '../domain/clock.js';
import { AppError } from '../domain/errors.js';
import { timestampToRaw } from '../data/columns.js';
import type { Models } from '../data/models/index.js';
import type { UnitOfWork } from '../data/unit-of-work.js';

/** Keys are kept at least this long (PRODUCT: at least 24 h). */
export const IDEMPOTENCY_RETENTION_MS = 24 * 60 * 60 * 1000;
/** A claim older than this whose response was never stored belonged to a process that died. */
export const IDEMPOTENCY_LEASE_MS = 60 * 1000;
/** Releasing a claim the database could not take back: first retry, and the longest wait between. */
const RELEASE_RETRY_FIRST_MS = 250;
const RELEASE_RETRY_MAX_MS = 5_000;

export interface StoredResponse {
  status: number;
  body: unknown;
  headers: Record<string, string>;
}

/** `owner`: this request runs the operation; `id` is its key's row, to complete or release. */
export type Claim =
  | { kind: 'owner'; id: number }
  | { kind: 'replay'; response: StoredResponse };

export interface IdempotencyScope {
  merchantId: string;
  livemode: boolean;
  key: string;
  operationId: string;
  /** Path parameters and body: what makes two requests "the same request". */
  request: unknown;
}

function inFlight(key: string): AppError {
  return new AppError('idempotency_request_in_flight', `A request with Idempotency-Key ${key} is still being processed. Retry shortly.`, {
    headers: { 'Retry-After': '1' },
  });
}

export function fingerprint(operationId: string, request: unknown): string {
  return createHash('sha256').update(`${operationId}\n${stringify(request)}`).digest('hex');
}

// The two statements of every keyed POST, written out once: through Model.create/update they
// cost several times as much CPU (instances, validation, SQL built per call). Same columns, same
// values; the unique index on (merchant_id, livemode, idempotency_key) still decides the claim.
const CLAIM =
  'INSERT INTO idempotency_keys (merchant_id, livemode, idempotency_key, fingerprint, operation_id, locked_at, response_status, response_body, response_headers, created_at, expires_at) ' +
  'VALUES ($1, $2, $3, $4, $5, $6, NULL, NULL, NULL, $7, $8)';
const COMPLETE = 'UPDATE idempotency_keys SET response_status = $1, response_body = $2, response_headers = $3, locked_at = NULL WHERE id = $4';

export class IdempotencyStore {
  private readonly sequelize: Sequelize;

  constructor(
    private readonly models: Models,
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
  ) {
    this.sequelize = models.IdempotencyKey.sequelize!;
  }

  async claim(scope: IdempotencyScope): Promise<Claim> {
    const print = fingerprint(scope.operationId, scope.request);
    const now = this.clock.now();
    const where = { merchantId: scope.merchantId, livemode: scope.livemode, idempotencyKey: scope.key };
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        const id = await this.uow.write(() => this.insertClaim(scope, print, now));
        return { kind: 'owner', id };
      } catch (error) {
        if (!(error instanceof UniqueConstraintError)) throw error;
      }
      const existing = await this.models.IdempotencyKey.findOne({ where });
      if (!existing) continue; // purged between our insert and read: try to insert again
      if (existing.expiresAt <= now) {
        await this.uow.write(() => this.models.IdempotencyKey.destroy({ where: { id: existing.id, expiresAt: existing.expiresAt } }));
        continue;
      }
      if (existing.fingerprint !== print) {
        throw new AppError('idempotency_key_reused', `Idempotency-Key ${scope.key} was already used for a different request. Use a new key for a new request.`, {
          errors: [{ parameter: 'Idempotency-Key', detail: 'already used with a different request' }],
        });
      }
      if (existing.responseStatus !== null) {
        return {
          kind: 'replay',
          response: {
            status: existing.responseStatus,
            body: JSON.parse(existing.responseBody ?? 'null'),
            headers: JSON.parse(existing.responseHeaders ?? '{}') as Record<string, string>,
          },
        };
      }
      const leaseOver = existing.lockedAt !== null && existing.lockedAt.getTime() + IDEMPOTENCY_LEASE_MS <= now.getTime();
      // This process failed the request that held the claim and could not release it yet: the
      // owner is known to be done, so the retry need not wait for the release or the lease.
      const abandonedHere = this.unreleased.has(existing.id);
      if (leaseOver || abandonedHere) {
        // Take over the abandoned claim only if nobody else did first (compare-and-set on lockedAt).
        const [taken] = await this.uow.write(() =>
          this.models.IdempotencyKey.update({ lockedAt: now }, { where: { id: existing.id, lockedAt: existing.lockedAt, responseStatus: null } }),
        );
        if (taken === 1) {
          this.unreleased.delete(existing.id);
          return { kind: 'owner', id: existing.id };
        }
      }
      throw inFlight(scope.key);
    }
    // Three rounds of insert/read lost to concurrent purges and takeovers: let the client retry.
    throw inFlight(scope.key);
  }

  /** Stores the response; pass the operation's transaction so both commit or neither does. */
  async complete(id: number, response: StoredResponse, transaction?: Transaction): Promise<void> {
    const store = () =>
      this.sequelize.query(COMPLETE, {
        bind: [response.status, JSON.stringify(response.body), JSON.stringify(response.headers), id],
        type: QueryTypes.UPDATE,
        transaction,
      });
    // Inside the operation's transaction the writer is already ours; outside it, queue like any write.
    await (transaction ? store() : this.uow.write(store));
  }

  /**
   * Gives the key back after a fault of the platform, so the client's retry runs the operation
   * again. Never throws: when the database cannot be reached to release it, the claim is
   * remembered and released as soon as it can be (retried with backoff), and a retry with the
   * same key that reaches this process meanwhile takes the claim over at once (`claim`): nothing
   * waits out the lease, and nothing runs twice (the failed operation's writes rolled back).
   */
  async release(id: number): Promise<void> {
    try {
      await this.destroyClaim(id);
    } catch {
      this.unreleased.add(id);
      this.retryReleases();
    }
  }

  /** Claims whose release failed (the database was out of reach), still to release. */
  private readonly unreleased = new Set<number>();
  private releaseTimer: NodeJS.Timeout | undefined;
  private releaseDelayMs = RELEASE_RETRY_FIRST_MS;

  private retryReleases(): void {
    if (this.releaseTimer || this.unreleased.size === 0) return;
    this.releaseTimer = setTimeout(() => {
      this.releaseTimer = undefined;
      void Promise.all([...this.unreleased].map((id) => this.release(id))).then(() => {
        this.releaseDelayMs = this.unreleased.size ? Math.min(RELEASE_RETRY_MAX_MS, this.releaseDelayMs * 2) : RELEASE_RETRY_FIRST_MS;
        this.retryReleases();
      });
    }, this.releaseDelayMs);
    this.releaseTimer.unref();
  }

  /** Claims still waiting for their release (what a shutdown should try once more). */
  pendingReleases(): number {
    return this.unreleased.size;
  }

  /** One more try at every pending release, and no more timers (shutdown). */
  async flushReleases(): Promise<void> {
    if (this.releaseTimer) clearTimeout(this.releaseTimer);
    this.releaseTimer = undefined;
    await Promise.all([...this.unreleased].map((id) => this.destroyClaim(id).catch(() => undefined)));
  }

  /** Deletes a claim whose response was never stored, and forgets it was pending. */
  private async destroyClaim(id: number): Promise<void> {
    await this.uow.write(() => this.models.IdempotencyKey.destroy({ where: { id, responseStatus: null } }));
    this.unreleased.delete(id);
  }

  /** The claim's row, locked to this request; its id. A taken key fails with UniqueConstraintError. */
  private async insertClaim(scope: IdempotencyScope, print: string, now: Date): Promise<number> {
    const at = timestampToRaw(this.sequelize, now);
    const expires = timestampToRaw(this.sequelize, new Date(now.getTime() + IDEMPOTENCY_RETENTION_MS));
    const [id] = await this.sequelize.query(CLAIM, {
      bind: [scope.merchantId, scope.livemode, scope.key, print, scope.operationId, at, at, expires],
      type: QueryTypes.INSERT,
    });
    return Number(id);
  }

  /** Deletes keys past their retention; run periodically. */
  async purgeExpired(): Promise<number> {
    return this.uow.write(() => this.models.IdempotencyKey.destroy({ where: { expiresAt: { [Op.lte]: this.clock.now() } } }));
  }
}
