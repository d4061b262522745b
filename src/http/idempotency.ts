// The one idempotency mechanism. A key is claimed by inserting a row under a unique index
// (merchant, mode, key): the database, not this process, decides who owns it, so it holds across
// replicas. The owner runs the operation and stores its response in the same transaction as the
// operation's writes (see operations.ts), under the claim's lease token: a stored response always
// matches committed data, a crash leaves nothing half-done, and an owner whose claim was taken
// over can no longer commit. A retry takes an unfinished claim over at once when its process is
// gone (data/presence.ts) or gave it up, and otherwise after the claim's lease runs out.
import { createHash, randomUUID } from 'node:crypto';
import stringify from 'safe-stable-stringify';
import { Op, type Sequelize, type Transaction } from 'sequelize';
import { timestampToRaw } from '../data/columns.js';
import { isUniqueViolation, writeRows } from '../data/driver.js';
import type { IdempotencyKeyRow } from '../data/models/idempotency-key.js';
import type { Models } from '../data/models/index.js';
import type { Presence } from '../data/presence.js';
import type { UnitOfWork } from '../data/unit-of-work.js';
import type { Clock } from '../kernel/clock.js';
import { AppError } from '../kernel/errors.js';

/** Keys are kept at least this long (PRODUCT: at least 24 h). */
export const IDEMPOTENCY_RETENTION_MS = 24 * 60 * 60 * 1000;
/** A claim older than this whose response was never stored is abandoned, whoever holds it (the
 * backstop when its process's liveness cannot be told, e.g. a claim written before leases). */
export const IDEMPOTENCY_LEASE_MS = 60 * 1000;
/** Releasing a claim the database could not take back: first retry, and the longest wait between. */
const RELEASE_RETRY_FIRST_MS = 250;
const RELEASE_RETRY_MAX_MS = 5_000;

export interface StoredResponse {
  status: number;
  body: unknown;
  headers: Record<string, string>;
}

/** A claim on a key under one lease: enough to find its row through the unique index. */
interface ClaimRef {
  principalId: string;
  merchantId: string;
  livemode: boolean;
  key: string;
  /** "<process id> <token>": the response is stored only while the row still carries it. */
  lease: string;
}

/** The key's row this request runs the operation under, to complete or release. */
export interface OwnedClaim extends ClaimRef {
  kind: 'owner';
  id: number;
}

export type Claim = OwnedClaim | { kind: 'replay'; response: StoredResponse };

export interface IdempotencyScope {
  /** Who sent the key: the merchant itself (its id) or the partner acting for it (the partner's id). */
  principalId: string;
  /** The merchant acted for (for a partner's own operations, the partner's id again). */
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
  return createHash('sha256')
    .update(`${operationId}\n${stringify(request)}`)
    .digest('hex');
}

// The two statements of every keyed POST, written out once and sent as prepared statements through
// the driver (data/driver.ts): through Model.create/update they cost several times as much CPU
// (instances, validation, SQL built per call). Same columns, same values; the unique index on
// (principal_id, merchant_id, livemode, idempotency_key) still decides the claim.
const CLAIM =
  'INSERT INTO idempotency_keys (principal_id, merchant_id, livemode, idempotency_key, fingerprint, operation_id, locked_at, lease, response_status, response_body, response_headers, created_at, expires_at) ' +
  'VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL, NULL, NULL, ?, ?)';
const COMPLETE = 'UPDATE idempotency_keys SET response_status = ?, response_body = ?, response_headers = ?, locked_at = NULL WHERE id = ? AND lease = ?';

export class IdempotencyStore {
  private readonly sequelize: Sequelize;

  constructor(
    private readonly models: Models,
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
    private readonly presence: Presence,
  ) {
    this.sequelize = models.IdempotencyKey.sequelize!;
  }

