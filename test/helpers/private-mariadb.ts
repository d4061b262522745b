// A MariaDB server of the test's own (its own data directory and port, never the shared server on
// 3306), for tests that kill the database itself: `kill()` is SIGKILL (no shutdown, what a power
// cut or an OOM kill does), `start()` brings it back on the same data (crash recovery).
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import mysql from 'mysql2/promise';

export interface PrivateMariadb {
  /** `mysql://root@127.0.0.1:<port>/` (no database: add one to the path). */
  url: string;
  kill(): Promise<void>;
  start(): Promise<void>;
  /** Shuts it down and deletes its data. */
  destroy(): Promise<void>;
}

const run = promisify(execFile);

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function answers(port: number): Promise<boolean> {
  try {
    const connection = await mysql.createConnection({ host: '127.0.0.1', port, user: 'root' });
    await connection.end();
    return true;
  } catch {
    return false;
  }
}

export async function startPrivateMariadb(): Promise<PrivateMariadb> {
  const dir = mkdtempSync(path.join(tmpdir(), 'evenpay-mariadb-'));
  const datadir = path.join(dir, 'data');
  await run('mariadb-install-db', [
    '--no-defaults',
    `--datadir=${datadir}`,
    '--user=root',
    '--auth-root-authentication-method=normal',
    '--skip-test-db',
    '--skip-name-resolve',
  ]);
  const port = await freePort();
  let server: ChildProcess | undefined;
  let output = '';

  const start = async () => {
    server = spawn(
      'mariadbd',
      [
        '--no-defaults',
        `--datadir=${datadir}`,
        `--port=${port}`,
        '--bind-address=127.0.0.1',
        `--socket=${path.join(dir, 'sock')}`,
        `--pid-file=${path.join(dir, 'pid')}`,
        '--user=root',
        '--skip-log-bin',
        '--skip-name-resolve',
        '--innodb-buffer-pool-size=16M',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    server.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    server.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const deadline = Date.now() + 30_000;
    while (!(await answers(port))) {
      if (server.exitCode !== null || Date.now() > deadline) throw new Error(`private MariaDB did not start:\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  const stopWith = async (signal: NodeJS.Signals) => {
    const process = server;
    if (!process || process.exitCode !== null || process.signalCode !== null) return;
    const exited = new Promise((resolve) => process.once('exit', resolve));
    process.kill(signal);
    await exited;
  };

  await start();
  return {
    url: `mysql://root@127.0.0.1:${port}/`,
    kill: () => stopWith('SIGKILL'),
    start,
    destroy: async () => {
      await stopWith('SIGTERM');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
