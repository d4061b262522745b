// Released contracts: snapshots of each version's bundled spec, one file per released
// `info.version`, under openapi/releases/<version>/. They are what the breaking-change gate and
// the changelog compare against.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { repoRoot } from './apis.js';

export const releasesDir = path.join(repoRoot, 'openapi', 'releases');

export interface Release {
  version: string;
  file: string;
}

function semver(v: string): number[] {
  return v.split('.').map((n) => Number.parseInt(n, 10) || 0);
}

export function compareSemver(a: string, b: string): number {
  const [x, y] = [semver(a), semver(b)];
  for (let i = 0; i < Math.max(x.length, y.length); i++) if ((x[i] ?? 0) !== (y[i] ?? 0)) return (x[i] ?? 0) - (y[i] ?? 0);
  return 0;
}

/** Releases of an API version, oldest first. */
export function releasesOf(apiVersion: string): Release[] {
  const dir = path.join(releasesDir, apiVersion);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => ({ version: f.replace(/\.yaml$/, ''), file: path.join(dir, f) }))
    .sort((a, b) => compareSemver(a.version, b.version));
}

export function loadYaml(file: string): Record<string, unknown> {
  return parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
}
