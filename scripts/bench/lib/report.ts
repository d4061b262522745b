// Turns measured runs into the summary (median of each figure over the runs), the goals from the
// issue (met / not met) and the Markdown report.
import type { LoadFigures } from './load.js';
import type { DbKind } from './setup.js';

export type TargetId =
  | 'node-http'
  | 'express-hello'
  | 'get-transaction'
  | 'post-checkout'
  | 'post-checkout-10'
  | 'post-plan-quote'
  | 'floor-get-transaction'
  | 'fastify-get-transaction';

export const TARGET_LABELS: Record<TargetId, string> = {
  'node-http': '(a) bare node:http "hello"',
  'express-hello': '(b) bare Express 5 "hello"',
  'get-transaction': '(c) GET /v2/transactions/{id}',
  'post-checkout': '(d) POST /v2/checkouts (fresh Idempotency-Key)',
  'post-checkout-10': '(d10) POST /v2/checkouts at 10 connections',
  'post-plan-quote': '(e) POST /v2/plan-quotes',
  'floor-get-transaction': '(f) floor of (c): Express + validator + one driver query',
  'fastify-get-transaction': '(g) reference: (c) on Fastify 5 + spec schema + one driver query',
};

/** How many connections a target is measured with, when not the run's `--connections`. */
export const TARGET_CONNECTIONS: Partial<Record<TargetId, number>> = { 'post-checkout-10': 10 };

/** Reference rows: measured beside the service, never judged against the goals (nor profiled). */
const REFERENCE_TARGETS: ReadonlySet<TargetId> = new Set(['node-http', 'express-hello', 'floor-get-transaction', 'fastify-get-transaction']);
export const isReference = (target: TargetId): boolean => REFERENCE_TARGETS.has(target);

export interface Row {
  target: TargetId;
  label: string;
  /** null for the bare targets (no database). */
  db: DbKind | null;
  /** Concurrent connections it was measured with. */
  connections: number;
  reqPerSec: number;
  /** reqPerSec ÷ bare Express's reqPerSec in the same run. */
  ratioVsExpress: number;
  /** reqPerSec ÷ the floor's (f) reqPerSec on the same database in the same run (NaN without one). */
  ratioVsFloor: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** Max VmRSS of the target's process during warm-up and measurement. */
  maxRssMb: number;
  /** VmRSS right after it started listening, before any request. */
  rssAtReadyMb: number;
  /** CPU the target's process used during the measured seconds, in % of one core. */
  serverCpuPercent: number;
  /** The target's CPU time per response in µs: what one request costs the service, steadier than req/s on a shared machine. */
  serverCpuUsPerResponse: number;
  /** CPU this process (autocannon) used meanwhile, in % of one core: near 100 % means the load generator, not the server, was the limit. */
  loaderCpuPercent: number;
  requests: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  statusCodes: Record<string, number>;
}

export interface RunResult {
  rows: Row[];
  /** Fresh SQLite file: migrations included (the figure the goal is judged on). */
  coldStartMs: number | null;
  /** Already migrated SQLite file: a restart or a new replica. */
  warmDbStartMs: number | null;
  codegenMs: number | null;
}

export interface Goal {
  goal: string;
  db: DbKind | null;
  target: string;
  measured: string;
  met: boolean;
}

export interface Summary {
  runs: number;
  rows: Row[];
  coldStartMs: number | null;
  warmDbStartMs: number | null;
  codegenMs: number | null;
  goals: Goal[];
}

export const MB = 1024 * 1024;

