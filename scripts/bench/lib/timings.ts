// Two one-shot timings next to the load figures: how long the service takes from spawn to
// accepting requests, and how long the full codegen takes.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { openDatabase } from '../../../src/data/database.js';
import { migrate } from '../../../src/data/migrate.js';
import { repoRoot } from '../../lib/apis.js';
import { SERVICE_ENTRY } from './child.js';

/**
 * Spawn to the "listening on" line of the compiled service, `node build/service/src/server.js`
 * (as `npm start` and the Dockerfile run it; the bench builds it first), on a fresh SQLite file — so the time includes creating the file and running every
 * migration — with no sandbox seeding and no webhook dispatcher. Milliseconds. `premigrated`:
 * the file is migrated before the spawn (a restart or a new replica), so only the service's own
 * start is timed.
 */
export async function coldStartMs({ premigrated = false } = {}): Promise<number> {
  const dir = mkdtempSync(path.join(tmpdir(), 'evenpay-bench-cold-'));
  try {
    if (premigrated) {
      const sequelize = await openDatabase(`sqlite:${path.join(dir, 'evenpay.sqlite')}`);
      try {
        await migrate(sequelize);
      } finally {
        await sequelize.close();
      }
    }
    const started = performance.now();
    const child = spawn(process.execPath, [path.join(repoRoot, SERVICE_ENTRY)], {
      cwd: repoRoot,
      env: {
        ...process.env,
        DATABASE_URL: `sqlite:${path.join(dir, 'evenpay.sqlite')}`,
        PORT: '0',
        HOST: '127.0.0.1',
        SEED_SANDBOX: 'false',
        WEBHOOK_DISPATCHER: 'off',
        VALIDATE_RESPONSES: 'false',
        LOG_LEVEL: 'silent',
        SHUTDOWN_DRAIN_MS: '0',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    let output = '';
    try {
      return await new Promise<number>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`${SERVICE_ENTRY} did not start within 60 s:\n${output}`)), 60_000);
        const onData = (chunk: Buffer) => {
          output += chunk.toString();
          if (/listening on http:\/\//.test(output)) {
            clearTimeout(timer);
            resolve(performance.now() - started);
          }
        };
        child.stdout.on('data', onData);
        child.stderr.on('data', onData);
        child.once('exit', (code) => {
          clearTimeout(timer);
          reject(new Error(`${SERVICE_ENTRY} exited with ${code} before listening:\n${output}`));
        });
      });
    } finally {
      const force = setTimeout(() => child.kill('SIGKILL'), 10_000);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
      clearTimeout(force);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * `npm run -s generate` — bundle, types and typed client for every version — into a temporary
 * directory (`-- --out <dir>`, the same code path the drift check uses), so a benchmark never
 * rewrites generated/ under someone editing the specs. Milliseconds.
 */
export async function codegenMs(): Promise<number> {
  const out = mkdtempSync(path.join(tmpdir(), 'evenpay-bench-codegen-'));
  try {
    const started = performance.now();
    await new Promise<void>((resolve, reject) => {
      const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
      const child = spawn(npm, ['run', '-s', 'generate', '--', '--out', out], { cwd: repoRoot, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, REDOCLY_TELEMETRY: 'off' } });
      let errors = '';
      child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
      child.once('error', reject);
      child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`npm run generate failed (${code}):\n${errors}`))));
    });
    return performance.now() - started;
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}
