// The packed SDK is a dual package: in the CommonJS project `npm init -y` makes, TypeScript
// (`module: nodenext`, and the older `node16` and `commonjs`/node10 settings) typechecks an
// import of evenpay/v2 and evenpay/v1 and the compiled file runs; plain require() from a .cjs
// file and import from a .mjs file load the CommonJS and the ES module build respectively; and
// "Are the types wrong?" finds no problem in any resolution mode. One install of the shared
// tarball (helpers/shared-build.ts) for all of it.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../scripts/lib/apis.js';
import { sdkTarball } from '../helpers/shared-build.js';

const work = mkdtempSync(path.join(tmpdir(), 'evenpay-formats-'));
const project = path.join(work, 'consumer');
// A full tsc run over the consumer (declarations checked too) costs some 10 s of CPU, and over half
// a minute on a busy two-core machine.
const tsc = path.join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc');
const run = (command: string, args: string[], cwd = project) => execFileSync(command, args, { cwd, encoding: 'utf8', stdio: 'pipe' });
const output = (action: () => string) => {
  try {
    return action();
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    throw new Error(`${stdout ?? ''}${stderr ?? ''}`);
  }
};
// Without require(esm) (Node before 20.19 and 22.12), require() only works if the package has a
// CommonJS build: turning it off here proves `require` never falls back on the ES modules.
const withoutRequireEsm = process.allowedNodeEnvironmentFlags.has('--no-experimental-require-module') ? ['--no-experimental-require-module'] : [];
let tarball = '';

const CONSUMER_TS = `import { createEvenpayClient, EvenpayError, verifyWebhookSignature, type components } from 'evenpay/v2';
import { createEvenpayClient as createLegacyClient, EvenpayError as LegacyError } from 'evenpay/v1';

const evenpay = createEvenpayClient({ apiKey: 'sk_test_xxxxxxxxxxxxxxxxxxxxxxxx', baseUrl: 'http://localhost:3000/v2' });
const legacy = createLegacyClient({ publicKey: 'pk_test_x', secretKey: 'sk_test_x' });
export const id: components['schemas']['Transaction']['id'] = 'txn_1';
export async function later() {
  // @ts-expect-error a misspelled path must not compile
  await evenpay.GET('/transaktions');
}
console.log(JSON.stringify({
  v2: [typeof evenpay.GET, typeof evenpay.paginate, EvenpayError.prototype instanceof Error, typeof verifyWebhookSignature],
  v1: [typeof legacy.POST, LegacyError.prototype instanceof Error],
  resolved: require.resolve('evenpay/v2'),
}));
`;

// The same script for each module system: `load` writes the import or the require of bindings.
type Load = (bindings: Array<[name: string, as: string]>, entry: string) => string;
const script = (load: Load, resolve: string) => `${load(
  [
    ['createEvenpayClient', 'createEvenpayClient'],
    ['EvenpayError', 'EvenpayError'],
    ['verifyWebhookSignature', 'verifyWebhookSignature'],
  ],
  'evenpay/v2',
)}
${load(
  [
    ['createEvenpayClient', 'createLegacyClient'],
    ['EvenpayError', 'LegacyError'],
  ],
  'evenpay/v1',
)}
const client = createEvenpayClient({ apiKey: 'sk_test_x' });
const legacy = createLegacyClient({ secretKey: 'sk_test_x' });
console.log(JSON.stringify({
  v2: [typeof client.GET, typeof client.paginate, EvenpayError.prototype instanceof Error, typeof verifyWebhookSignature],
  v1: [typeof legacy.POST, LegacyError.prototype instanceof Error],
  resolved: ${resolve},
}));
`;
const requires: Load = (bindings, entry) => `const { ${bindings.map(([name, as]) => `${name}: ${as}`).join(', ')} } = require('${entry}');`;
const imports: Load = (bindings, entry) => `import { ${bindings.map(([name, as]) => `${name} as ${as}`).join(', ')} } from '${entry}';`;
const LOADED = { v2: ['function', 'function', true, 'function'], v1: ['function', true] };

beforeAll(async () => {
  tarball = await sdkTarball();
  mkdirSync(project);
  run('npm', ['init', '-y']);
  run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', tarball, '@types/node@20']);
  writeFileSync(path.join(project, 'index.ts'), CONSUMER_TS);
  const compilerOptions = { target: 'ES2022', module: 'nodenext', moduleResolution: 'nodenext', strict: true, outDir: 'out', types: ['node'] };
  writeFileSync(path.join(project, 'tsconfig.json'), JSON.stringify({ compilerOptions, files: ['index.ts'] }));
}, 180_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('the packed SDK from CommonJS and from ES modules', () => {
  it('is installed into a CommonJS project, as `npm init -y` makes it', () => {
    const manifest = JSON.parse(readFileSync(path.join(project, 'package.json'), 'utf8')) as { type?: string };
    expect(manifest.type ?? 'commonjs').toBe('commonjs');
  });

  it('typechecks with module nodenext compiled as CommonJS, and the output runs', () => {
    output(() => run(process.execPath, [tsc, '-p', '.']));
    expect(readFileSync(path.join(project, 'out', 'index.js'), 'utf8')).toContain('require("evenpay/v2")');
    const result = JSON.parse(output(() => run(process.execPath, [...withoutRequireEsm, path.join('out', 'index.js')])));
    expect(result).toMatchObject(LOADED);
    expect(result.resolved).toContain(`${path.sep}cjs${path.sep}`);
  }, 90_000);

  it.each([
    ['node16', { module: 'node16', moduleResolution: 'node16' }],
    ['commonjs with node10 resolution', { module: 'commonjs', moduleResolution: 'node10' }],
  ])(
    'typechecks a CommonJS consumer with %s too',
    (_name, settings) => {
      // The nodenext run checks the declarations in full; what differs here is how the entries
      // resolve, which errors in index.ts tell (an entry typed as any leaves @ts-expect-error unused).
      const settingsArgs = ['--module', settings.module, '--moduleResolution', settings.moduleResolution];
      output(() => run(process.execPath, [tsc, '-p', '.', '--noEmit', '--skipLibCheck', ...settingsArgs]));
    },
    90_000,
  );

  it('loads with plain require() from a .cjs file: the CommonJS build', () => {
    writeFileSync(path.join(project, 'plain.cjs'), script(requires, "require.resolve('evenpay/v2')"));
    const result = JSON.parse(output(() => run(process.execPath, [...withoutRequireEsm, 'plain.cjs'])));
    expect(result).toMatchObject(LOADED);
    expect(result.resolved).toMatch(/[/\\]cjs[/\\]src[/\\]sdk[/\\]v2\.js$/);
  });

  it('loads with import from a .mjs file: the ES module build', () => {
    writeFileSync(path.join(project, 'plain.mjs'), script(imports, "import.meta.resolve('evenpay/v2')"));
    const result = JSON.parse(output(() => run(process.execPath, ['plain.mjs'])));
    expect(result).toMatchObject(LOADED);
    expect(result.resolved).toMatch(/\/esm\/src\/sdk\/v2\.js$/);
  });

  it('has types that are not wrong in any resolution mode (arethetypeswrong)', () => {
    const report = output(() => run(path.join(repoRoot, 'node_modules', '.bin', 'attw'), [tarball], work));
    expect(report).toContain('No problems found');
  }, 90_000);
});
