// The soak's judgement and report: the ramp's maximum, per-operation latency and errors, whether
// the RSS flattened, and the database's rows against what the generator created. Pure.
import type { OperationTally, PhaseTally } from './soak-load.js';
import { SOAK_OPERATIONS, type SoakOperation } from './soak-mix.js';

/** The soak runs at this share of the ramp's maximum (issue 22). */
export const SOAK_LOAD_SHARE = 0.7;
/** The ramp goes on while a step adds at least this much throughput to the best so far. */
export const RAMP_MIN_GAIN = 0.05;

/** Concurrency of each ramp step: doubling from 4, the last one `limit` (`--connections`). */
export function rampConnections(limit: number): number[] {
  const steps: number[] = [];
  for (let n = 4; n < limit; n *= 2) steps.push(n);
  steps.push(limit);
  return steps;
}

export interface RampStep {
  connections: number;
  opsPerSecond: number;
  errors: number;
}

/** The ramp stops once a step gained less than RAMP_MIN_GAIN over the best of the steps before it. */
export function rampSaturated(steps: readonly RampStep[]): boolean {
  if (steps.length < 2) return false;
  const best = Math.max(...steps.slice(0, -1).map((step) => step.opsPerSecond));
  return steps.at(-1)!.opsPerSecond < best * (1 + RAMP_MIN_GAIN);
}

/** The measured maximum: the highest throughput of any ramp step. */
export const rampMaximum = (steps: readonly RampStep[]): number => Math.max(0, ...steps.map((step) => step.opsPerSecond));

/** Nearest-rank percentile of unsorted values (NaN for none). */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = Float64Array.from(values).sort();
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

export interface RssJudgement {
  /** Peak RSS (MB) of each third of the soak. */
  peaksMb: [number, number, number];
  /** Peak of the last third minus peak of the middle third. */
  growthMb: number;
  allowanceMb: number;
  flat: boolean;
}

/** Growth allowed between the middle and the last third: 5 MB or 5 % of the middle peak, whichever is more. */
export const RSS_ALLOWANCE = { mb: 5, share: 0.05 };

/**
 * RSS flattens when the peak of the soak's last third is at most RSS_ALLOWANCE above the peak of
 * its middle third. Peaks, not means, so the garbage collector's saw-tooth does not read as
 * growth or as shrinkage; the first third is the service filling its heap, pools and caches, so it
 * is reported but not judged. A leak shows as a peak that keeps rising third after third.
 */
export function judgeRss(samplesMb: readonly number[]): RssJudgement {
  const third = Math.floor(samplesMb.length / 3);
  if (third === 0) return { peaksMb: [Number.NaN, Number.NaN, Number.NaN], growthMb: Number.NaN, allowanceMb: Number.NaN, flat: false };
  const peak = (from: number, to: number) => Math.max(...samplesMb.slice(from, to));
  const peaksMb: [number, number, number] = [peak(0, third), peak(third, 2 * third), peak(2 * third, samplesMb.length)];
  const growthMb = peaksMb[2] - peaksMb[1];
  const allowanceMb = Math.max(RSS_ALLOWANCE.mb, RSS_ALLOWANCE.share * peaksMb[1]);
  return { peaksMb, growthMb, allowanceMb, flat: growthMb <= allowanceMb };
}

export interface RowCheck {
  what: string;
  before: number;
  after: number;
  expected: number;
  met: boolean;
}

/** Each count the database holds against the generator's: what was added must be exactly what it made. */
export function checkRows(before: Record<string, number>, after: Record<string, number>, expected: Record<string, number>): RowCheck[] {
  return Object.keys(expected).map((what) => ({
    what,
    before: before[what] ?? 0,
    after: after[what] ?? 0,
    expected: expected[what]!,
    met: (after[what] ?? 0) - (before[what] ?? 0) === expected[what],
  }));
}

export interface OperationRow {
  operation: SoakOperation;
  count: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  errors: number;
  /** Answers that were not the expected status, by status (or connection error). */
  unexpected: Record<string, number>;
  /** The first few unexpected answers with their bodies. */
  samples: string[];
}

/** Per operation over one phase; `expected` names each operation's expected status. */
export function operationRows(phase: PhaseTally, expected: Readonly<Record<SoakOperation, number>>): OperationRow[] {
  return SOAK_OPERATIONS.map((operation) => {
    const tally: OperationTally = phase.operations[operation];
    const unexpected = Object.fromEntries(Object.entries(tally.statusCodes).filter(([code]) => code !== String(expected[operation])));
    return {
      operation,
      count: tally.count,
      p50Ms: percentile(tally.latenciesMs, 50),
      p99Ms: percentile(tally.latenciesMs, 99),
      maxMs: tally.latenciesMs.length ? tally.latenciesMs.reduce((max, ms) => Math.max(max, ms), 0) : Number.NaN,
      errors: tally.errors,
      unexpected,
      samples: tally.samples,
    };
  });
}

export interface SoakResult {
  db: string;
  ramp: RampStep[];
  warmupErrors: number;
  maximumOpsPerSecond: number;
  targetOpsPerSecond: number;
  soak: { seconds: number; issued: number; completed: number; maxInFlight: number; operations: OperationRow[] };
  rss: { atReadyMb: number; samplesMb: number[]; judgement: RssJudgement };
  cpuUsPerResponse: number;
  cpuPercent: number;
  rows: RowCheck[];
}

export interface Verdict {
  check: string;
  measured: string;
  met: boolean;
}

