// Operator report: who still calls what, before it goes away. Reads the usage the service
// records (DATABASE_URL, as the service) and the deprecations declared in the bundled specs.
//   npm run deprecations            a table
//   npm run deprecations -- --json  the same as JSON
import { loadConfig } from '../src/config.js';
import { openDatabase } from '../src/data/database.js';
import { DeprecationUsage } from '../src/data/deprecation-usage.js';
import { createUnitOfWork } from '../src/data/unit-of-work.js';
import { daysUntil, deprecationCatalogue } from '../src/domain/deprecations.js';
import { loadBundledSpec } from '../src/http/spec.js';
import { listApis } from './lib/apis.js';

interface ReportRow {
  operation: string;
  operation_id: string;
  sunset: string;
  days_to_sunset: number;
  successor: string;
  /** Merchants with calls in the last 30 days, most calls first. */
  merchants_calling: Array<{ merchant_id: string; calls_last_30_days: number; last_seen_at: string | null }>;
  calls_last_7_days: number;
  calls_last_30_days: number;
  last_seen_at: string | null;
}

const config = loadConfig();
const now = config.startClockAt ? new Date(config.startClockAt) : new Date();
const sequelize = await openDatabase(config.databaseUrl, config.databaseTuning);
try {
  const specs = Object.fromEntries(listApis().map(({ version }) => [version, loadBundledSpec(version)]));
  const totals = await new DeprecationUsage(sequelize, createUnitOfWork(sequelize)).totals(now);
  const report: ReportRow[] = deprecationCatalogue(specs).map((operation) => {
    const usage = totals.filter((t) => t.operationId === operation.operationId);
    const lastSeen = usage.map((u) => u.lastSeenAt?.getTime() ?? 0).reduce((a, b) => Math.max(a, b), 0);
    return {
      operation: `${operation.method} ${operation.path}`,
      operation_id: operation.operationId,
      sunset: operation.sunset,
      days_to_sunset: daysUntil(operation.sunset, now),
      successor: `${operation.successor.method} ${operation.successor.path}`,
      merchants_calling: usage
        .filter((u) => u.callsLast30Days > 0)
        .sort((a, b) => b.callsLast30Days - a.callsLast30Days || a.merchantId.localeCompare(b.merchantId))
        .map((u) => ({ merchant_id: u.merchantId, calls_last_30_days: u.callsLast30Days, last_seen_at: u.lastSeenAt?.toISOString() ?? null })),
      calls_last_7_days: usage.reduce((sum, u) => sum + u.callsLast7Days, 0),
      calls_last_30_days: usage.reduce((sum, u) => sum + u.callsLast30Days, 0),
      last_seen_at: lastSeen ? new Date(lastSeen).toISOString() : null,
    };
  });
  if (process.argv.includes('--json')) {
    process.stdout.write(`${JSON.stringify({ generated_at: now.toISOString(), operations: report }, null, 2)}\n`);
  } else {
    const header = ['operation', 'sunset', 'days left', 'successor', 'merchants (calls, 30 d)', 'calls 7 d', 'calls 30 d', 'last seen'];
    const rows = report.map((r) => [
      r.operation,
      r.sunset,
      String(r.days_to_sunset),
      r.successor,
      r.merchants_calling.length
        ? `${r.merchants_calling.length}: ${r.merchants_calling.map((m) => `${m.merchant_id} (${m.calls_last_30_days})`).join(', ')}`
        : '0',
      String(r.calls_last_7_days),
      String(r.calls_last_30_days),
      r.last_seen_at ?? 'never',
    ]);
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
    const line = (cells: string[]) =>
      cells
        .map((cell, i) => cell.padEnd(widths[i]!))
        .join('  ')
        .trimEnd();
    process.stdout.write(
      `Deprecated operations as of ${now.toISOString()}\n\n${line(header)}\n${line(widths.map((w) => '-'.repeat(w)))}\n${rows.map(line).join('\n')}\n`,
    );
  }
} finally {
  await sequelize.close();
}
