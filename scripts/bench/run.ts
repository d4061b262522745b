// `npm run bench`: autocannon, in one run and on the same machine, against bare node:http, bare
// Express 5 and three Evenpay endpoints on SQLite and on MariaDB; each target is its own child
// process so its RSS is its own. Prints a Markdown table and writes it with a JSON twin (by
// default under build/bench/). Never part of `npm test`. See bench/README.md.
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../lib/apis.js';
import { cpuSecondsOf, startScriptTarget, startService, type TargetProcess } from './lib/child.js';
import { reportContext } from './lib/context.js';
import { type LoadRequest, measure, warmUp } from './lib/load.js';
import { type BenchOptions, parseOptions, USAGE, UsageError } from './lib/options.js';
import { monotonicUs, summarizeProfile } from './lib/profile.js';
import {
  isReference,
  markdown,
  type Row,
  type RunResult,
  rowOf,
  summarize,
  TARGET_CONNECTIONS,
  TARGET_LABELS,
  type TargetId,
  withRatios,
} from './lib/report.js';
import { authorizedTransaction, checkoutBody, type DbKind, expectCall, planQuoteBody, prepareDatabase } from './lib/setup.js';
import { codegenMs, coldStartMs } from './lib/timings.js';
import { soak } from './soak.js';

const log = (message: string) => process.stderr.write(`${message}\n`);

/** Starts the target, prepares and probes it (one request that must succeed), warms up, measures, stops it. */
async function bench(
  options: BenchOptions,
  target: TargetId,
  db: DbKind | null,
  start: (nodeArgs: string[]) => Promise<TargetProcess>,
  prepare: (proc: TargetProcess) => Promise<{ request: LoadRequest; probe: () => Promise<unknown> }>,
): Promise<Row> {
  // Only the service is profiled (the reference targets ignore nodeArgs); the last run's profile is kept.
  const profileDir = options.profileDir && !isReference(target) && db ? path.join(options.profileDir, `${db}-${target}`) : null;
  if (profileDir) rmSync(profileDir, { recursive: true, force: true });
  const proc = await start(profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []);
  let window: { fromUs: number; toUs: number } | undefined;
  try {
    const { request, probe } = await prepare(proc);
    await probe();
    proc.startSampling();
    // A target may be measured with its own number of connections (checkout at 10, issue 22).
    const load = { ...options, connections: TARGET_CONNECTIONS[target] ?? options.connections };
    await warmUp(proc.baseUrl, request, load);
    const serverCpuBefore = cpuSecondsOf(proc.pid);
    const loaderCpuBefore = process.cpuUsage();
    const fromUs = monotonicUs();
    const figures = await measure(proc.baseUrl, request, load);
    window = { fromUs, toUs: monotonicUs() };
    const loaderCpu = process.cpuUsage(loaderCpuBefore);
    const serverCpu = cpuSecondsOf(proc.pid) - serverCpuBefore;
    const maxRss = proc.stopSampling();
    const row = rowOf(target, db, figures, {
      connections: load.connections,
      rss: { max: maxRss, atReady: proc.rssAtReady },
      cpuPercent: {
        server: (100 * serverCpu) / figures.durationSeconds,
        loader: (100 * (loaderCpu.user + loaderCpu.system)) / 1e6 / figures.durationSeconds,
      },
    });
    const problems =
      row.errors + row.non2xx ? `  errors ${row.errors} (timeouts ${row.timeouts}), non-2xx ${row.non2xx} ${JSON.stringify(row.statusCodes)}` : '';
    log(
      `  ${TARGET_LABELS[target].padEnd(48)} ${(db ?? '—').padEnd(8)} ${Math.round(row.reqPerSec).toString().padStart(7)} req/s  p50 ${row.p50Ms} ms  p99 ${row.p99Ms} ms  RSS ${row.maxRssMb.toFixed(1)} MB  CPU server ${Math.round(row.serverCpuPercent)} % (${Math.round(row.serverCpuUsPerResponse)} µs/response), autocannon ${Math.round(row.loaderCpuPercent)} %${problems}`,
    );
    return row;
  } finally {
    await proc.stop();
    if (profileDir && window) {
      const layers = summarizeProfile(profileDir, window, 12);
      log(`    where the time went (self time while measured; all of it in ${path.relative(repoRoot, profileDir)}/layers.txt):`);
      for (const { layer, percent } of layers) log(`      ${percent.toFixed(1).padStart(5)} %  ${layer}`);
    }
  }
}

async function expectOk(url: string): Promise<void> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`GET ${url}: ${res.status}`);
  await res.text();
}