/** The rows the soak is judged on (issue 22): no errors anywhere, RSS flat, every count matching. */
export function verdicts(result: SoakResult): Verdict[] {
  const soakErrors = result.soak.operations.reduce((sum, row) => sum + row.errors, 0);
  const rampErrors = result.warmupErrors + result.ramp.reduce((sum, step) => sum + step.errors, 0);
  const { judgement } = result.rss;
  return [
    { check: 'errors = 0 (soak)', measured: String(soakErrors), met: soakErrors === 0 },
    { check: 'errors = 0 (warm-up and ramp)', measured: String(rampErrors), met: rampErrors === 0 },
    {
      check: `RSS flat: peak of the last third ≤ peak of the middle third + ${fixed(judgement.allowanceMb)} MB`,
      measured: `${fixed(judgement.peaksMb[1])} → ${fixed(judgement.peaksMb[2])} MB (${judgement.growthMb >= 0 ? '+' : ''}${fixed(judgement.growthMb)})`,
      met: judgement.flat,
    },
    ...result.rows.map((row) => ({
      check: `rows match: ${row.what}`,
      measured: `${(row.after - row.before).toLocaleString('en-US')} added, ${row.expected.toLocaleString('en-US')} made`,
      met: row.met,
    })),
  ];
}

const fixed = (value: number, digits = 1) => (Number.isFinite(value) ? value.toFixed(digits) : 'n/a');
const int = (value: number) => Math.round(value).toLocaleString('en-US');
const codes = (counts: Record<string, number>) =>
  Object.entries(counts)
    .map(([code, count]) => `${count}×${code}`)
    .join(', ');

export interface SoakContext {
  generatedAt: string;
  machine: string;
  git: string;
  options: { durationSeconds: number; rampStepSeconds: number; warmupSeconds: number; connections: number; db: string };
}

export function soakMarkdown(result: SoakResult, context: SoakContext): string {
  const { options } = context;
  const lines: string[] = [];
  lines.push('# Evenpay soak', '');
  lines.push(`- When: ${context.generatedAt}; code: ${context.git}`);
  lines.push(`- Machine: ${context.machine}`);
  lines.push(
    `- Options: --soak-duration ${options.durationSeconds} --soak-ramp-step ${options.rampStepSeconds} --warmup ${options.warmupSeconds} --connections ${options.connections} --db ${options.db}`,
  );
  lines.push(
    `- Load: the mix (bench/README.md, "Soak") at ${Math.round(SOAK_LOAD_SHARE * 100)} % of the measured maximum of ${fixed(result.maximumOpsPerSecond)} ops/s: ` +
      `${fixed(result.targetOpsPerSecond)} ops/s for ${fixed(result.soak.seconds)} s; ${int(result.soak.issued)} issued, ${int(result.soak.completed)} answered, at most ${result.soak.maxInFlight} in flight.`,
  );
  if (options.durationSeconds < 300) lines.push(`- **Short soak (${options.durationSeconds} s): a smoke test of the harness; the issue's soak is 300 s.**`);
  lines.push('');
  lines.push('## Verdict', '', '| check | measured | |', '|---|---|---|');
  for (const verdict of verdicts(result)) lines.push(`| ${verdict.check} | ${verdict.measured} | ${verdict.met ? 'met' : '**not met**'} |`);
  lines.push('');
  lines.push('## Operations during the soak', '');
  lines.push('| operation | count | p50 ms | p99 ms | max ms | errors |', '|---|---:|---:|---:|---:|---:|');
  for (const row of result.soak.operations) {
    const unexpected = codes(row.unexpected);
    lines.push(
      `| ${row.operation} | ${int(row.count)} | ${fixed(row.p50Ms)} | ${fixed(row.p99Ms)} | ${fixed(row.maxMs)} | ${row.errors}${unexpected ? ` (${unexpected})` : ''} |`,
    );
  }
  const total = result.soak.operations.reduce((sum, row) => sum + row.count, 0);
  lines.push(`| all | ${int(total)} | | | | ${result.soak.operations.reduce((sum, row) => sum + row.errors, 0)} |`);
  lines.push('');
  const samples = result.soak.operations.flatMap((row) => row.samples);
  if (samples.length)
    lines.push('Unexpected answers (the first few of each operation):', '', ...samples.map((sample) => `- \`${sample.replace(/`/g, "'")}\``), '');
  lines.push(
    `Service CPU during the soak: ${fixed(result.cpuPercent, 0)} % of one core, **${int(result.cpuUsPerResponse)} µs per response** (all operations together).`,
    '',
  );
  lines.push('## Finding the maximum', '');
  lines.push('| connections (closed loop) | ops/s | errors |', '|---:|---:|---:|');
  for (const step of result.ramp) lines.push(`| ${step.connections} | ${fixed(step.opsPerSecond)} | ${step.errors} |`);
  lines.push('');
  const { judgement } = result.rss;
  lines.push('## Memory', '');
  lines.push(
    `RSS at start ${fixed(result.rss.atReadyMb)} MB; peak of each third of the soak ${judgement.peaksMb.map((mb) => fixed(mb)).join(' / ')} MB ` +
      `(${result.rss.samplesMb.length} samples, one a second; all of them in the JSON).`,
    '',
  );
  lines.push('## Rows', '');
  lines.push('| table | before | after | added | made by the generator | |', '|---|---:|---:|---:|---:|---|');
  for (const row of result.rows)
    lines.push(
      `| ${row.what} | ${int(row.before)} | ${int(row.after)} | ${int(row.after - row.before)} | ${int(row.expected)} | ${row.met ? 'met' : '**not met**'} |`,
    );
  lines.push('');
  lines.push(
    'Latency is measured by the generator, from the moment a request was due (open loop) to the end of its answer, in ms. ' +
      'An error is any answer other than the operation\'s documented success status (or no answer). "Before" is counted after the set-up and before the warm-up; the generator counts every successful create of every phase.',
  );
  return `${lines.join('\n')}\n`;
}
