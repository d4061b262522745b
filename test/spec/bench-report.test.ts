// The bench's judgement (scripts/bench/lib/report.ts): ratios against bare Express of the same
// run, medians over runs, and goals judged on the service's rows only — never on a reference row.
import { describe, expect, it } from 'vitest';
import type { LoadFigures } from '../../scripts/bench/lib/load.js';
import { goals, MB, rowOf, summarize, type TargetId, withRatios } from '../../scripts/bench/lib/report.js';
import type { DbKind } from '../../scripts/bench/lib/setup.js';

function row(target: TargetId, db: DbKind | null, reqPerSec: number, { p99Ms = 10, rssMb = 100 } = {}) {
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
  return rowOf(target, db, figures, { rss: { max: rssMb * MB, atReady: 80 * MB }, cpuPercent: { server: 100, loader: 20 } });
}

describe('bench report', () => {
  it('divides every row by bare Express of the same run', () => {
    const rows = withRatios([row('express-hello', null, 4000), row('get-transaction', 'sqlite', 2000), row('floor-get-transaction', 'sqlite', 3000)]);
    expect(rows.map((r) => r.ratioVsExpress)).toEqual([1, 0.5, 0.75]);
  });

  it('judges the goals on the service only: the floor row is a reference, however slow or large', () => {
    const rows = withRatios([
      row('express-hello', null, 4000),
      row('get-transaction', 'mariadb', 2000, { p99Ms: 40, rssMb: 150 }),
      row('post-checkout', 'mariadb', 1000, { p99Ms: 45, rssMb: 160 }),
      row('floor-get-transaction', 'mariadb', 100, { p99Ms: 900, rssMb: 900 }),
    ]);
    const judged = goals({ rows, coldStartMs: 1200 });
    expect(judged.every((goal) => goal.met)).toBe(true);
    expect(judged.map((goal) => goal.target).join(' ')).not.toContain('floor');
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
    expect(summary.goals.find((goal) => goal.goal.startsWith('throughput'))!.met).toBe(true);
  });
});
