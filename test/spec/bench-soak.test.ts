// The soak's pure parts (scripts/bench/lib/soak-mix.ts, soak-report.ts): the mix's schedule, the
// loans' chained requests, the rows each operation must leave, the ramp's maximum, the RSS
// judgement and the verdict. The soak itself runs only as `npm run bench -- --soak`.
import { describe, expect, it } from 'vitest';
import { parseOptions, UsageError } from '../../scripts/bench/lib/options.js';
import {
  advance,
  cycleOf,
  EXPECTED_STATUS,
  expectedRows,
  FLOWS,
  isDone,
  LOAN_AMOUNT,
  type Loan,
  loanRequest,
  SLOT_WEIGHTS,
  SOAK_OPERATIONS,
  type SoakOperation,
  standaloneRequest,
} from '../../scripts/bench/lib/soak-mix.js';
import {
  checkRows,
  judgeRss,
  percentile,
  rampConnections,
  rampMaximum,
  rampSaturated,
  type SoakResult,
  soakMarkdown,
  verdicts,
} from '../../scripts/bench/lib/soak-report.js';

/** Walks a loan to its end as if every step succeeded; returns its requests and the money it moved. */
function walk(kind: Loan['kind']) {
  const loan: Loan = { kind, step: 0, plan: 'pay_in_4', captured: 0, refunded: 0 };
  const requests = [];
  let moved = 0;
  while (!isDone(loan)) {
    const request = loanRequest(loan);
    requests.push(request);
    const id = request.operation === 'createCheckout' ? 'chk_1' : 'txn_1';
    moved += advance(loan, request.operation, { id });
  }
  return { requests, moved };
}

describe('soak mix', () => {
  it('spreads each slot through a cycle as often as its weight: loan steps 45 %, reads 40 %, quotes 15 %', () => {
    const cycle = cycleOf();
    expect(cycle).toHaveLength(20);
    const count = (slot: string) => cycle.filter((s) => s === slot).length;
    for (const [slot, weight] of Object.entries(SLOT_WEIGHTS)) expect(count(slot)).toBe(weight);
    expect(count('flow') / 20).toBe(0.45);
    expect(count('createPlanQuote') / 20).toBe(0.15);
    // Spread, not bunched: any ten slots in a row (round the cycle) hold four or five loan steps.
    const twice = [...cycle, ...cycle];
    for (let i = 0; i < 20; i++) expect(twice.slice(i, i + 10).filter((s) => s === 'flow').length).toBeGreaterThanOrEqual(4);
  });

  it("chains a split loan's steps through the ids of earlier answers, each with a fresh idempotency key", () => {
    const { requests, moved } = walk('split');
    expect(requests.map((r) => [r.operation, r.method, r.path, r.expectedStatus])).toEqual([
      ['createCheckout', 'POST', '/v2/checkouts', 201],
      ['confirmSandboxCheckout', 'POST', '/v2/sandbox/checkouts/chk_1/confirm', 200],
      ['createTransaction', 'POST', '/v2/transactions', 201],
      ['captureTransaction (part)', 'POST', '/v2/transactions/txn_1/capture', 200],
      ['captureTransaction (the rest)', 'POST', '/v2/transactions/txn_1/capture', 200],
      ['refundTransaction (part)', 'POST', '/v2/transactions/txn_1/refund', 200],
    ]);
    expect(requests[2]!.body).toEqual({ checkout_id: 'chk_1' });
    expect(requests[4]!.body).toEqual({});
    expect(requests[1]!.idempotencyKey).toBeUndefined();
    const keys = requests.filter((r) => r.operation !== 'confirmSandboxCheckout').map((r) => r.idempotencyKey);
    expect(new Set(keys).size).toBe(5);
    // Captured in full, then 20.00 refunded.
    expect(moved).toBe(LOAN_AMOUNT - 2_000);
    expect(walk('whole').moved).toBe(LOAN_AMOUNT);
  });

  it('knows the rows each successful operation leaves: a loan of each kind, and reads that write none', () => {
    const succeeded: Partial<Record<SoakOperation, number>> = {};
    for (const kind of Object.keys(FLOWS) as Loan['kind'][])
      for (const request of walk(kind).requests) succeeded[request.operation] = (succeeded[request.operation] ?? 0) + 1;
    succeeded.getTransaction = 10;
    succeeded.listEvents = 4;
    succeeded.createPlanQuote = 7;
    // split (6 steps) + whole (4) + abandoned (1): 3 checkouts, 2 transactions; events for 2
    // confirms, 2 authorizations, 3 captures and 1 refund; keys for every write but the confirms.
    expect(expectedRows(succeeded)).toEqual({ checkouts: 3, transactions: 2, events: 8, balance_entries: 4, idempotency_keys: 9 });
  });

  it('gives every operation an expected status, and reads an id the run has made', () => {
    for (const operation of SOAK_OPERATIONS) expect(EXPECTED_STATUS[operation]).toBeGreaterThanOrEqual(200);
    expect(standaloneRequest('getCheckout', { checkoutId: 'chk_9', transactionId: 'txn_9' }).path).toBe('/v2/checkouts/chk_9');
    expect(standaloneRequest('listEvents', { checkoutId: 'chk_9', transactionId: 'txn_9' }).path).toBe('/v2/events?limit=10');
  });
});

