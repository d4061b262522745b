// Command-line options of `npm run bench -- …`.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { repoRoot } from '../../lib/apis.js';
import type { DbKind } from './setup.js';

export interface BenchOptions {
  durationSeconds: number;
  connections: number;
  warmupSeconds: number;
  dbs: DbKind[];
  runs: number;
  jsonFile: string;
  mdFile: string;
  mysqlUrl: string;
  coldStart: boolean;
  codegen: boolean;
  /** Where each Evenpay target's CPU profile goes (`--cpu-prof`), or null. */
  profileDir: string | null;
  /** `--soak`: the mixed-load soak instead of the targets (bench/README.md, "Soak"). */
  soak: boolean;
  soakDurationSeconds: number;
  soakRampStepSeconds: number;
}

export const USAGE = `Usage: npm run bench -- [options]

  --duration <s>      measured seconds per target (default 10)
  --connections <n>   concurrent autocannon connections (default 50)
  --warmup <s>        discarded warm-up seconds before each measurement (default 1)
  --db <which>        sqlite | mariadb | both (default both; with --soak, mariadb)
  --runs <n>          repeat everything n times and report the median of each figure (default 1)
  --json <file>       results as JSON (default build/bench/results.json; soak.json with --soak)
  --md <file>         the Markdown report (default build/bench/RESULTS.md; SOAK.md with --soak)
  --mysql-url <url>   the MariaDB database to drop, create and migrate; its name must contain
                      "bench" (default $BENCH_MYSQL_URL or mysql://root@127.0.0.1:3306/evenpay_bench)
  --no-cold-start     skip the cold-start timing
  --no-codegen        skip the codegen timing
  --cpu-prof          profile each Evenpay target (node --cpu-prof) and print where its time
                      goes while measured, by package and src/ folder (build/bench/profiles/)
  --soak              the mixed-load soak instead: find the mix's maximum, run it at 70 % of
                      that, judge errors, RSS and row counts (one database, not both)
  --soak-duration <s> seconds of the soak at 70 % (default 300)
  --soak-ramp-step <s> seconds of each step of the ramp that finds the maximum (default 5)
  -h, --help          this text

With --soak, --connections is the ramp's highest concurrency and --warmup its discarded start.`;

/** A mistake on the command line: reported as its message and the usage, without a stack. */
export class UsageError extends Error {}

function positive(name: string, value: string | undefined, fallback: number, { integer = false, allowZero = false } = {}): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0 || (!allowZero && n === 0) || (integer && !Number.isInteger(n))) {
    throw new UsageError(`--${name} must be a ${integer ? 'whole ' : ''}number${allowZero ? ' ≥ 0' : ' > 0'} (got ${value})\n\n${USAGE}`);
  }
  return n;
}

/** The database is dropped and created again: refuse any whose name does not say it is for benchmarks. */
function checkMysqlUrl(url: string): void {
  let name: string;
  try {
    name = new URL(url).pathname.slice(1);
  } catch {
    throw new UsageError(`--mysql-url is not a URL (got ${url})`);
  }
  if (!/bench/i.test(name))
    throw new UsageError(`--mysql-url: the database is dropped and recreated, so its name must contain "bench" (got ${name || 'none'})`);
}

const FLAGS = {
  duration: { type: 'string' },
  connections: { type: 'string' },
  warmup: { type: 'string' },
  db: { type: 'string' },
  runs: { type: 'string' },
  json: { type: 'string' },
  md: { type: 'string' },
  'mysql-url': { type: 'string' },
  'no-cold-start': { type: 'boolean' },
  'no-codegen': { type: 'boolean' },
  'cpu-prof': { type: 'boolean' },
  soak: { type: 'boolean' },
  'soak-duration': { type: 'string' },
  'soak-ramp-step': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

function flags(argv: string[]) {
  try {
    return parseArgs({ args: argv, strict: true, allowPositionals: false, options: FLAGS }).values;
  } catch (err) {
    throw new UsageError(`${err instanceof Error ? err.message : String(err)}\n\n${USAGE}`);
  }
}

export function parseOptions(argv: string[], env: NodeJS.ProcessEnv = process.env): BenchOptions | 'help' {
  const values = flags(argv);
  if (values.help) return 'help';
  const soak = values.soak ?? false;
  const db = values.db ?? (soak ? 'mariadb' : 'both');
  if (!['sqlite', 'mariadb', 'both'].includes(db)) throw new UsageError(`--db must be sqlite, mariadb or both (got ${db})\n\n${USAGE}`);
  if (soak && db === 'both') throw new UsageError(`--soak runs on one database: --db sqlite or --db mariadb\n\n${USAGE}`);
  if (soak && (values['cpu-prof'] || values.runs !== undefined || values.duration !== undefined))
    throw new UsageError(`--cpu-prof, --runs and --duration do not go with --soak (its length is --soak-duration)\n\n${USAGE}`);
  if (!soak && (values['soak-duration'] !== undefined || values['soak-ramp-step'] !== undefined))
    throw new UsageError(`--soak-duration and --soak-ramp-step go with --soak\n\n${USAGE}`);
  const mysqlUrl = values['mysql-url'] ?? env.BENCH_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/evenpay_bench';
  if (db !== 'sqlite') checkMysqlUrl(mysqlUrl);
  return {
    durationSeconds: positive('duration', values.duration, 10),
    connections: positive('connections', values.connections, 50, { integer: true }),
    warmupSeconds: positive('warmup', values.warmup, 1, { allowZero: true }),
    dbs: db === 'both' ? ['sqlite', 'mariadb'] : [db as DbKind],
    runs: positive('runs', values.runs, 1, { integer: true }),
    jsonFile: path.resolve(values.json ?? path.join(repoRoot, 'build', 'bench', soak ? 'soak.json' : 'results.json')),
    mdFile: path.resolve(values.md ?? path.join(repoRoot, 'build', 'bench', soak ? 'SOAK.md' : 'RESULTS.md')),
    mysqlUrl,
    coldStart: !values['no-cold-start'],
    codegen: !values['no-codegen'],
    profileDir: values['cpu-prof'] ? path.join(repoRoot, 'build', 'bench', 'profiles') : null,
    soak,
    soakDurationSeconds: positive('soak-duration', values['soak-duration'], 300),
    soakRampStepSeconds: positive('soak-ramp-step', values['soak-ramp-step'], 5),
  };
}
