// Records which (operation, status) pairs the contract suite produced, and on teardown fails
// the run if any documented pair was never exercised.
import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { listApis } from '../../scripts/lib/apis.js';
import { loadBundledSpec } from '../../src/http/spec.js';
import type { SpecMatch } from './spec-oracle.js';

export function coverageDir(project: string): string {
  return path.join(tmpdir(), `evenpay-status-coverage-${project}-${process.pid}`);
}

export function recordStatus(dir: string, match: SpecMatch): void {
  if (!match.operationId) return;
  mkdirSync(dir, { recursive: true });
  appendFileSync(path.join(dir, `${process.pid}.txt`), `${match.version} ${match.operationId} ${match.status}\n`);
}

export function documentedStatuses(): string[] {
  const pairs: string[] = [];
  for (const { version } of listApis()) {
    for (const item of Object.values(loadBundledSpec(version).paths)) {
      for (const operation of Object.values(item) as Array<{ operationId?: string; responses?: Record<string, unknown> }>) {
        if (!operation?.operationId) continue;
        // `default` documents failures of the platform (503 when the database is down, 500):
        // the outage tests produce them, not every operation's suite.
        for (const status of Object.keys(operation.responses ?? {})) if (status !== 'default') pairs.push(`${version} ${operation.operationId} ${status}`);
      }
    }
  }
  return pairs;
}

export function assertEveryDocumentedStatusSeen(dir: string, project: string): void {
  const seen = new Set<string>();
  if (existsSync(dir)) {
    for (const file of readdirSync(dir)) {
      for (const line of readFileSync(path.join(dir, file), 'utf8').split('\n')) if (line) seen.add(line);
    }
  }
  const missing = documentedStatuses().filter((pair) => !seen.has(pair));
  if (missing.length) {
    throw new Error(`[${project}] documented responses never exercised by the contract suite:\n  ${missing.join('\n  ')}`);
  }
}
