// `npm run bench -- --soak`: the service as the bench's other Evenpay targets run it, under the
// mix of partner traffic (lib/soak-mix.ts) at 70 % of the mix's measured maximum for minutes;
// judges errors, RSS and the database's rows against what the generator created. See
// bench/README.md, "Soak".
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { QueryTypes, type Sequelize } from 'sequelize';
import { openDatabase } from '../../src/data/database.js';
import { cpuSecondsOf, rssOf, startService } from './lib/child.js';
import { reportContext } from './lib/context.js';
import type { BenchOptions } from './lib/options.js';
import { MB } from './lib/report.js';
import { authorizedTransaction, type DbKind, expectCall, prepareDatabase } from './lib/setup.js';
import { type PhaseTally, SoakLoad } from './lib/soak-load.js';
import { EXPECTED_STATUS, expectedRows, SOAK_TABLES } from './lib/soak-mix.js';
import {
  checkRows,
  judgeRss,
  operationRows,
  type RampStep,
  rampConnections,
  rampMaximum,
  rampSaturated,
  SOAK_LOAD_SHARE,
  type SoakResult,
  soakMarkdown,
} from './lib/soak-report.js';

const log = (message: string) => process.stderr.write(`${message}\n`);

const BALANCE_SUM = 'balance_entries: Σ amount';

/** Every table the mix writes, and the Σ of the balance entries' amounts (what the captures and refunds moved). */
async function countRows(sequelize: Sequelize): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of SOAK_TABLES) {
    const [row] = await sequelize.query<{ n: number | string }>(`SELECT COUNT(*) AS n FROM ${table}`, { type: QueryTypes.SELECT });
    counts[table] = Number(row?.n ?? 0);
  }
  const [sum] = await sequelize.query<{ total: number | string | null }>('SELECT SUM(amount) AS total FROM balance_entries', { type: QueryTypes.SELECT });
  counts[BALANCE_SUM] = Number(sum?.total ?? 0);
  return counts;
}

const errorsOf = (phase: PhaseTally) => Object.values(phase.operations).reduce((sum, tally) => sum + tally.errors, 0);

export async function soak(options: BenchOptions): Promise<void> {
  const db: DbKind = options.dbs[0]!;
  log(
    `soak on ${db}: warm-up ${options.warmupSeconds} s, ramp to ${options.connections} connections (${options.soakRampStepSeconds} s a step), then ${options.soakDurationSeconds} s at ${Math.round(SOAK_LOAD_SHARE * 100)} %`,
  );
  const database = await prepareDatabase(db, options.mysqlUrl);
  let counter: Sequelize | undefined;
  let load: SoakLoad | undefined;
  const proc = await startService(database.url);
  try {
    // The reads need one loan to read from the first second.
    const transactionId = await authorizedTransaction(proc.baseUrl, database.bearer);
    const transaction = await expectCall(proc.baseUrl, database.bearer, 'GET', `/v2/transactions/${transactionId}`, 200);
    counter = await openDatabase(database.url);
    const before = await countRows(counter);

    load = new SoakLoad(proc.baseUrl, database.bearer, { checkoutId: String(transaction.checkout_id), transactionId }, options.connections);
    const warmup = options.warmupSeconds > 0 ? await load.closedLoop(4, options.warmupSeconds) : undefined;
    const ramp: RampStep[] = [];
    for (const connections of rampConnections(options.connections)) {
      const phase = await load.closedLoop(connections, options.soakRampStepSeconds);
      ramp.push({ connections, opsPerSecond: phase.completed / phase.seconds, errors: errorsOf(phase) });
      log(`  ramp: ${connections} connections, ${Math.round(ramp.at(-1)!.opsPerSecond)} ops/s, ${ramp.at(-1)!.errors} errors`);
      if (rampSaturated(ramp)) break;
    }
    const maximum = rampMaximum(ramp);
    const target = SOAK_LOAD_SHARE * maximum;
    log(`  soak: ${target.toFixed(1)} ops/s (${Math.round(SOAK_LOAD_SHARE * 100)} % of ${maximum.toFixed(1)}) for ${options.soakDurationSeconds} s`);

    const samplesMb: number[] = [];
    const sampler = setInterval(() => {
      samplesMb.push(rssOf(proc.pid) / MB);
      if (samplesMb.length % 30 === 0) log(`  ${samplesMb.length} s, RSS ${samplesMb.at(-1)!.toFixed(1)} MB`);
    }, 1000);
    const cpuBefore = cpuSecondsOf(proc.pid);
    const phase = await load.openLoop(target, options.soakDurationSeconds);
    const cpuSeconds = cpuSecondsOf(proc.pid) - cpuBefore;
    clearInterval(sampler);

    const after = await countRows(counter);
    const expected: Record<string, number> = { ...expectedRows(load.succeeded), [BALANCE_SUM]: load.balanceMoved };
    const result: SoakResult = {
      db,
      ramp,
      warmupErrors: warmup ? errorsOf(warmup) : 0,
      maximumOpsPerSecond: maximum,
      targetOpsPerSecond: target,
      soak: {
        seconds: phase.seconds,
        issued: phase.issued,
        completed: phase.completed,
        maxInFlight: phase.maxInFlight,
        operations: operationRows(phase, EXPECTED_STATUS),
      },
      rss: { atReadyMb: proc.rssAtReady / MB, samplesMb, judgement: judgeRss(samplesMb) },
      cpuUsPerResponse: phase.completed > 0 ? (cpuSeconds * 1e6) / phase.completed : Number.NaN,
      cpuPercent: (100 * cpuSeconds) / phase.seconds,
      rows: checkRows(before, after, expected),
    };
    const context = {
      ...reportContext(),
      options: {
        durationSeconds: options.soakDurationSeconds,
        rampStepSeconds: options.soakRampStepSeconds,
        warmupSeconds: options.warmupSeconds,
        connections: options.connections,
        db,
      },
    };
    const report = soakMarkdown(result, context);
    mkdirSync(path.dirname(options.jsonFile), { recursive: true });
    writeFileSync(options.jsonFile, `${JSON.stringify({ ...context, result, succeeded: load.succeeded }, null, 2)}\n`);
    mkdirSync(path.dirname(options.mdFile), { recursive: true });
    writeFileSync(options.mdFile, report);
    process.stdout.write(`\n${report}\n`);
    log(`wrote ${path.relative(process.cwd(), options.mdFile) || options.mdFile} and ${path.relative(process.cwd(), options.jsonFile) || options.jsonFile}`);
  } finally {
    load?.close();
    await counter?.close();
    await proc.stop();
    await database.drop();
  }
}
