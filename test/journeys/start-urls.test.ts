// Every URL the start shows follows PORT and PUBLIC_BASE_URL: the banner (its docs link and its
// curl line) and EVENPAY_API_BASE in the keys file are the same URL — PUBLIC_BASE_URL when set,
// else localhost on the port actually bound (PORT=0 binds any free one). Real server processes,
// each on an empty database of its own so that it seeds the sandbox.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, inject, it } from 'vitest';
import { type FreshDatabase, freshDatabase } from '../helpers/fresh-database.js';
import { type ServerProcess, startServerProcess } from '../helpers/server-process.js';

const dir = mkdtempSync(path.join(tmpdir(), 'evenpay-start-urls-'));
let database: FreshDatabase | undefined;
let server: ServerProcess | undefined;

afterEach(async () => {
  await server?.stop();
  await database?.drop();
  server = undefined;
  database = undefined;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A first start on an empty database; returns its banner and its keys file's EVENPAY_API_BASE. */
async function firstStart(name: string, env: Record<string, string>): Promise<{ banner: string; apiBase: string | undefined; bound: string }> {
  database = await freshDatabase(inject('databaseUrl'), name);
  const file = path.join(dir, `${name}.env`);
  server = await startServerProcess(database.url, { SEED_SANDBOX: 'true', SANDBOX_KEYS_FILE: file, ...env });
  const apiBase = /^export EVENPAY_API_BASE=(.*)$/m.exec(readFileSync(file, 'utf8'))?.[1];
  return { banner: server.output(), apiBase, bound: server.baseUrl.replace('127.0.0.1', 'localhost') };
}

describe('the URLs a start shows', () => {
  it('are localhost on the port bound when PUBLIC_BASE_URL is not set, even for PORT=0', async () => {
    const { banner, apiBase, bound } = await firstStart('start_urls_port', { PORT: '0', PUBLIC_BASE_URL: '' });
    expect(bound).toMatch(/^http:\/\/localhost:[1-9]\d*$/);
    expect(banner).toContain(`Evenpay API listening on ${bound}  (docs: ${bound}/docs/)`);
    expect(banner).toContain(`curl -s ${bound}/v2/merchant -H "Authorization: Bearer sk_test_`);
    const demoShop = new RegExp(`demo shop \\(promotional messaging\\): ${bound}/docs/demo/shop\\?key=(pk_test_[0-9A-Za-z]+)\n`, 'i');
    const publishableKey = demoShop.exec(banner)?.[1];
    expect(publishableKey).toBeDefined();
    expect(apiBase).toBe(bound);

    // A later start (the keys no longer shown) still gives the demo shop's address, with the key from the keys file.
    await server!.stop();
    server = await startServerProcess(database!.url, {
      SEED_SANDBOX: 'true',
      SANDBOX_KEYS_FILE: path.join(dir, 'start_urls_port.env'),
      PORT: '0',
      PUBLIC_BASE_URL: '',
    });
    const again = server.baseUrl.replace('127.0.0.1', 'localhost');
    expect(server.output()).not.toContain('sk_test_');
    expect(server.output()).toContain(`Demo shop (promotional messaging): ${again}/docs/demo/shop?key=${publishableKey}\n`);
  });

  it('are PUBLIC_BASE_URL when it is set, with the port bound named once', async () => {
    const { banner, apiBase, bound } = await firstStart('start_urls_public', { PUBLIC_BASE_URL: 'https://sandbox.example.test/' });
    expect(banner).toContain(`Evenpay API listening on ${bound}, reached at https://sandbox.example.test  (docs: https://sandbox.example.test/docs/)`);
    expect(banner).toContain('curl -s https://sandbox.example.test/v2/merchant -H "Authorization: Bearer sk_test_');
    expect(banner).toMatch(/demo shop \(promotional messaging\): https:\/\/sandbox\.example\.test\/docs\/demo\/shop\?key=pk_test_[0-9A-Za-z]+\n/);
    expect(apiBase).toBe('https://sandbox.example.test');
    expect(banner.match(/http:\/\/localhost/g)).toHaveLength(1);
  });
});
