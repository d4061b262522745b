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
import { startService } from './child.js';

/**
 * Spawn to the "listening on" line of the compiled service, started with `npm start`'s command
 * (the bench builds it first, and starts it exactly as for the load figures), on a fresh SQLite
 * file — so the time includes creating the file and
 * running every migration. Milliseconds. `premigrated`: the file is migrated before the spawn (a
 * restart or a new replica), so only the service's own start is timed.
 */
export async function coldStartMs({ premigrated = false } = {}): Promise<number> {
  const dir = mkdtempSync(path.join(tmpdir(), 'evenpay-bench-cold-'));
  try {
    const url = `sqlite:${path.join(dir, 'evenpay.sqlite')}`;
    if (premigrated) {
      const sequelize = await openDatabase(url);
      try {
        await migrate(sequelize);
      } finally {
        await sequelize.close();
      }
    }
    const started = performance.now();
    const service = await startService(url);
    const elapsed = performance.now() - started;
    await service.stop();
    return elapsed;
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
      const child = spawn(npm, ['run', '-s', 'generate', '--', '--out', out], {
        cwd: repoRoot,
        stdio: ['ignore', 'ignore', 'pipe'],
        env: { ...process.env, REDOCLY_TELEMETRY: 'off' },
      });
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