export function median(values: number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function rowOf(
  target: TargetId,
  db: DbKind | null,
  figures: LoadFigures,
  { rss, cpuPercent, connections }: { rss: { max: number; atReady: number }; cpuPercent: { server: number; loader: number }; connections: number },
): Row {
  return {
    target,
    label: TARGET_LABELS[target],
    db,
    connections,
    reqPerSec: figures.reqPerSec,
    ratioVsExpress: Number.NaN,
    ratioVsFloor: Number.NaN,
    p50Ms: figures.p50Ms,
    p99Ms: figures.p99Ms,
    maxMs: figures.maxMs,
    maxRssMb: rss.max / MB,
    rssAtReadyMb: rss.atReady / MB,
    serverCpuPercent: cpuPercent.server,
    serverCpuUsPerResponse: figures.requests > 0 ? ((cpuPercent.server / 100) * figures.durationSeconds * 1e6) / figures.requests : Number.NaN,
    loaderCpuPercent: cpuPercent.loader,
    requests: figures.requests,
    errors: figures.errors,
    timeouts: figures.timeouts,
    non2xx: figures.non2xx,
    statusCodes: figures.statusCodes,
  };
}

/** Fills in each row's ratios against the bare Express row and its database's floor row of the same run. */
export function withRatios(rows: Row[]): Row[] {
  const express = rows.find((row) => row.target === 'express-hello');
  const ratio = (row: Row, base: Row | undefined) => (base && base.reqPerSec > 0 ? row.reqPerSec / base.reqPerSec : Number.NaN);
  return rows.map((row) => ({
    ...row,
    ratioVsExpress: ratio(row, express),
    ratioVsFloor: ratio(
      row,
      rows.find((other) => other.target === 'floor-get-transaction' && other.db === row.db),
    ),
  }));
}

const MEDIAN_FIELDS = [
  'reqPerSec',
  'ratioVsExpress',
  'ratioVsFloor',
  'p50Ms',
  'p99Ms',
  'maxMs',
  'maxRssMb',
  'rssAtReadyMb',
  'serverCpuPercent',
  'serverCpuUsPerResponse',
  'loaderCpuPercent',
  'requests',
] as const;
const TOTAL_FIELDS = ['errors', 'timeouts', 'non2xx'] as const;

/** Median of each performance figure over the runs; errors and status codes are totals (a median must never hide a failure). */
export function summarize(runs: RunResult[]): Summary {
  const keys = new Map<string, Row[]>();
  for (const run of runs) {
    for (const row of run.rows) {
      const key = `${row.target}|${row.db ?? ''}`;
      keys.set(key, [...(keys.get(key) ?? []), row]);
    }
  }
  const rows = [...keys.values()].map((group) => {
    const first = group[0]!;
    const row: Row = { ...first, statusCodes: {} };
    for (const field of MEDIAN_FIELDS) row[field] = median(group.map((r) => r[field]));
    for (const field of TOTAL_FIELDS) row[field] = group.reduce((sum, r) => sum + r[field], 0);
    for (const r of group) for (const [code, count] of Object.entries(r.statusCodes)) row.statusCodes[code] = (row.statusCodes[code] ?? 0) + count;
    return row;
  });
  const timing = (pick: (run: RunResult) => number | null) => {
    const values = runs.map(pick).filter((v): v is number => v !== null);
    return values.length ? median(values) : null;
  };
  const summary: Summary = {
    runs: runs.length,
    rows,
    coldStartMs: timing((r) => r.coldStartMs),
    warmDbStartMs: timing((r) => r.warmDbStartMs),
    codegenMs: timing((r) => r.codegenMs),
    goals: [],
  };
  summary.goals = goals(summary);
  return summary;
}

const pct = (ratio: number) => (Number.isFinite(ratio) ? `${(ratio * 100).toFixed(1)} %` : 'n/a');
/** autocannon records latency in whole milliseconds (truncated), so 0 means under 1 ms. */
const ms = (value: number) => (!Number.isFinite(value) ? 'n/a' : value < 1 ? '< 1' : String(Math.round(value)));
const seconds = (value: number | null) => (value === null ? 'skipped' : (value / 1000).toFixed(2));

/** A target's label without its letter: `(c) GET …` → `GET …`. */
const withoutLetter = (label: string) => label.replace(/^\([a-z0-9]+\) /, '');

/** CPU per response a checkout may cost (issue 22), in µs, by database. */
export const CHECKOUT_CPU_BUDGET_US: Record<DbKind, number> = { mariadb: 1_200, sqlite: 1_600 };

/** The targets the issue sets (issue 22); measured honestly, never tuned for. */
export function goals(summary: Pick<Summary, 'rows' | 'coldStartMs'>): Goal[] {
  const out: Goal[] = [];
  const dbs = [...new Set(summary.rows.map((row) => row.db).filter((db): db is DbKind => db !== null))];
  // Judged only on a row measured with at least the connections the goal names.
  const p99 = (row: Row, db: DbKind, connections: number) =>
    out.push({
      goal: `p99 < 50 ms at ${connections} connections`,
      db,
      target: withoutLetter(row.label),
      measured: `${ms(row.p99Ms)} ms${row.connections === connections ? '' : ` at ${row.connections} connections`}`,
      met: row.p99Ms < 50 && row.connections >= connections,
    });
  // The checkout's budgets are in ms, which move with the machine: each is also given in units of
  // the same run's bare Express, the figure to compare between machines (bench/README.md).
  const express = summary.rows.find((row) => row.target === 'express-hello');
  const inExpressUnits = (us: number) =>
    express && express.serverCpuUsPerResponse > 0 ? ` (${(us / express.serverCpuUsPerResponse).toFixed(1)} × this run's bare Express)` : '';
  for (const db of dbs) {
    const rows = summary.rows.filter((row) => row.db === db && !isReference(row.target));
    const of = (target: TargetId) => rows.find((row) => row.target === target);
    const get = of('get-transaction');
    const checkout = of('post-checkout');
    const checkoutAt10 = of('post-checkout-10');
    const quote = of('post-plan-quote');
    if (get) {
      out.push({
        goal: 'throughput ≥ 80 % of its floor (f)',
        db,
        target: 'GET /v2/transactions/{id}',
        measured: pct(get.ratioVsFloor),
        met: get.ratioVsFloor >= 0.8,
      });
      p99(get, db, 50);
    }
    if (checkout) {
      const budget = CHECKOUT_CPU_BUDGET_US[db];
      out.push({
        goal: `CPU ≤ ${(budget / 1000).toFixed(1)} ms per response`,
        db,
        target: 'POST /v2/checkouts',
        measured: `${(checkout.serverCpuUsPerResponse / 1000).toFixed(2)} ms${inExpressUnits(checkout.serverCpuUsPerResponse)}`,
        met: checkout.serverCpuUsPerResponse <= budget,
      });
    }
    if (checkoutAt10) p99(checkoutAt10, db, 10);
    if (quote) {
      out.push({
        goal: 'throughput ≥ 60 % of bare Express',
        db,
        target: 'POST /v2/plan-quotes',
        measured: pct(quote.ratioVsExpress),
        met: quote.ratioVsExpress >= 0.6,
      });
      p99(quote, db, 50);
    }
    const heaviest = rows.reduce<Row | undefined>((max, row) => (!max || row.maxRssMb > max.maxRssMb ? row : max), undefined);
    if (heaviest)
      out.push({
        goal: 'RSS < 200 MB',
        db,
        target: `service (max over its endpoints: ${withoutLetter(heaviest.label)})`,
        measured: `${heaviest.maxRssMb.toFixed(1)} MB`,
        met: heaviest.maxRssMb < 200,
      });
  }
  if (summary.coldStartMs !== null) {
    out.push({
      goal: 'cold start < 1.5 s',
      db: 'sqlite',
      target: 'the service as `npm start` runs it (fresh SQLite, migrations included)',
      measured: `${(summary.coldStartMs / 1000).toFixed(2)} s`,
      met: summary.coldStartMs < 1500,
    });
  }
  return out;
}

export interface ReportContext {
  generatedAt: string;
  machine: string;
  options: { durationSeconds: number; warmupSeconds: number; connections: number; runs: number };
  git: string;
}

export function markdown(summary: Summary, context: ReportContext): string {
  const { options } = context;
  const lines: string[] = [];
  lines.push('# Evenpay benchmark', '');
  lines.push(`- When: ${context.generatedAt}; code: ${context.git}`);
  lines.push(`- Machine: ${context.machine}`);
  lines.push(
    `- Load: autocannon, ${options.connections} connections, ${options.warmupSeconds} s warm-up (discarded) then ${options.durationSeconds} s measured per target; ` +
      (options.runs > 1 ? `median of ${options.runs} runs (errors are totals over the runs).` : 'one run.'),
  );
  if (options.durationSeconds < 10) lines.push(`- **Short run (${options.durationSeconds} s per target): a smoke test of the harness, not figures to quote.**`);
  lines.push('');
  lines.push('| target | db | req/s | vs bare Express | vs floor (f) | p50 ms | p99 ms | max RSS MB | errors / non-2xx |');
  lines.push('|---|---|---:|---:|---:|---:|---:|---:|---:|');
  for (const row of summary.rows) {
    const codes = Object.entries(row.statusCodes)
      .filter(([code]) => !code.startsWith('2'))
      .map(([code, count]) => `${count}×${code}`)
      .join(', ');
    lines.push(
      `| ${row.label} | ${row.db ?? '—'} | ${Math.round(row.reqPerSec).toLocaleString('en-US')} | ${pct(row.ratioVsExpress)} | ${row.db ? pct(row.ratioVsFloor) : '—'} | ${ms(row.p50Ms)} | ${ms(row.p99Ms)} | ${row.maxRssMb.toFixed(1)} | ${row.errors} / ${row.non2xx}${codes ? ` (${codes})` : ''} |`,
    );
  }
  lines.push('');
  lines.push(
    "Context for each row (same measured seconds): CPU in % of one core, for the target's process and for autocannon (this process); the target's CPU time per response; RSS when the target had just started; responses counted.",
    '',
  );
  lines.push(
    '| target | db | server CPU % | autocannon CPU % | server CPU µs / response | RSS at start MB | responses |',
    '|---|---|---:|---:|---:|---:|---:|',
  );
  for (const row of summary.rows) {
    lines.push(
      `| ${row.label} | ${row.db ?? '—'} | ${Math.round(row.serverCpuPercent)} | ${Math.round(row.loaderCpuPercent)} | ${Math.round(row.serverCpuUsPerResponse).toLocaleString('en-US')} | ${row.rssAtReadyMb.toFixed(1)} | ${Math.round(row.requests).toLocaleString('en-US')} |`,
    );
  }
  lines.push('');
  lines.push('| timing | seconds |', '|---|---:|');
  lines.push(
    `| cold start: spawn of the service as \`npm start\` runs it → "listening on", fresh SQLite (migrations included) | ${seconds(summary.coldStartMs)} |`,
  );
  lines.push(`| the same on an already migrated SQLite file (a restart, a new replica) | ${seconds(summary.warmDbStartMs)} |`);
  lines.push(`| full codegen: \`npm run -s generate\` (into a temp dir) | ${seconds(summary.codegenMs)} |`);
  lines.push('');
  lines.push('## Targets from the issue', '');
  lines.push('| goal | db | what | measured | |', '|---|---|---|---:|---|');
  for (const goal of summary.goals)
    lines.push(`| ${goal.goal} | ${goal.db ?? '—'} | ${goal.target} | ${goal.measured} | ${goal.met ? 'met' : '**not met**'} |`);
  lines.push('');
  lines.push(
    'Latencies are whole milliseconds (autocannon truncates), of 2xx answers only. ' +
      'Ratios divide each target\'s req/s by bare Express "hello" measured in the same run on the same machine, so they carry over between machines better than raw req/s. ' +
      'The load generator runs on the same machine and competes with the server for CPU; see bench/README.md.',
  );
  return `${lines.join('\n')}\n`;
}
