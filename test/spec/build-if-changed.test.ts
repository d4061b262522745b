// scripts/build-if-changed.mjs (what `npm start` runs first): a build runs when its inputs, the
// environment it reads or its outputs changed, and only then. Each test works in a temp tree
// with a stand-in build that counts its runs, so nothing here rebuilds the real docs or service
// under another test's feet. Speed is measured by hand and by `npm run bench`, never asserted.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ts from 'typescript';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { repoRoot } from '../../scripts/lib/apis.js';

const script = path.join(repoRoot, 'scripts', 'build-if-changed.mjs');
let root: string;

// The stand-in build: counts its runs and writes one output file per build.
const fakeBuild = `
const fs = require('node:fs');
fs.appendFileSync('runs', process.argv[2] + '\\n');
const out = { docs: 'generated/docs/index.html', service: 'build/service/src/server.js' }[process.argv[2]];
fs.mkdirSync(require('node:path').dirname(out), { recursive: true });
fs.writeFileSync(out, 'built from ' + fs.readFileSync('src/server.ts', 'utf8'));
`;

function write(file: string, content: string): void {
  mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
  writeFileSync(path.join(root, file), content);
}

/** Runs the script on the temp tree; the stand-in build gets the build's name. Returns what it said (on stderr: stdout stays clean). */
function run(build: 'docs' | 'service', { args = [] as string[], env = {} as Record<string, string> } = {}): string {
  const { status, stdout, stderr } = spawnSync(process.execPath, [script, '--root', root, '--command', `node build.cjs ${build}`, ...args, build], {
    encoding: 'utf8',
    env: { ...process.env, FORCE_BUILD: '', DOCS_BASE_URL: '', ...env },
  });
  expect({ status, stdout }).toEqual({ status: 0, stdout: '' });
  return stderr;
}

const runs = () => (existsSync(path.join(root, 'runs')) ? readFileSync(path.join(root, 'runs'), 'utf8').split('\n').filter(Boolean).length : 0);

