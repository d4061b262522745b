// Calls to deprecated operations, counted per merchant × operation × UTC day. Counting happens in
// memory on the request path (a Map update) and is flushed in batches — every few seconds and on
// shutdown — as additive upserts, so any number of replicas can share the table.
import { QueryTypes, type Sequelize } from 'sequelize';
import { timestampFromRaw } from './columns.js';
import type { UnitOfWork } from './unit-of-work.js';

interface Pending {
  merchantId: string;
  operationId: string;
  day: string;
  calls: number;
  lastSeenAt: Date;
  userAgent: string | null;
}

export interface UsageTotals {
  operationId: string;
  merchantId: string;
  totalCalls: number;
  callsLast7Days: number;
  callsLast30Days: number;
  lastSeenAt: Date | null;
  lastUserAgent: string | null;
}

function dayOf(at: Date): string {
  return at.toISOString().slice(0, 10);
}

function daysBefore(at: Date, days: number): string {
  return dayOf(new Date(at.getTime() - days * 86_400_000));
}

export class DeprecationUsage {
  private pending = new Map<string, Pending>();

  constructor(
    private readonly sequelize: Sequelize,
    private readonly uow: UnitOfWork,
  ) {}

  record(merchantId: string, operationId: string, at: Date, userAgent: string | undefined): void {
    this.add({ merchantId, operationId, day: dayOf(at), calls: 1, lastSeenAt: at, userAgent: userAgent ? userAgent.slice(0, 255) : null });
  }

  private add(row: Pending): void {
    const key = `${row.merchantId}\u0000${row.operationId}\u0000${row.day}`;
    const entry = this.pending.get(key);
    if (!entry) {
      this.pending.set(key, { ...row });
      return;
    }
    entry.calls += row.calls;
    if (row.lastSeenAt >= entry.lastSeenAt) {
      entry.lastSeenAt = row.lastSeenAt;
      entry.userAgent = row.userAgent;
    }
  }

  /** Writes the pending counts. Safe to call at any time; a failed batch is put back. */
  async flush(): Promise<number> {
    if (this.pending.size === 0) return 0;
    const batch = [...this.pending.values()];
    this.pending = new Map();
    try {
      await this.uow.transaction(async (transaction) => {
        for (const row of batch) await this.sequelize.query(this.upsertSql(), { replacements: { ...row }, transaction });
      });
    } catch (error) {
      // Nothing was written (one transaction): keep the counts for the next flush.
      for (const row of batch) this.add(row);
      throw error;
    }
    return batch.length;
  }

  private upsertSql(): string {
    const insert =
      'INSERT INTO deprecated_usage (merchant_id, operation_id, day, calls, last_seen_at, last_user_agent) VALUES (:merchantId, :operationId, :day, :calls, :lastSeenAt, :userAgent)';
    return this.sequelize.getDialect() === 'sqlite'
      ? `${insert} ON CONFLICT (merchant_id, operation_id, day) DO UPDATE SET calls = calls + excluded.calls, last_seen_at = MAX(last_seen_at, excluded.last_seen_at), last_user_agent = excluded.last_user_agent`
      : `${insert} ON DUPLICATE KEY UPDATE calls = calls + VALUES(calls), last_seen_at = GREATEST(last_seen_at, VALUES(last_seen_at)), last_user_agent = VALUES(last_user_agent)`;
  }

  /** Totals per merchant and operation as of `now`; `merchantId` narrows to one merchant. */
  async totals(now: Date, merchantId?: string): Promise<UsageTotals[]> {
    const rows = await this.sequelize.query<{
      merchant_id: string;
      operation_id: string;
      total_calls: number | string;
      calls_7: number | string | null;
      calls_30: number | string | null;
      last_seen_at: string | Date | null;
    }>(
      `SELECT merchant_id, operation_id, SUM(calls) AS total_calls,
              SUM(CASE WHEN day >= :since7 THEN calls ELSE 0 END) AS calls_7,
              SUM(CASE WHEN day >= :since30 THEN calls ELSE 0 END) AS calls_30,
              MAX(last_seen_at) AS last_seen_at
         FROM deprecated_usage
        ${merchantId ? 'WHERE merchant_id = :merchantId' : ''}
        GROUP BY merchant_id, operation_id`,
      { type: QueryTypes.SELECT, replacements: { since7: daysBefore(now, 6), since30: daysBefore(now, 29), merchantId: merchantId ?? null } },
    );
    const agents = await this.sequelize.query<{ merchant_id: string; operation_id: string; last_user_agent: string | null; last_seen_at: string | Date }>(
      `SELECT merchant_id, operation_id, last_user_agent, last_seen_at FROM deprecated_usage ${merchantId ? 'WHERE merchant_id = :merchantId' : ''} ORDER BY last_seen_at DESC`,
      { type: QueryTypes.SELECT, replacements: { merchantId: merchantId ?? null } },
    );
    const latestAgent = new Map<string, string | null>();
    for (const row of agents) {
      const key = `${row.merchant_id}\u0000${row.operation_id}`;
      if (!latestAgent.has(key)) latestAgent.set(key, row.last_user_agent);
    }
    return rows.map((row) => ({
      merchantId: row.merchant_id,
      operationId: row.operation_id,
      totalCalls: Number(row.total_calls),
      callsLast7Days: Number(row.calls_7 ?? 0),
      callsLast30Days: Number(row.calls_30 ?? 0),
      lastSeenAt: row.last_seen_at === null ? null : timestampFromRaw(row.last_seen_at),
      lastUserAgent: latestAgent.get(`${row.merchant_id}\u0000${row.operation_id}`) ?? null,
    }));
  }
}
