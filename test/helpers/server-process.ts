// The real service as a separate OS process (src/server.ts), on the test database: for tests
// that must prove a guarantee across processes, not just across requests.
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { repoRoot } from '../../scripts/lib/apis.js';

export interface ServerProcess {
  baseUrl: string;
  /** Sends SIGTERM (graceful shutdown) without waiting. */
  terminate(): void;
  /** Kills the process at once (SIGKILL: no shutdown, nothing flushed) and waits until it is gone. */
  crash(): Promise<void>;
  /** Freezes the process where it stands (SIGSTOP), or lets it run on (SIGCONT). */
  freeze(): void;
  thaw(): void;
  pid: number;
  /** Everything the process has written to stdout and stderr so far. */
  output(): string;
  /** Resolves with the exit code when the process ends. */
  exited: Promise<number | null>;
  stop(): Promise<void>;
}

export async function startServerProcess(databaseUrl: string, extraEnv: Record<string, string> = {}): Promise<ServerProcess> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'src', 'server.ts')], {
    cwd: repoRoot,
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      PORT: '0',
      HOST: '127.0.0.1',
      SEED_SANDBOX: 'false',
      LOG_LEVEL: 'silent',
      NODE_ENV: 'test',
      WEBHOOK_DISPATCHER: 'off',
      RATE_LIMIT_PER_SECOND: '1000000',
      ...extraEnv,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const baseUrl = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server process did not start:\n${output}`)), 30_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/localhost:\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!.replace('localhost', '127.0.0.1'));
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server process exited with ${code}:\n${output}`));
    });
  });
  const exited = new Promise<number | null>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve(child.exitCode);
    else child.once('exit', (code) => resolve(code));
  });
  return {
    baseUrl,
    terminate: () => child.kill('SIGTERM'),
    crash: async () => {
      child.kill('SIGKILL');
      await exited;
    },
    freeze: () => child.kill('SIGSTOP'),
    thaw: () => child.kill('SIGCONT'),
    pid: child.pid!,
    output: () => output,
    exited,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
