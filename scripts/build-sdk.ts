// Builds the SDK partners install into dist/, a package of its own: `npm pack ./dist` gives the
// `evenpay` tarball with `evenpay/v1` and `evenpay/v2` entries (package.json `exports`) and full
// types. It depends on openapi-fetch only — none of the service's dependencies.
// Dual format: tsc compiles every file of src/sdk/ and the generated clients twice, as ES modules
// into esm/ (tsconfig.sdk.json) and as CommonJS into cjs/ (tsconfig.sdk.cjs.json, beside a
// package.json saying "commonjs"), each with its declarations; `exports` sends `import` to one and
// `require` to the other. The generated schema types (each .d.ts of generated/<version>/) are
// copied into both, because tsc does not copy declaration files.
// `--out <dir>` builds elsewhere than dist/ (test/helpers/shared-build.ts does, for the tests).
import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { listApis, repoRoot } from './lib/apis.js';

const outFlag = process.argv.indexOf('--out');
const dist = outFlag === -1 ? path.join(repoRoot, 'dist') : path.resolve(process.argv[outFlag + 1] ?? 'dist');
const formats = [
  { dir: 'esm', condition: 'import', tsconfig: 'tsconfig.sdk.json' },
  { dir: 'cjs', condition: 'require', tsconfig: 'tsconfig.sdk.cjs.json' },
] as const;
const versions = listApis().map(({ version }) => version);
if (!path.relative(dist, repoRoot).startsWith('..')) throw new Error(`--out ${dist} would delete the repository: give a folder of its own`);

rmSync(dist, { recursive: true, force: true });
const tsc = path.join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc');
// Both compilations at once: on two cores this halves the build.
const results = await Promise.allSettled(
  formats.map(({ dir, tsconfig }) =>
    promisify(execFile)(process.execPath, [tsc, '-p', path.join(repoRoot, tsconfig), '--outDir', path.join(dist, dir)], { cwd: repoRoot }),
  ),
);
const failed = results.flatMap((result) => (result.status === 'rejected' ? [result.reason as { stdout?: string; stderr?: string; message: string }] : []));
if (failed.length > 0) {
  for (const error of failed) console.error(error.stdout || error.stderr || error.message);
  process.exit(1);
}
for (const { dir } of formats) {
  for (const version of versions) {
    const from = path.join(repoRoot, 'generated', version);
    mkdirSync(path.join(dist, dir, 'generated', version), { recursive: true });
    for (const declarations of readdirSync(from).filter((name) => name.endsWith('.d.ts'))) {
      copyFileSync(path.join(from, declarations), path.join(dist, dir, 'generated', version, declarations));
    }
  }
}
// The package is `type: module`; this makes every .js and .d.ts under cjs/ CommonJS, for Node and tsc.
writeFileSync(path.join(dist, 'cjs', 'package.json'), `${JSON.stringify({ type: 'commonjs' }, null, 2)}\n`);

const root = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as {
  version: string;
  dependencies: Record<string, string>;
  engines: Record<string, string>;
};
const file = (dir: string, version: string, ext: string) => `./${dir}/src/sdk/${version}${ext}`;
const entry = (version: string) =>
  Object.fromEntries(formats.map(({ dir, condition }) => [condition, { types: file(dir, version, '.d.ts'), default: file(dir, version, '.js') }]));
const manifest = {
  name: 'evenpay',
  version: root.version,
  description: 'Typed Node.js client for the Evenpay API: retries, idempotency, pagination, typed errors, webhook verification.',
  type: 'module',
  engines: root.engines,
  exports: Object.fromEntries([...versions.map((version) => [`./${version}`, entry(version)]), ['./package.json', './package.json']]),
  // For TypeScript's old `node` (node10) resolution, which ignores `exports` (the default of
  // `module: commonjs`): the CommonJS declarations, as `require` gets at run time.
  typesVersions: { '*': Object.fromEntries(versions.map((version) => [version, [file('cjs', version, '.d.ts')]])) },
  dependencies: { 'openapi-fetch': root.dependencies['openapi-fetch'] },
  license: 'UNLICENSED',
};
writeFileSync(path.join(dist, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
// The package's README is the portal's SDK guide (docs/guides/sdk.md), front matter dropped: one text.
const guide = readFileSync(path.join(repoRoot, 'docs', 'guides', 'sdk.md'), 'utf8').replace(/^---\n[\s\S]*?\n---\n/, '');
writeFileSync(path.join(dist, 'README.md'), guide.replace('# The TypeScript SDK', '# evenpay'));
const shown = path.relative(process.cwd(), dist);
console.log(`SDK built into ${shown.startsWith('..') ? dist : shown}/ (ES modules in esm/, CommonJS in cjs/; npm pack it)`);