describe('soak report', () => {
  it('ramps from 4 connections, doubling, up to --connections, and stops when a step gains under 5 %', () => {
    expect(rampConnections(50)).toEqual([4, 8, 16, 32, 50]);
    expect(rampConnections(10)).toEqual([4, 8, 10]);
    expect(rampConnections(4)).toEqual([4]);
    const step = (connections: number, opsPerSecond: number) => ({ connections, opsPerSecond, errors: 0 });
    expect(rampSaturated([step(4, 100)])).toBe(false);
    expect(rampSaturated([step(4, 100), step(8, 180)])).toBe(false);
    expect(rampSaturated([step(4, 100), step(8, 180), step(16, 185)])).toBe(true);
    // A step that falls back still leaves the best one as the maximum.
    expect(rampMaximum([step(4, 100), step(8, 180), step(16, 150)])).toBe(180);
  });

  it('takes nearest-rank percentiles', () => {
    const values = Array.from({ length: 100 }, (_, i) => 100 - i);
    expect(percentile(values, 50)).toBe(50);
    expect(percentile(values, 99)).toBe(99);
    expect(percentile([7], 99)).toBe(7);
    expect(percentile([], 50)).toBeNaN();
  });

  it("judges RSS flat on the peaks of the soak's thirds: a GC saw-tooth is flat, a steady climb is not", () => {
    const sawTooth = Array.from({ length: 300 }, (_, i) => 150 + (i % 10) * 2 + (i < 100 ? i / 10 : 10));
    expect(judgeRss(sawTooth)).toMatchObject({ flat: true, growthMb: 0 });
    const climbing = Array.from({ length: 300 }, (_, i) => 150 + i * 0.2);
    const judged = judgeRss(climbing);
    expect(judged.flat).toBe(false);
    expect(judged.growthMb).toBeCloseTo(20);
    expect(judged.allowanceMb).toBeCloseTo(0.05 * judged.peaksMb[1]);
    // Too few samples to tell is never judged flat.
    expect(judgeRss([150, 151]).flat).toBe(false);
  });

  it('marks every failure not met: an error, a count off by one, a climbing RSS', () => {
    const rows = checkRows({ checkouts: 1, events: 2 }, { checkouts: 11, events: 21 }, { checkouts: 10, events: 20 });
    expect(rows.map((row) => row.met)).toEqual([true, false]);
    const result: SoakResult = {
      db: 'mariadb',
      ramp: [{ connections: 4, opsPerSecond: 100, errors: 0 }],
      warmupErrors: 0,
      maximumOpsPerSecond: 100,
      targetOpsPerSecond: 70,
      soak: {
        seconds: 30,
        issued: 2100,
        completed: 2100,
        maxInFlight: 5,
        operations: [
          {
            operation: 'getTransaction',
            count: 2100,
            p50Ms: 3,
            p99Ms: 12,
            maxMs: 30,
            errors: 1,
            unexpected: { '500': 1 },
            samples: ['500 GET /v2/transactions/txn_1: {"code":"internal_error"}'],
          },
        ],
      },
      rss: { atReadyMb: 120, samplesMb: [150, 151, 150, 160, 170, 180], judgement: judgeRss([150, 151, 150, 160, 170, 180]) },
      cpuUsPerResponse: 1500,
      cpuPercent: 20,
      rows,
    };
    expect(verdicts(result).map((v) => [v.check.split(':')[0], v.met])).toEqual([
      ['errors = 0 (soak)', false],
      ['errors = 0 (warm-up and ramp)', true],
      ['RSS flat', false],
      ['rows match', true],
      ['rows match', false],
    ]);
    const report = soakMarkdown(result, {
      generatedAt: '2026-11-27T00:00:00.000Z',
      machine: '2 × test CPU, Node v20',
      git: 'abc1234',
      options: { durationSeconds: 30, rampStepSeconds: 5, warmupSeconds: 1, connections: 50, db: 'mariadb' },
    });
    expect(report).toContain('code: abc1234');
    expect(report).toContain('Short soak (30 s)');
    expect(report).toContain('| getTransaction | 2,100 | 3.0 | 12.0 | 30.0 | 1 (1×500) |');
    expect(report).toContain('| events | 2 | 21 | 19 | 20 | **not met** |');
    expect(report).toContain('- `500 GET /v2/transactions/txn_1: {"code":"internal_error"}`');
  });

  it('runs the soak on MariaDB unless told otherwise, on one database only, into SOAK.md', () => {
    const options = parseOptions(['--soak', '--soak-duration', '30'], {});
    expect(options).toMatchObject({ soak: true, soakDurationSeconds: 30, soakRampStepSeconds: 5, dbs: ['mariadb'] });
    expect(options !== 'help' && options.mdFile.endsWith('build/bench/SOAK.md')).toBe(true);
    expect(() => parseOptions(['--soak', '--db', 'both'], {})).toThrow(UsageError);
    expect(() => parseOptions(['--soak-duration', '30'], {})).toThrow(UsageError);
    expect(() => parseOptions(['--soak', '--duration', '30'], {})).toThrow(UsageError);
  });
});
