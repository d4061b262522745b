// Runs the Redocly CLI the project pins, offline and without telemetry.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { repoRoot } from './apis.js';

const cli = path.join(repoRoot, 'node_modules', '@redocly', 'cli', 'bin', 'cli.js');

export function redocly(args: string[]): string {
  return execFileSync(process.execPath, [cli, ...args], {
    cwd: repoRoot,
    env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}
