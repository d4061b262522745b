// The operator's command line run in-process on the project's database, as the contract tests
// drive it: what it printed and its exit code.
import { inject } from 'vitest';
import type { EvenpayApp } from '../../src/app.js';
import { runOperator } from '../../src/operator-cli.js';

export async function runOperatorOn(evenpay: EvenpayApp, argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runOperator(
    argv,
    { out: (text) => out.push(text), err: (text) => err.push(text) },
    { ...evenpay.services.config, databaseUrl: inject('databaseUrl') },
  );
  return { code, out: out.join('\n'), err: err.join('\n') };
}
