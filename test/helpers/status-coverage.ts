// Records which (operation, status) pairs — and for problems (operation, status, code) — the
// contract suite produced, and on teardown fails the run if any documented pair was never
// exercised: every status of every operation, and every error code its examples list.
import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { listApis } from '../../scripts/lib/apis.js';
import { loadBundledSpec } from '../../src/http/spec.js';
import { documentedCodes, type SpecMatch } from './spec-oracle.js';

export function coverageDir(project: string): string {
  return path.join(tmpdir(), `evenpay-status-coverage-${project}-${process.pid}`);
}

export function recordStatus(dir: string, match: SpecMatch): void {
  if (!match.operationId) return;
  mkdirSync(dir, { recursive: true });
  const line = `${match.version} ${match.operationId} ${match.status}`;
  appendFileSync(path.join(dir, `${process.pid}.txt`), `${line}\n${match.code !== undefined ? `${line} ${match.code}\n` : ''}`);
}

export function documentedStatuses(): string[] {
  const pairs: string[] = [];
  for (const { version } of listApis()) {
    const spec = loadBundledSpec(version);
    for (const item of Object.values(spec.paths)) {
      for (const operation of Object.values(item) as Array<{ operationId?: string; responses?: Record<string, object> }>) {
        if (!operation?.operationId) continue;
        // `default` documents the unexpected (500 internal_error), which no test can produce on purpose.
        for (const [status, response] of Object.entries(operation.responses ?? {})) {
          if (status === 'default') continue;
          pairs.push(`${version} ${operation.operationId} ${status}`);
          for (const code of documentedCodes(spec, response)) pairs.push(`${version} ${operation.operationId} ${status} ${code}`);
        }
      }
    }
  }
  return pairs;
}

/**
 * Statuses no database decides: a 400 is the request validator's verdict on what was sent, a 410
 * the spec's brownout and sunset dates against the clock. One database project producing such a
 * pair in the run proves it. Every other status (2xx, 401, 404, 409, 422, 503…) depends on what
 * a database holds, locks or fails at, so each database project must produce it itself.
 */
export const DATABASE_INDEPENDENT_STATUSES: ReadonlySet<string> = new Set(['400', '410']);

function seenIn(dir: string): Set<string> {
  const seen = new Set<string>();
  if (existsSync(dir)) {
    for (const file of readdirSync(dir)) {
      for (const line of readFileSync(path.join(dir, file), 'utf8').split('\n')) if (line) seen.add(line);
    }
  }
  return seen;
}

/**
 * Fails unless `dir` (this project's records) holds every documented pair, or, for a pair whose
 * status is in DATABASE_INDEPENDENT_STATUSES, one of `otherDirs` (the other database projects of
 * the same run) does.
 */
export function assertEveryDocumentedStatusSeen(dir: string, project: string, otherDirs: string[] = []): void {
  const seen = seenIn(dir);
  const elsewhere = new Set(otherDirs.flatMap((other) => [...seenIn(other)]));
  const missing = documentedStatuses().filter((pair) => !seen.has(pair) && !(DATABASE_INDEPENDENT_STATUSES.has(pair.split(' ')[2]!) && elsewhere.has(pair)));
  if (missing.length) {
    throw new Error(`[${project}] documented responses never exercised by the contract suite:\n  ${missing.join('\n  ')}`);
  }
}
