// The first `npm start` on an empty database: it seeds a sandbox merchant and writes its keys and
// the API's base URL to the keys file, so that `source data/sandbox.env` gives a shell all it
// needs — the base URL follows PORT (and PUBLIC_BASE_URL when set). A real server process on a
// database of its own.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type FreshDatabase, freshDatabase } from '../helpers/fresh-database.js';
import { type ServerProcess, startServerProcess } from '../helpers/server-process.js';

let database: FreshDatabase;
let server: ServerProcess | undefined;
const dir = mkdtempSync(path.join(tmpdir(), 'evenpay-first-start-'));

/** A port nobody listens on now. */
async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

beforeAll(async () => {
  database = await freshDatabase(inject('databaseUrl'), 'first_start');
});
afterAll(async () => {
  await server?.stop();
  await database.drop();
  rmSync(dir, { recursive: true, force: true });
});

describe('the first start', () => {
  it('writes the sandbox keys and EVENPAY_API_BASE for PORT, and they work as written', async () => {
    const port = await freePort();
    const file = path.join(dir, 'sandbox.env');
    server = await startServerProcess(database.url, { PORT: String(port), SEED_SANDBOX: 'true', SANDBOX_KEYS_FILE: file });
    const exported = Object.fromEntries(
      readFileSync(file, 'utf8')
        .split('\n')
        .filter((line) => line.startsWith('export '))
        .map((line) => line.slice('export '.length).split('=') as [string, string]),
    );
    expect(exported).toEqual({
      EVENPAY_SECRET_KEY: expect.stringMatching(/^sk_test_/),
      EVENPAY_PUBLISHABLE_KEY: expect.stringMatching(/^pk_test_/),
      EVENPAY_API_BASE: `http://localhost:${port}`,
    });
    expect(server.output()).toContain(`Evenpay API listening on http://localhost:${port}`);
    const res = await fetch(`${exported.EVENPAY_API_BASE!.replace('localhost', '127.0.0.1')}/v2/merchant`, {
      headers: { Authorization: `Bearer ${exported.EVENPAY_SECRET_KEY}` },
    });
    expect(res.status).toBe(200);
  });
});
