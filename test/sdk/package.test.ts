// The SDK as partners get it: `npm pack ./dist`, installed into a fresh TypeScript project,
// typechecks a consumer file, refuses a wrong one, and loads at run time.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../scripts/lib/apis.js';
import { sdkTarball } from '../helpers/shared-build.js';

const work = mkdtempSync(path.join(tmpdir(), 'evenpay-pack-'));
const project = path.join(work, 'consumer');
const tsc = path.join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc');
const run = (command: string, args: string[], cwd: string) => execFileSync(command, args, { cwd, encoding: 'utf8', stdio: 'pipe' });

const CONSUMER = `import { createEvenpayClient, EvenpayError, verifyWebhookSignature, type components } from 'evenpay/v2';
import { createEvenpayClient as createLegacyClient } from 'evenpay/v1';

const evenpay = createEvenpayClient({ apiKey: 'sk_test_xxxxxxxxxxxxxxxxxxxxxxxx', baseUrl: 'http://localhost:3000/v2' });
export async function integrate(): Promise<components['schemas']['Transaction'] | undefined> {
  const { data } = await evenpay.POST('/transactions/{transactionId}/capture', { params: { path: { transactionId: 'txn_1' } }, body: { amount: 100 } });
  // @ts-expect-error a misspelled path must not compile
  await evenpay.GET('/transaktions');
  for await (const tx of evenpay.paginate('/transactions', { status: 'captured' })) console.log(tx.id, tx.captured_amount);
  return data;
}
export const legacy = createLegacyClient({ publicKey: 'pk_test_x', secretKey: 'sk_test_x' });
export const isProblem = (e: unknown) => e instanceof EvenpayError && e.code === 'capture_exceeds_authorized';
export const verify = (raw: string, header: string) => verifyWebhookSignature(raw, header, 'whsec_x');
`;

beforeAll(async () => {
  const tarball = await sdkTarball();
  execFileSync('mkdir', ['-p', project]);
  writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
  writeFileSync(
    path.join(project, 'tsconfig.json'),
    JSON.stringify({ compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noEmit: true, types: ['node'] } }),
  );
  run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', tarball, '@types/node@20'], project);
}, 180_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('the packed SDK in a fresh project', () => {
  it('typechecks a consumer of evenpay/v2 and evenpay/v1', () => {
    writeFileSync(path.join(project, 'consumer.ts'), CONSUMER);
    expect(() => run(process.execPath, [tsc, '-p', '.'], project)).not.toThrow();
  }, 90_000); // a whole tsc run over the SDK, slow on a busy two-core machine

  it('refuses a wrong request body at compile time', () => {
    writeFileSync(
      path.join(project, 'consumer.ts'),
      `import { createEvenpayClient } from 'evenpay/v2';
const evenpay = createEvenpayClient({ apiKey: 'sk_test_x' });
export const wrong = evenpay.POST('/transactions', { body: { checkout: 'chk_1' } });
`,
    );
    let output = '';
    try {
      run(process.execPath, [tsc, '-p', '.'], project);
    } catch (error) {
      output = (error as { stdout: string }).stdout;
    }
    expect(output).toMatch(/consumer\.ts.*error TS\d+/);
    expect(output).toContain('checkout');
  }, 90_000); // a whole tsc run over the SDK, slow on a busy two-core machine

  it('loads at run time with nothing but its own dependencies', () => {
    const keys = run(
      process.execPath,
      ['--input-type=module', '-e', "const m = await import('evenpay/v2'); console.log(Object.keys(m).sort().join(','))"],
      project,
    );
    expect(keys.trim().split(',')).toEqual(expect.arrayContaining(['createEvenpayClient', 'EvenpayError', 'verifyWebhookSignature']));
  });
});
