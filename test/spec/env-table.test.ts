// The README's Environment table is the one list of the variables the project reads: every name
// the code reads is a row, and every row is read somewhere (or written for the shell by the first
// start, as EVENPAY_PUBLISHABLE_KEY is), so the table cannot drift from the code.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../scripts/lib/apis.js';

// What the service, the tools, the examples and the test harness read (test files' own knobs,
// such as the variables a test hands a child process, are theirs).
const ROOTS = ['src', 'scripts', 'examples', 'test/helpers', 'test/setup'];
const CODE = /\.(ts|mts|cts|js|mjs|cjs|sh)$/;

// `process.env.NAME`, `env.NAME` (src/config.ts and scripts/bench read a passed-in env),
// `env['NAME']`, a helper handed the env and a name (`integerSetting(env, 'NAME', …)`), and in
// a shell script `${NAME:-default}` or `${NAME:?message}`.
const READS = [
  /\$\{([A-Z][A-Z0-9_]*):[-?]/g,
  /\benv\.([A-Z][A-Z0-9_]*)\b/g,
  /\benv\[\s*['"`]([A-Z][A-Z0-9_]*)['"`]\s*\]/g,
  /\(\s*env\s*,\s*['"`]([A-Z][A-Z0-9_]*)['"`]/g,
];

function codeFiles(): string[] {
  return ROOTS.flatMap((root) =>
    readdirSync(path.join(repoRoot, root), { recursive: true, encoding: 'utf8' })
      .filter((file) => CODE.test(file))
      .map((file) => path.join(root, file)),
  );
}

/** Each name read, with the files that read it. */
function namesRead(): Map<string, string[]> {
  const read = new Map<string, string[]>();
  for (const file of codeFiles()) {
    const source = readFileSync(path.join(repoRoot, file), 'utf8');
    for (const pattern of READS)
      for (const [, name] of source.matchAll(pattern)) {
        const files = read.get(name!) ?? [];
        if (!files.includes(file)) files.push(file);
        read.set(name!, files);
      }
  }
  return read;
}

/** The names the first start writes into data/sandbox.env for `source` (src/seed.ts). */
function namesWrittenForTheShell(): string[] {
  return [...readFileSync(path.join(repoRoot, 'src', 'seed.ts'), 'utf8').matchAll(/export ([A-Z][A-Z0-9_]*)=/g)].map(([, name]) => name!);
}

/** The README's Environment table: each row's names (its first cell may name several). */
function tableRows(): string[][] {
  const readme = readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('\n## Environment\n'), readme.indexOf('\n## ', readme.indexOf('\n## Environment\n') + 1));
  return section
    .split('\n')
    .filter((line) => line.startsWith('| `'))
    .map((line) => [...line.split('|')[1]!.matchAll(/`([A-Z][A-Z0-9_]*)`/g)].map(([, name]) => name!));
}

describe('the README table of environment variables', () => {
  const read = namesRead();
  const rows = tableRows();
  const documented = rows.flat();

  it('is found, one row per variable or pair', () => {
    expect(rows.length).toBeGreaterThan(20);
    expect(documented).toContain('DATABASE_URL');
    expect(new Set(documented).size).toBe(documented.length);
  });

  it('has a row for every variable the code reads', () => {
    const missing = [...read].filter(([name]) => !documented.includes(name)).map(([name, files]) => `${name} (${files.join(', ')})`);
    expect(missing).toEqual([]);
  });

  it('lists only variables something reads or writes for the shell', () => {
    const shell = namesWrittenForTheShell();
    expect(shell).toEqual(['EVENPAY_SECRET_KEY', 'EVENPAY_PUBLISHABLE_KEY', 'EVENPAY_API_BASE']);
    expect(documented.filter((name) => !read.has(name) && !shell.includes(name))).toEqual([]);
  });

  it('names one variable for one thing: the old EVENPAY_API and WEBHOOK_SECRET are read nowhere', () => {
    expect(read.get('EVENPAY_API')).toBeUndefined();
    expect(read.get('WEBHOOK_SECRET')).toBeUndefined();
    expect(read.get('EVENPAY_API_BASE')).toEqual(expect.arrayContaining([path.join('examples', 'merchant-integration.ts')]));
  });

  it('catches every way the code reads a variable', () => {
    // A helper handed the env and a name (src/config.ts) counts as a read.
    expect(read.get('SQLITE_BUSY_TIMEOUT_MS')).toEqual([path.join('src', 'config.ts')]);
    expect(read.get('FORCE_BUILD')).toEqual([path.join('scripts', 'build-if-changed.mjs')]);
  });
});
