// An outside generator loads the published v2 spec as it is: @hey-api/openapi-ts (its fetch client
// and SDK) generates without a warning, the result compiles under strict tsc, and open enums come
// out as "known values or any string".
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../scripts/lib/apis.js';

const dir = mkdtempSync(path.join(tmpdir(), 'evenpay-hey-api-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const out = path.join(dir, 'client');
writeFileSync(path.join(dir, 'package.json'), '{ "type": "module" }\n');
writeFileSync(
  path.join(dir, 'tsconfig.json'),
  JSON.stringify({
    compilerOptions: {
      strict: true,
      noEmit: true,
      target: 'ES2022',
      lib: ['ES2022', 'DOM', 'DOM.Iterable'],
      module: 'NodeNext',
      moduleResolution: 'NodeNext',
      skipLibCheck: false,
      types: [],
    },
    include: ['client/**/*.ts'],
  }),
);
writeFileSync(
  path.join(dir, 'openapi-ts.config.mjs'),
  `export default ${JSON.stringify({
    input: path.join(repoRoot, 'generated', 'v2', 'openapi.json'),
    // An absolute tsconfig: hey-api looks for one from its own folder, not the working directory.
    output: { path: out, tsConfigPath: path.join(dir, 'tsconfig.json') },
    plugins: ['@hey-api/typescript', '@hey-api/sdk', '@hey-api/client-fetch'],
    logs: { file: false },
  })};\n`,
);

describe('@hey-api/openapi-ts on the bundled v2 spec', () => {
  const run = spawnSync(process.execPath, [path.join(repoRoot, 'node_modules', '@hey-api', 'openapi-ts', 'bin', 'run.js'), '-f', 'openapi-ts.config.mjs'], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // Both streams, where a warning could go; it colours its log whatever NO_COLOR says.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: strips the terminal's colour codes (ESC [ … m)
  const log = `${run.stdout}${run.stderr}`.replace(/\x1b\[[0-9;]*m/g, '');

  it('generates a client without a warning', () => {
    expect(run.status, log).toBe(0);
    expect(log).toMatch(/✓ .*client · \d+ files/);
    expect(log).not.toMatch(/warn|error|⚠/i);
  });

  it('compiles under strict tsc (lib checks included)', () => {
    expect(() =>
      execFileSync(process.execPath, [path.join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', dir], { encoding: 'utf8', stdio: 'pipe' }),
    ).not.toThrow();
  });

  it('renders an open enum as its known values or any string, and a closed one as its values', () => {
    const types = readFileSync(path.join(out, 'types.gen.ts'), 'utf8');
    expect(types).toContain('export type EventType = KnownEventType | string;');
    expect(types).toMatch(/export type KnownEventType = 'checkout\.confirmed' \| /);
    expect(types).toMatch(/status\?: KnownTransactionStatus;/);
  });
});
