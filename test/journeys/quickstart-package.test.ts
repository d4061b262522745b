// The quickstart as a new partner developer runs it: `npm init -y` (a CommonJS project), install
// the packed SDK, and the portal's TypeScript quickstart (examples/quickstart.ts, included in the
// guide as it is) compiles under `strict` with no `!` and no `as`, then runs against a real
// server process seeded the way `npm start` seeds it — keys from its sandbox.env — through
// checkout, sandbox confirmation, authorization, capture and the signed webhook. The curl
// quickstart (examples/quickstart.sh) runs against the same server.
// Installing the packed SDK (helpers/shared-build.ts, the tarball test/sdk/ installs too) takes a
// while, and the database is not what this shows: it runs once, on SQLite (the `journeys` project).
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { repoRoot } from '../../scripts/lib/apis.js';
import { type FreshDatabase, freshDatabase } from '../helpers/fresh-database.js';
import { type ServerProcess, startServerProcess } from '../helpers/server-process.js';
import { sdkTarball } from '../helpers/shared-build.js';

const work = mkdtempSync(path.join(tmpdir(), 'evenpay-quickstart-'));
const project = path.join(work, 'my-shop');
const run = (command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env) =>
  execFileSync(command, args, { cwd, encoding: 'utf8', stdio: 'pipe', env, timeout: 180_000 });

let database: FreshDatabase | undefined;
let server: ServerProcess | undefined;
let sandboxEnv: Record<string, string> = {};

describe('the quickstart in a fresh npm project', () => {
  beforeAll(async () => {
    database = await freshDatabase(inject('databaseUrl'), 'quickstart');
    const keysFile = path.join(work, 'sandbox.env');
    server = await startServerProcess(database.url, {
      SEED_SANDBOX: 'true',
      SANDBOX_KEYS_FILE: keysFile,
      WEBHOOK_DISPATCHER: 'inline',
      ALLOW_LOCALHOST_WEBHOOKS: 'true',
    });
    sandboxEnv = Object.fromEntries([...readFileSync(keysFile, 'utf8').matchAll(/^export (\w+)=(.*)$/gm)].map((m) => [m[1]!, m[2]!]));
    // The server listens on a free port; sandbox.env names the address `npm start` would print.
    sandboxEnv.EVENPAY_API_BASE = server.baseUrl;

    const tarball = await sdkTarball();
    mkdirSync(project);
    run('npm', ['init', '-y'], project);
    run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', tarball, 'typescript@~5.9', '@types/node@20'], project);
  }, 240_000);
  afterAll(async () => {
    await server?.stop();
    await database?.drop();
    rmSync(work, { recursive: true, force: true });
  });

  it('is a CommonJS project, as npm init makes it', () => {
    const manifest = JSON.parse(readFileSync(path.join(project, 'package.json'), 'utf8')) as { type?: string };
    expect(manifest.type ?? 'commonjs').toBe('commonjs');
  });

  it('compiles the quickstart under strict settings, with no non-null assertion and no cast', () => {
    const code = readFileSync(path.join(repoRoot, 'examples', 'quickstart.ts'), 'utf8').replace(/\/\/.*$/gm, ''); // comments may say "as"
    expect(code).not.toMatch(/[\w)\]]!(?!=)/);
    expect(code).not.toMatch(/\sas\s+[\w{[]/);
    copyFileSync(path.join(repoRoot, 'examples', 'quickstart.ts'), path.join(project, 'quickstart.ts'));
    writeFileSync(
      path.join(project, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: { target: 'ES2022', module: 'nodenext', strict: true, noUncheckedIndexedAccess: true, types: ['node'], outDir: 'out' },
      }),
    );
    expect(() => run(process.execPath, [path.join(project, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', '.'], project)).not.toThrow();
  }, 60_000);

  it('runs it: checkout, confirmation, authorization, capture and the verified webhook', () => {
    const output = run(process.execPath, ['out/quickstart.js'], project, { ...process.env, ...sandboxEnv });
    expect(output).toMatch(/1\. checkout chk_\w+: the consumer would go to http/);
    expect(output).toMatch(/2\. consumer confirmed: confirmed/);
    expect(output).toMatch(/3\. transaction txn_\w+: authorized, 80000 capturable/);
    expect(output).toMatch(/4\. captured 80000 USD: captured/);
    expect(output).toMatch(/5\. webhook transaction\.captured for txn_\w+: 80000 captured/);
  }, 60_000);

  it('runs the curl quickstart too (examples/quickstart.sh, the same steps with curl)', async () => {
    const receiverPort = await freePort();
    const output = run('bash', [path.join(repoRoot, 'examples', 'quickstart.sh')], repoRoot, {
      ...process.env,
      ...sandboxEnv,
      WEBHOOK_RECEIVER_PORT: String(receiverPort),
    });
    expect(output).toMatch(/endpoint whe_\w+, signing secret whsec_\w+/);
    // The receiver prints from its own process: its line may come before the capture's `captured`
    // (the webhook can arrive before curl has printed the answer), so the steps are read without it.
    const steps = output
      .split('\n')
      .filter((line) => !line.startsWith('webhook: '))
      .join('\n');
    expect(steps).toMatch(/checkout chk_\w+\nconfirmed\ntransaction txn_\w+\ncaptured\n/);
    expect(output).toMatch(/webhook: transaction\.captured for txn_\w+, Evenpay-Signature t=\d+,v1=[0-9a-f]{64}/);
  }, 60_000);
});

/** A port nothing listens on right now. */
function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}
