// A benchmark target in its own child process, so the RSS measured is that server's alone:
// spawn it, wait for the line that says it listens, sample its resident set from /proc while it
// works, and stop it.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { createWriteStream, readFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../../lib/apis.js';
import { READY_PREFIX } from '../targets/ready.js';

export interface TargetProcess {
  pid: number;
  port: number;
  baseUrl: string;
  /** Resident set size right after the READY line, in bytes. */
  rssAtReady: number;
  /** Starts (or restarts) max-RSS sampling; `stopSampling()` returns the maximum seen since. */
  startSampling(everyMs?: number): void;
  stopSampling(): number;
  stop(): Promise<void>;
}

/** VmRSS of a process in bytes (Linux /proc), or 0 when it cannot be read. */
export function rssOf(pid: number): number {
  try {
    const match = /^VmRSS:\s+(\d+)\s+kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

let ticksPerSecond: number | undefined;

/** User + system CPU seconds a process has used so far (Linux /proc), or NaN when unreadable. */
export function cpuSecondsOf(pid: number): number {
  try {
    ticksPerSecond ??= Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    ticksPerSecond = 100;
  }
  try {
    // Fields after the command name (which may contain spaces, hence the last ')'): utime is the 14th field, stime the 15th.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / ticksPerSecond;
  } catch {
    return Number.NaN;
  }
}

/** How a target is started and how its output says it listens (returns the port once it does). */
interface Launch {
  name: string;
  args: string[];
  env: Record<string, string>;
  portFrom(output: string): number | undefined;
}

/** A bench script from scripts/bench/targets/ (a baseline), run by tsx; it prints `BENCH_READY {"port":…}`. */
export function startScriptTarget(script: string, env: Record<string, string> = {}): Promise<TargetProcess> {
  return startTarget({
    name: script,
    args: ['--import', 'tsx', path.join(repoRoot, 'scripts', 'bench', 'targets', script)],
    env,
    portFrom: (output) => {
      const line = output.split('\n').find((l) => l.startsWith(READY_PREFIX));
      return line ? (JSON.parse(line.slice(READY_PREFIX.length)) as { port: number }).port : undefined;
    },
  });
}

/**
 * The command `npm start` runs (package.json), split into node's flags (the heap size) and the
 * compiled entry point (`npm run build:service` first): the bench runs the service exactly so.
 */
export function startCommand(): { nodeFlags: string[]; entry: string } {
  const start = (JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { scripts: { start: string } }).scripts.start;
  const [command, ...args] = start.trim().split(/\s+/);
  const entry = args.pop();
  if (command !== 'node' || !entry || args.some((arg) => !arg.startsWith('--'))) throw new Error(`npm start is not "node [--flags] <entry>": ${start}`);
  return { nodeFlags: args, entry };
}

/**
 * Production settings (NODE_ENV=production is set for every target) plus: any free port,
 * responses not validated, no logging, no sandbox seeding, no webhook dispatcher, no shutdown
 * drain, and a rate limit so high the figures measure the service rather than a wall of 429s.
 */
function serviceEnv(databaseUrl: string): Record<string, string> {
  return {
    DATABASE_URL: databaseUrl,
    PORT: '0',
    HOST: '127.0.0.1',
    // BENCH_SERVICE_LOG=<file>: the service's warnings and errors go there (a 500 under load, say why).
    LOG_LEVEL: process.env.BENCH_SERVICE_LOG ? 'warn' : 'silent',
    VALIDATE_RESPONSES: 'false',
    RATE_LIMIT_PER_SECOND: '1000000',
    RATE_LIMIT_STORE: 'memory',
    WEBHOOK_DISPATCHER: 'off',
    SEED_SANDBOX: 'false',
    SHUTDOWN_DRAIN_MS: '0',
  };
}

/** The Evenpay service process on `databaseUrl`; ready at its `listening on` line. `nodeArgs`: e.g. --cpu-prof. */
export function startService(databaseUrl: string, nodeArgs: string[] = []): Promise<TargetProcess> {
  const { nodeFlags, entry } = startCommand();
  return startTarget({
    name: entry,
    args: [...nodeFlags, ...nodeArgs, path.join(repoRoot, entry)],
    env: serviceEnv(databaseUrl),
    portFrom: (output) => {
      const match = /listening on http:\/\/[^:\s]+:(\d+)/.exec(output);
      return match ? Number(match[1]) : undefined;
    },
  });
}

async function startTarget({ name, args, env, portFrom }: Launch): Promise<TargetProcess> {
  const child: ChildProcess = spawn(process.execPath, args, {
    cwd: repoRoot,
    env: { ...process.env, NODE_ENV: 'production', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const ready = await new Promise<{ port: number }>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`bench target ${name} did not start within 60 s:\n${output}`));
    }, 60_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const port = portFrom(output);
      if (port !== undefined) {
        clearTimeout(timer);
        resolve({ port });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`bench target ${name} exited (${signal ?? code}) before it was ready:\n${output}`));
    });
  });
  // Keep draining its output so a chatty child never blocks on a full pipe (into BENCH_SERVICE_LOG, when set).
  child.stdout!.removeAllListeners('data');
  if (process.env.BENCH_SERVICE_LOG) child.stdout!.pipe(createWriteStream(process.env.BENCH_SERVICE_LOG, { flags: 'a' }));
  else child.stdout!.resume();
  child.stderr!.removeAllListeners('data').on('data', (chunk: Buffer) => {
    if (output.length < 64_000) output += chunk.toString();
  });

  const pid = child.pid!;
  let max = 0;
  let sampler: NodeJS.Timeout | undefined;
  const sample = () => {
    max = Math.max(max, rssOf(pid));
  };
  return {
    pid,
    port: ready.port,
    baseUrl: `http://127.0.0.1:${ready.port}`,
    rssAtReady: rssOf(pid),
    startSampling(everyMs = 50) {
      if (sampler) clearInterval(sampler);
      max = 0;
      sample();
      sampler = setInterval(sample, everyMs);
    },
    stopSampling() {
      if (sampler) clearInterval(sampler);
      sampler = undefined;
      sample();
      return max;
    },
    async stop() {
      if (sampler) clearInterval(sampler);
      if (child.exitCode !== null || child.signalCode !== null) return;
      const force = setTimeout(() => child.kill('SIGKILL'), 10_000);
      child.kill('SIGTERM');
      await exited;
      clearTimeout(force);
    },
  };
}
