// Optic (@useoptic/optic), an outside breaking-change checker, on two spec files, offline: its
// `breaking-changes` standard, telemetry and update checks off. It writes its findings to
// ci-run-details.json in its working directory (with CI=true), which is read back here; its exit
// code alone cannot tell a breaking change from a failure to run.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'yaml';
import { repoRoot } from './apis.js';

export interface OpticFinding {
  rule: string;
  where: string;
  error: string;
}

interface RunDetails {
  completed?: Array<{ comparison: { results: Array<{ name: string; where: string; error?: string; passed: boolean; exempted?: boolean }> } }>;
  failed?: Array<{ error?: string }>;
  /** The specs had no operation that changed: nothing to check. */
  noop?: unknown[];
}

const cli = path.join(repoRoot, 'node_modules', '@useoptic', 'optic', 'build', 'index.js');
const standard = path.join(repoRoot, 'scripts', 'optic-breaking.yml');

/** The breaking changes Optic finds from `before` to `after` (files); throws when it cannot run. */
export async function opticBreakingChanges(before: string, after: string): Promise<OpticFinding[]> {
  const cwd = mkdtempSync(path.join(tmpdir(), 'evenpay-optic-'));
  try {
    const env = { ...process.env, CI: 'true', OPTIC_TELEMETRY_LEVEL: 'off', NO_UPDATE_NOTIFIER: '1' };
    // Optic is handed JSON: its YAML loader costs it a quarter of a run on our specs.
    const asJson = (file: string, name: string) => {
      const json = path.join(cwd, `${name}.json`);
      writeFileSync(json, JSON.stringify(parse(readFileSync(file, 'utf8'))));
      return json;
    };
    const [base, head] = [asJson(before, 'before'), asJson(after, 'after')];
    await promisify(execFile)(process.execPath, [cli, 'diff', base, head, '--check', '--standard', standard], {
      cwd,
      env,
      maxBuffer: 64 * 1024 * 1024,
    }).catch((error: { code?: number; stderr?: string }) => {
      // Exit code 1 is also what a breaking change gives: the details file decides.
      if (error.code !== 1) throw new Error(`optic did not run: ${error.stderr ?? String(error)}`);
    });
    let details: RunDetails;
    try {
      details = JSON.parse(readFileSync(path.join(cwd, 'ci-run-details.json'), 'utf8')) as RunDetails;
    } catch {
      throw new Error('optic did not run: it wrote no ci-run-details.json');
    }
    const run = details.completed?.[0];
    if (!run && details.noop?.length) return [];
    if (!run) throw new Error(`optic did not compare the specs: ${details.failed?.[0]?.error ?? 'no result'}`);
    return run.comparison.results
      .filter((result) => !result.passed && !result.exempted)
      .map((result) => ({ rule: result.name, where: result.where, error: result.error ?? '' }));
  } finally {
    rmSync(cwd, { recursive: true, force: true });
  }
}