  async claim(scope: IdempotencyScope): Promise<Claim> {
    const print = fingerprint(scope.operationId, scope.request);
    const now = this.clock.now();
    const where = { principalId: scope.principalId, merchantId: scope.merchantId, livemode: scope.livemode, idempotencyKey: scope.key };
    const ref = (lease: string): ClaimRef => ({
      principalId: scope.principalId,
      merchantId: scope.merchantId,
      livemode: scope.livemode,
      key: scope.key,
      lease,
    });
    for (let attempt = 0; attempt < 3; attempt++) {
      const mine = ref(this.newLease());
      try {
        const id = await this.uow.write(() => this.insertClaim(scope, print, mine.lease, now));
        return { kind: 'owner', id, ...mine };
      } catch (error) {
        // Any other failure may still have committed the claim (the database died before it
        // answered): give it back like a failed operation's, so it cannot hold the key.
        if (!isUniqueViolation(error)) throw await this.abandon(mine, error);
      }
      const existing = await this.models.IdempotencyKey.findOne({ where });
      if (!existing) continue; // purged between our insert and read: try to insert again
      if (existing.expiresAt <= now) {
        await this.uow.write(() => this.models.IdempotencyKey.destroy({ where: { id: existing.id, expiresAt: existing.expiresAt } }));
        continue;
      }
      if (existing.fingerprint !== print) {
        throw new AppError(
          'idempotency_key_reused',
          `Idempotency-Key ${scope.key} was already used for a different request. Use a new key for a new request.`,
          {
            errors: [{ parameter: 'Idempotency-Key', detail: 'already used with a different request' }],
          },
        );
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
      if (await this.abandoned(existing, now)) {
        // Take the claim over only if nobody else did first (compare-and-set on its lease).
        const mine = ref(this.newLease());
        const [taken] = await this.uow
          .write(() =>
            this.models.IdempotencyKey.update(
              { lockedAt: now, lease: mine.lease },
              { where: { id: existing.id, lease: existing.lease, lockedAt: existing.lockedAt, responseStatus: null } },
            ),
          )
          .catch(async (error: unknown) => {
            throw await this.abandon(mine, error);
          });
        if (taken === 1) {
          if (existing.lease !== null) this.unreleased.delete(existing.lease);
          return { kind: 'owner', id: existing.id, ...mine };
        }
        // Someone moved first: the claim was released, completed, purged or taken over. Look again.
        continue;
      }
      throw inFlight(scope.key);
    }
    // Three rounds of insert/read lost to concurrent purges and takeovers: let the client retry.
    throw inFlight(scope.key);
  }

  /**
   * Whether nobody runs the unfinished claim any more: this process gave it up (its release is
   * pending), its process is gone, or its lease ran out.
   */
  private async abandoned(existing: IdempotencyKeyRow, now: Date): Promise<boolean> {
    if (existing.lease !== null && this.unreleased.has(existing.lease)) return true;
    if (existing.lockedAt !== null && existing.lockedAt.getTime() + IDEMPOTENCY_LEASE_MS <= now.getTime()) return true;
    return existing.lease !== null && this.presence.isGone(existing.lease.split(' ')[0]!);
  }

  /**
   * Stores the response; pass the operation's transaction so both commit or neither does. Throws
   * 409 in flight when the claim was taken over meanwhile (its lease is no longer ours): the
   * operation's transaction then rolls back, and the new owner's outcome is the one kept.
   */
  async complete(claim: OwnedClaim, response: StoredResponse, transaction?: Transaction): Promise<void> {
    const store = async () => {
      const values = [response.status, JSON.stringify(response.body), JSON.stringify(response.headers), claim.id, claim.lease];
      const { affectedRows } = await writeRows(this.sequelize, transaction, COMPLETE, values);
      if (affectedRows !== 1) throw inFlight(claim.key);
    };
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
  async release(claim: ClaimRef): Promise<void> {
    try {
      await this.destroyClaim(claim);
    } catch {
      this.unreleased.set(claim.lease, claim);
      this.retryReleases();
    }
  }

  /**
   * A claim whose write failed without a definite answer may exist or not: it is released in the
   * background (a no-op if it never committed), and a retry here may take it over meanwhile.
   * Returns the error to throw; does not wait for the database that just failed.
   */
  private async abandon(claim: ClaimRef, error: unknown): Promise<unknown> {
    this.unreleased.set(claim.lease, claim);
    this.retryReleases();
    return error;
  }

  /** Claims (by lease) whose release failed (the database was out of reach), still to release. */
  private readonly unreleased = new Map<string, ClaimRef>();
  private releaseTimer: NodeJS.Timeout | undefined;
  private releaseDelayMs = RELEASE_RETRY_FIRST_MS;
  /** Shut down: no more release timers. */
  private closed = false;

  private retryReleases(): void {
    if (this.closed || this.releaseTimer || this.unreleased.size === 0) return;
    this.releaseTimer = setTimeout(() => {
      this.releaseTimer = undefined;
      void Promise.all([...this.unreleased.values()].map((claim) => this.release(claim))).then(() => {
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
    this.closed = true;
    if (this.releaseTimer) clearTimeout(this.releaseTimer);
    this.releaseTimer = undefined;
    await Promise.all([...this.unreleased.values()].map((claim) => this.destroyClaim(claim).catch(() => undefined)));
  }

  /** Deletes a claim still ours whose response was never stored (if any), and forgets it was pending. */
  private async destroyClaim(claim: ClaimRef): Promise<void> {
    const where = {
      principalId: claim.principalId,
      merchantId: claim.merchantId,
      livemode: claim.livemode,
      idempotencyKey: claim.key,
      lease: claim.lease,
      responseStatus: null,
    };
    await this.uow.write(() => this.models.IdempotencyKey.destroy({ where }));
    this.unreleased.delete(claim.lease);
  }

  /** A token no other claim has: Node's UUIDs come from entropy it fetches in batches, where randomBytes(8) was one call into OpenSSL per claim (~1 % of a checkout's CPU). */
  private newLease(): string {
    return `${this.presence.id} ${randomUUID()}`;
  }

  /** The claim's row, locked to this request; its id. A taken key fails with a unique violation (isUniqueViolation). */
  private async insertClaim(scope: IdempotencyScope, print: string, lease: string, now: Date): Promise<number> {
    const at = timestampToRaw(this.sequelize, now);
    const expires = timestampToRaw(this.sequelize, new Date(now.getTime() + IDEMPOTENCY_RETENTION_MS));
    const values = [scope.principalId, scope.merchantId, scope.livemode ? 1 : 0, scope.key, print, scope.operationId, at, lease, at, expires];
    const { insertId } = await writeRows(this.sequelize, undefined, CLAIM, values);
    return insertId;
  }

  /** Deletes keys past their retention; run periodically. */
  async purgeExpired(): Promise<number> {
    return this.uow.write(() => this.models.IdempotencyKey.destroy({ where: { expiresAt: { [Op.lte]: this.clock.now() } } }));
  }
}