beforeEach(() => {
  root = mkdtempSync(path.join(tmpdir(), 'evenpay-build-if-changed-'));
  write('build.cjs', fakeBuild);
  write('src/server.ts', 'export const version = 1;\n');
  write('tsconfig.json', '{}\n');
  write('openapi/v2/openapi.yaml', 'openapi: 3.1.0\n');
  write('generated/v2/openapi.yaml', 'openapi: 3.1.0\n');
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('build-if-changed', () => {
  it('builds the first time, then not again while nothing changed', () => {
    expect(run('service')).toContain('service: never built here, building');
    expect(runs()).toBe(1);
    expect(existsSync(path.join(root, 'build', '.stamps', 'service.json'))).toBe(true);
    for (let i = 0; i < 3; i++) expect(run('service')).toContain('service: up to date, not rebuilt');
    expect(runs()).toBe(1);
  });

  it('rebuilds when one input file changes, appears or goes', () => {
    run('service');
    write('src/server.ts', 'export const version = 2;\n');
    expect(run('service')).toContain('service: inputs changed, building');
    expect(runs()).toBe(2);
    write('src/new.ts', 'export {};\n');
    run('service');
    expect(runs()).toBe(3);
    rmSync(path.join(root, 'src', 'new.ts'));
    run('service');
    expect(runs()).toBe(4);
    write('tsconfig.other.json', '{}\n'); // tsconfig*.json: every one at the root
    run('service');
    expect(runs()).toBe(5);
    run('service');
    expect(runs()).toBe(5);
  });

  it('does not rebuild for a file rewritten with the same content (a checkout, a touch): it compares contents', () => {
    run('service');
    write('src/server.ts', 'export const version = 1;\n');
    utimesSync(path.join(root, 'src', 'server.ts'), new Date('2030-01-01T00:00:00Z'), new Date('2030-01-01T00:00:00Z'));
    expect(run('service')).toContain('service: up to date, not rebuilt');
    expect(run('service')).toContain('service: up to date, not rebuilt');
    expect(runs()).toBe(1);
  });

  it('sees an edit that keeps the size and puts the modification time back (it skips reading only unchanged files)', () => {
    const file = path.join(root, 'src', 'server.ts');
    const then = new Date('2026-01-01T00:00:00Z');
    utimesSync(file, then, then);
    run('service');
    write('src/server.ts', 'export const version = 9;\n');
    utimesSync(file, then, then);
    expect(statSync(file).mtimeMs).toBe(then.getTime());
    expect(run('service')).toContain('service: inputs changed, building');
    expect(runs()).toBe(2);
  });

  it('rebuilds when the output is missing or was changed since the build', () => {
    run('service');
    rmSync(path.join(root, 'build', 'service'), { recursive: true });
    expect(run('service')).toContain('service: output missing, building');
    expect(runs()).toBe(2);
    write('build/service/src/server.js', 'edited by hand');
    expect(run('service')).toContain('service: output changed, building');
    expect(runs()).toBe(3);
    run('service');
    expect(runs()).toBe(3);
  });

  it('keeps each build to its own inputs: a spec change rebuilds the docs, not the service', () => {
    run('service');
    run('docs');
    write('openapi/v2/openapi.yaml', 'openapi: 3.1.0\ninfo: {}\n');
    run('service');
    expect(readFileSync(path.join(root, 'runs'), 'utf8')).toBe('service\ndocs\n');
    expect(run('docs')).toContain('docs: inputs changed, building');
    write('generated/v2/openapi.yaml', 'openapi: 3.1.0\npaths: {}\n');
    run('service');
    run('docs');
    expect(readFileSync(path.join(root, 'runs'), 'utf8')).toBe('service\ndocs\ndocs\nservice\ndocs\n');
  });

  it('rebuilds the docs when DOCS_BASE_URL, which the sitemap shows, changes', () => {
    run('docs');
    run('docs');
    expect(runs()).toBe(1);
    expect(run('docs', { env: { DOCS_BASE_URL: 'https://docs.example.com' } })).toContain('docs: inputs changed, building');
    run('docs', { env: { DOCS_BASE_URL: 'https://docs.example.com' } });
    expect(runs()).toBe(2);
  });

  it('rebuilds on --force or FORCE_BUILD=1', () => {
    run('service');
    expect(run('service', { args: ['--force'] })).toContain('service: forced, building');
    run('service', { env: { FORCE_BUILD: '1' } });
    expect(runs()).toBe(3);
    run('service');
    expect(runs()).toBe(3);
  });

  it('leaves no stamp when the build fails, so the next run builds again', () => {
    run('service');
    write('src/server.ts', 'broken');
    const failed = spawnSync(process.execPath, [script, '--root', root, '--command', 'node -e "process.exit(3)"', 'service'], {
      encoding: 'utf8',
      env: { ...process.env, FORCE_BUILD: '' },
    });
    expect(failed.status).toBe(3);
    expect(existsSync(path.join(root, 'build', '.stamps', 'service.json'))).toBe(false);
    expect(run('service')).toContain('service: never built here, building');
  });

  it('says nothing with --quiet when there is nothing to build', () => {
    run('service', { args: ['--quiet'] });
    expect(run('service', { args: ['--quiet'] })).toBe('');
    expect(runs()).toBe(1);
  });

  it('keeps stamps where --stamps says', () => {
    const stamps = path.join(root, 'elsewhere');
    run('service', { args: ['--stamps', stamps] });
    expect(existsSync(path.join(stamps, 'service.json'))).toBe(true);
    expect(existsSync(path.join(root, 'build', '.stamps'))).toBe(false);
  });
});

describe('the inputs build-if-changed hashes', () => {
  const builds = JSON.parse(execFileSync(process.execPath, [script, '--list'], { encoding: 'utf8' })) as Record<string, { inputs: string[] }>;
  const covered = (name: string, file: string) => builds[name]!.inputs.some((input) => file === input || file.startsWith(`${input}/`));

  /** Every project file `entries` import, directly or not (relative imports; `.js` names the `.ts` source). */
  function importClosure(entries: string[]): string[] {
    const seen = new Set<string>();
    const queue = [...entries];
    while (queue.length) {
      const file = queue.pop()!;
      if (seen.has(file)) continue;
      seen.add(file);
      for (const { fileName } of ts.preProcessFile(readFileSync(path.join(repoRoot, file), 'utf8'), true, true).importedFiles) {
        if (!fileName.startsWith('.')) continue;
        const target = path.relative(repoRoot, path.resolve(path.dirname(path.join(repoRoot, file)), fileName.replace(/\.js$/, '.ts')));
        if (existsSync(path.join(repoRoot, target))) queue.push(target.split(path.sep).join('/'));
      }
    }
    return [...seen].sort();
  }

  it('cover every file the docs build imports', () => {
    const closure = importClosure(['scripts/docs.ts']);
    expect(closure).toContain('src/http/problem-catalogue.ts');
    expect(closure.filter((file) => !covered('docs', file))).toEqual([]);
  });

  it('cover every file the evenpay.js build bundles', () => {
    const closure = importClosure(['scripts/build-embed.ts', 'embed/evenpay.ts']);
    expect(closure).toContain('embed/message-element.ts');
    expect(closure.filter((file) => !covered('js', file))).toEqual([]);
  });

  it('cover every file the service build compiles', () => {
    const config = ts.getParsedCommandLineOfConfigFile(
      path.join(repoRoot, 'tsconfig.build.json'),
      {},
      { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} },
    )!;
    const sources = config.fileNames.map((file) => path.relative(repoRoot, file).split(path.sep).join('/'));
    expect(importClosure(sources).filter((file) => !covered('service', file))).toEqual([]);
  });

  it('are what npm start, worker, migrate and operator build first', () => {
    const { scripts } = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(scripts.prestart).toBe('node scripts/build-if-changed.mjs docs js service');
    for (const name of ['preworker', 'premigrate', 'preoperator']) expect(scripts[name]).toBe('node scripts/build-if-changed.mjs --quiet service');
  });
});
