// The bench's judgement (scripts/bench/lib/report.ts): ratios against bare Express and against the
// floor (f) of the same run, medians over runs, and the goals of issue 22 judged on the service's
// rows only — never on a reference row.
import { describe, expect, it } from 'vitest';
import type { LoadFigures } from '../../scripts/bench/lib/load.js';
import { goals, MB, rowOf, summarize, type TargetId, withRatios } from '../../scripts/bench/lib/report.js';
import type { DbKind } from '../../scripts/bench/lib/setup.js';

function row(
  target: TargetId,
  db: DbKind | null,
  reqPerSec: number,
  { p99Ms = 10, rssMb = 100, cpuPercent = 100, connections = target === 'post-checkout-10' ? 10 : 50 } = {},
) {
  const figures: LoadFigures = {
    reqPerSec,
    requests: reqPerSec * 5,
    p50Ms: 5,
    p99Ms,
    maxMs: p99Ms,
    errors: 0,
    timeouts: 0,
    non2xx: 0,
    statusCodes: { '200': reqPerSec * 5 },
    durationSeconds: 5,
  };
  return rowOf(target, db, figures, { connections, rss: { max: rssMb * MB, atReady: 80 * MB }, cpuPercent: { server: cpuPercent, loader: 20 } });
}

describe('bench report', () => {
  it("divides every row by bare Express of the same run, and by its database's floor", () => {
    const rows = withRatios([
      row('express-hello', null, 4000),
      row('get-transaction', 'sqlite', 2000),
      row('floor-get-transaction', 'sqlite', 2500),
      row('get-transaction', 'mariadb', 1000),
    ]);
    expect(rows.map((r) => r.ratioVsExpress)).toEqual([1, 0.5, 0.625, 0.25]);
    expect(rows[1]!.ratioVsFloor).toBe(0.8);
    expect(rows[3]!.ratioVsFloor).toBeNaN();
  });

  it('judges the goals of issue 22 on the service only: the reference rows (f) and (g) never count', () => {
    // 5 s measured at 100 % of a core: 5e6 µs of CPU over reqPerSec × 5 responses.
    const rows = withRatios([
      row('express-hello', null, 4000),
      row('get-transaction', 'mariadb', 2000, { p99Ms: 40, rssMb: 150 }),
      row('floor-get-transaction', 'mariadb', 2400, { p99Ms: 900, rssMb: 900 }),
      row('fastify-get-transaction', 'mariadb', 9000, { p99Ms: 900, rssMb: 900 }),
      row('post-checkout', 'mariadb', 1000, { p99Ms: 400, rssMb: 160 }),
      row('post-checkout-10', 'mariadb', 900, { p99Ms: 45 }),
      row('post-plan-quote', 'mariadb', 2500, { p99Ms: 30 }),
    ]);
    const judged = goals({ rows, coldStartMs: 1200 });
    expect(judged.map((goal) => [goal.goal, goal.target, goal.measured, goal.met])).toEqual([
      ['throughput ≥ 80 % of its floor (f)', 'GET /v2/transactions/{id}', '83.3 %', true],
      ['p99 < 50 ms at 50 connections', 'GET /v2/transactions/{id}', '40 ms', true],
      // 1 000 µs a checkout against bare Express's 250 µs (4 000 req/s at one core).
      ['CPU ≤ 1.2 ms per response', 'POST /v2/checkouts', "1.00 ms (4.0 × this run's bare Express)", true],
      ['p99 < 50 ms at 10 connections', 'POST /v2/checkouts at 10 connections', '45 ms', true],
      ['throughput ≥ 60 % of bare Express', 'POST /v2/plan-quotes', '62.5 %', true],
      ['p99 < 50 ms at 50 connections', 'POST /v2/plan-quotes', '30 ms', true],
      ['RSS < 200 MB', 'service (max over its endpoints: POST /v2/checkouts (fresh Idempotency-Key))', '160.0 MB', true],
      ['cold start < 1.5 s', 'the service as `npm start` runs it (fresh SQLite, migrations included)', '1.20 s', true],
    ]);
  });

  it('marks a goal not met when the service misses it: checkout over its CPU budget on SQLite, GET under 80 % of its floor', () => {
    const rows = withRatios([
      row('express-hello', null, 4000),
      row('get-transaction', 'sqlite', 1500),
      row('floor-get-transaction', 'sqlite', 2000),
      row('post-checkout', 'sqlite', 500),
      row('post-plan-quote', 'sqlite', 3000, { p99Ms: 20, connections: 10 }),
    ]);
    const judged = goals({ rows, coldStartMs: null });
    // A p99 measured with fewer connections than the goal names (a smoke run) is never met.
    expect(judged.filter((goal) => !goal.met).map((goal) => [goal.target, goal.measured])).toEqual([
      ['GET /v2/transactions/{id}', '75.0 %'],
      ['POST /v2/checkouts', "2.00 ms (8.0 × this run's bare Express)"],
      ['POST /v2/plan-quotes', '20 ms at 10 connections'],
    ]);
  });

  it('reports the median of each figure over runs and the total of errors', () => {
    const run = (reqPerSec: number, coldStartMs: number) => ({
      rows: withRatios([row('express-hello', null, 4000), row('get-transaction', 'sqlite', reqPerSec)]),
      coldStartMs,
      warmDbStartMs: null,
      codegenMs: null,
    });
    const summary = summarize([run(1000, 1400), run(3000, 1600), run(2000, 1000)]);
    expect(summary.rows.find((r) => r.target === 'get-transaction')!.reqPerSec).toBe(2000);
    expect(summary.coldStartMs).toBe(1400);
    expect(summary.goals.find((goal) => goal.goal === 'cold start < 1.5 s')!.met).toBe(true);
  });
});