async function benchService(options: BenchOptions, db: DbKind): Promise<Row[]> {
  const database = await prepareDatabase(db, options.mysqlUrl);
  const service = (nodeArgs: string[]) => startService(database.url, nodeArgs);
  const auth = { authorization: database.bearer };
  try {
    const rows: Row[] = [];
    let transactionPath = '';
    rows.push(
      await bench(options, 'get-transaction', db, service, async (proc) => {
        transactionPath = `/v2/transactions/${await authorizedTransaction(proc.baseUrl, database.bearer)}`;
        return {
          request: { method: 'GET', path: transactionPath, headers: auth },
          probe: () => expectCall(proc.baseUrl, database.bearer, 'GET', transactionPath, 200),
        };
      }),
    );
    // The same read with only Express, the validator and the driver: what (c) cannot go below.
    rows.push(
      await bench(
        options,
        'floor-get-transaction',
        db,
        () => startScriptTarget('validator-floor.ts', { FLOOR_DATABASE_URL: database.url }),
        async (proc) => ({ request: { method: 'GET', path: transactionPath }, probe: () => expectOk(`${proc.baseUrl}${transactionPath}`) }),
      ),
    );
    // What a performance-first stack gets for the same read: a reference, never a goal.
    rows.push(
      await bench(
        options,
        'fastify-get-transaction',
        db,
        () => startScriptTarget('fastify-reference.ts', { FLOOR_DATABASE_URL: database.url }),
        async (proc) => ({ request: { method: 'GET', path: transactionPath }, probe: () => expectOk(`${proc.baseUrl}${transactionPath}`) }),
      ),
    );
    for (const target of ['post-checkout', 'post-checkout-10'] as const) {
      rows.push(
        await bench(options, target, db, service, async (proc) => ({
          request: { method: 'POST', path: '/v2/checkouts', headers: auth, freshIdempotencyKey: true, bodyPerRequest: () => checkoutBody() },
          probe: () => expectCall(proc.baseUrl, database.bearer, 'POST', '/v2/checkouts', 201, checkoutBody(), { 'Idempotency-Key': `probe-${Date.now()}` }),
        })),
      );
    }
    rows.push(
      await bench(options, 'post-plan-quote', db, service, async (proc) => ({
        request: { method: 'POST', path: '/v2/plan-quotes', headers: auth, body: planQuoteBody },
        probe: () => expectCall(proc.baseUrl, database.bearer, 'POST', '/v2/plan-quotes', 200, planQuoteBody),
      })),
    );
    return rows;
  } finally {
    await database.drop();
  }
}

async function benchRun(options: BenchOptions, index: number): Promise<RunResult> {
  log(`run ${index + 1}/${options.runs}`);
  const rows: Row[] = [];
  rows.push(
    await bench(
      options,
      'node-http',
      null,
      () => startScriptTarget('node-http.ts'),
      async (proc) => ({ request: { method: 'GET', path: '/' }, probe: () => expectOk(`${proc.baseUrl}/`) }),
    ),
  );
  rows.push(
    await bench(
      options,
      'express-hello',
      null,
      () => startScriptTarget('express-hello.ts'),
      async (proc) => ({ request: { method: 'GET', path: '/' }, probe: () => expectOk(`${proc.baseUrl}/`) }),
    ),
  );
  for (const db of options.dbs) rows.push(...(await benchService(options, db)));
  let cold: number | null = null;
  let warmDb: number | null = null;
  if (options.coldStart) {
    cold = await coldStartMs();
    warmDb = await coldStartMs({ premigrated: true });
    log(`  cold start ${(cold / 1000).toFixed(2)} s on a fresh SQLite file, ${(warmDb / 1000).toFixed(2)} s on a migrated one`);
  }
  let codegen: number | null = null;
  if (options.codegen) {
    codegen = await codegenMs();
    log(`  codegen ${(codegen / 1000).toFixed(2)} s`);
  }
  return { rows: withRatios(rows), coldStartMs: cold, warmDbStartMs: warmDb, codegenMs: codegen };
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  if (options === 'help') {
    console.log(USAGE);
    return;
  }
  // The service is measured as it runs in production: compiled, not through tsx.
  log('npm run build:service');
  execFileSync('npm', ['run', '-s', 'build:service'], { cwd: repoRoot, stdio: ['ignore', 'inherit', 'inherit'] });
  if (options.soak) {
    await soak(options);
    return;
  }
  const runs: RunResult[] = [];
  for (let i = 0; i < options.runs; i++) runs.push(await benchRun(options, i));
  const summary = summarize(runs);

  const context = {
    ...reportContext(),
    options: { durationSeconds: options.durationSeconds, warmupSeconds: options.warmupSeconds, connections: options.connections, runs: options.runs },
  };
  const report = markdown(summary, context);
  const json = { ...context, options: { ...context.options, dbs: options.dbs }, summary, runs };

  mkdirSync(path.dirname(options.jsonFile), { recursive: true });
  writeFileSync(options.jsonFile, `${JSON.stringify(json, null, 2)}\n`);
  mkdirSync(path.dirname(options.mdFile), { recursive: true });
  writeFileSync(options.mdFile, report);
  process.stdout.write(`\n${report}\n`);
  log(`wrote ${path.relative(process.cwd(), options.mdFile) || options.mdFile} and ${path.relative(process.cwd(), options.jsonFile) || options.jsonFile}`);
}

main().catch((err: unknown) => {
  const detail = err instanceof UsageError ? err.message : err instanceof Error ? (err.stack ?? err.message) : String(err);
  process.stderr.write(`bench failed: ${detail}\n`);
  process.exit(1);
});
