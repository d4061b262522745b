// The list of published API versions lives in redocly.yaml (`apis:`); every script reads it from
// there so adding a version is one edit.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface ApiVersion {
  /** `evenpay@v2` — the name redocly knows it by. */
  alias: string;
  /** `v2` */
  version: string;
  /** Absolute path of the root spec file. */
  root: string;
}

export function listApis(): ApiVersion[] {
  const config = parse(readFileSync(path.join(repoRoot, 'redocly.yaml'), 'utf8')) as {
    apis: Record<string, { root: string }>;
  };
  return Object.entries(config.apis).map(([alias, api]) => ({
    alias,
    version: alias.split('@')[1] ?? alias,
    root: path.join(repoRoot, api.root),
  }));
}
