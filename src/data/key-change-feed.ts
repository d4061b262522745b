// Revoked and rolled keys reach every replica before the change is acknowledged, without a TTL.
// Each change writes a row to `api_key_changes` in its own transaction; every replica reads the
// rows past the last one it saw every POLL_MS and drops its cached copies of those keys. A
// request may use a cached key only while this replica's last completed read *began* less than
// FRESH_MS ago (otherwise it reads the feed first), and the operation that changed a key answers
// only PROPAGATION_MS after its commit (> FRESH_MS): so any request that reaches any replica after
// that answer is checked against a read that began after the commit. No clock is compared across
// machines: each side measures its own intervals.
import { QueryTypes, type Sequelize } from 'sequelize';

export const POLL_MS = 100;
export const FRESH_MS = 200;
export const PROPAGATION_MS = 250;
/**
 * How far back each read looks again: numbers are taken when a row is inserted but seen when its
 * transaction commits, so a lower number can appear after a higher one was read.
 */
const LOOK_BACK = 100;

export interface KeyChange {
  tokenHash: string;
  publishableToken: string | null;
}

export class KeyChangeFeed {
  private lastSeq: number | undefined;
  /** The numbers already handled within the look-back window. */
  private readonly seen = new Set<number>();
  /** performance.now() when the last completed read began. */
  private lastReadBegan = Number.NEGATIVE_INFINITY;
  private reading: Promise<void> | undefined;
  /** performance.now() when the read in flight began. */
  private readingBegan = Number.NEGATIVE_INFINITY;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly sequelize: Sequelize,
    private readonly onChange: (change: KeyChange) => void,
  ) {}

  /** Reads in the background every POLL_MS (errors are left to the next read, or to `fresh`). */
  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => this.read().catch(() => undefined), POLL_MS);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /**
   * Resolves once the cached keys may be trusted: at once when a read began under FRESH_MS ago;
   * else after a read that began recently enough — the one in flight if it did, or a new one
   * started once that one is done (a read begun too early cannot hold a change committed since).
   */
  fresh(): Promise<void> | undefined {
    const now = performance.now();
    if (now - this.lastReadBegan < FRESH_MS) return undefined;
    if (this.reading && now - this.readingBegan < FRESH_MS) return this.reading;
    const previous = this.reading?.catch(() => undefined) ?? Promise.resolve();
    return previous.then(() => (performance.now() - this.lastReadBegan < FRESH_MS ? undefined : this.read()));
  }

  /** How long since the last completed read began: how old what this replica knows may be. */
  staleForMs(): number {
    return performance.now() - this.lastReadBegan;
  }

  /** One read of the rows past the last seen (one at a time; callers share it). */
  read(): Promise<void> {
    if (!this.reading) {
      this.readingBegan = performance.now();
      this.reading = this.readOnce().finally(() => {
        this.reading = undefined;
      });
    }
    return this.reading;
  }

  private async readOnce(): Promise<void> {
    const began = performance.now();
    if (this.lastSeq === undefined) {
      // Keys changed before this replica started were never cached here.
      const [row] = await this.sequelize.query<{ seq: number | null }>('SELECT MAX(seq) AS seq FROM api_key_changes', { type: QueryTypes.SELECT });
      this.lastSeq = Number(row?.seq ?? 0);
    } else {
      const rows = await this.sequelize.query<{ seq: number; token_hash: string; publishable_token: string | null }>(
        'SELECT seq, token_hash, publishable_token FROM api_key_changes WHERE seq > $1 ORDER BY seq LIMIT 1000',
        { bind: [this.lastSeq - LOOK_BACK], type: QueryTypes.SELECT },
      );
      for (const row of rows) {
        const seq = Number(row.seq);
        if (this.seen.has(seq)) continue;
        this.seen.add(seq);
        this.onChange({ tokenHash: row.token_hash, publishableToken: row.publishable_token });
        this.lastSeq = Math.max(this.lastSeq, seq);
      }
      for (const seq of this.seen) if (seq <= this.lastSeq - LOOK_BACK) this.seen.delete(seq);
      // More than one page behind: read on before calling this replica fresh.
      if (rows.length === 1000) return this.readOnce();
    }
    this.lastReadBegan = began;
  }
}
