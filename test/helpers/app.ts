// The service in-process, on the project's test database, with response validation on.
import { once } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, inject } from 'vitest';
import { createApp, type EvenpayApp } from '../../src/app.js';
import { type Config, loadConfig } from '../../src/config.js';
import type { Clock } from '../../src/kernel/clock.js';
import { makeMerchant, type TestMerchant } from '../factories/merchants.js';
import { type FreshDatabase, freshDatabase } from './fresh-database.js';
import { api, type Http } from './http.js';

export type TestAppOptions = { clock?: Clock; docsDir?: string; embedDir?: string; databaseUrl?: string; config?: Partial<Config>; specsDir?: string };

export async function startTestApp(options: TestAppOptions = {}): Promise<EvenpayApp> {
  const config = {
    ...loadConfig({ NODE_ENV: 'test' }),
    databaseUrl: options.databaseUrl ?? inject('databaseUrl'),
    validateResponses: true,
    docsBaseUrl: 'https://docs.evenpay.test',
    publicBaseUrl: 'http://evenpay.test',
    // Suites fire hundreds of requests a second with one key; rate limits have their own tests.
    rateLimit: { perSecond: 1_000_000, store: 'memory' as const },
    ...(options.docsDir ? { docsDir: options.docsDir } : {}),
    ...(options.embedDir ? { embedDir: options.embedDir } : {}),
    ...options.config,
  };
  return createApp(config, { ...(options.clock ? { clock: options.clock } : {}), ...(options.specsDir ? { specsDir: options.specsDir } : {}) });
}

/**
 * The usual world of a contract test file: the app, its spec-checked HTTP helper and one merchant
 * with keys. Call it at the top of the file: its beforeAll fills the three objects in (read them
 * inside tests and hooks, not at import time) and its afterAll closes the app.
 */
export function appWithMerchant(merchantName: string, options: TestAppOptions = {}): { evenpay: EvenpayApp; http: Http; merchant: TestMerchant } {
  const evenpay = {} as EvenpayApp;
  const http = {} as Http;
  const merchant = {} as TestMerchant;
  beforeAll(async () => {
    Object.assign(evenpay, await startTestApp(options));
    Object.assign(http, api(evenpay.app));
    Object.assign(merchant, await makeMerchant(evenpay.services.models, { name: merchantName }));
  });
  afterAll(() => evenpay.close());
  return { evenpay, http, merchant };
}

/**
 * appWithMerchant on a database of its own (`suffix` names it): for files whose background work
 * (the merchant review sweep, the webhook dispatcher) must not meet other files' rows, nor theirs
 * this file's.
 */
export function appWithMerchantOnOwnDatabase(
  merchantName: string,
  suffix: string,
  options: Omit<TestAppOptions, 'databaseUrl'> = {},
): { evenpay: EvenpayApp; http: Http; merchant: TestMerchant; database: { url: string } } {
  const evenpay = {} as EvenpayApp;
  const http = {} as Http;
  const merchant = {} as TestMerchant;
  const database = { url: '' };
  let fresh: FreshDatabase | undefined;
  beforeAll(async () => {
    fresh = await freshDatabase(inject('databaseUrl'), suffix);
    database.url = fresh.url;
    Object.assign(evenpay, await startTestApp({ ...options, databaseUrl: fresh.url }));
    Object.assign(http, api(evenpay.app));
    Object.assign(merchant, await makeMerchant(evenpay.services.models, { name: merchantName }));
  });
  afterAll(async () => {
    if (evenpay.close) await evenpay.close();
    await fresh?.drop();
  });
  return { evenpay, http, merchant, database };
}

/** `app` listening on a free port of 127.0.0.1; its port. */
async function listenOnLoopback(app: EvenpayApp['app']): Promise<{ server: Server; port: number }> {
  const server = app.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { server, port: (server.address() as AddressInfo).port };
}

async function stopListening(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
}

/**
 * The app listening on 127.0.0.1, for a real browser: `base` is `http://localhost:<port>` (the
 * name the docs' and the component's pages are opened at). `close()` stops the server, then the app.
 */
export interface ListeningApp {
  evenpay: EvenpayApp;
  base: string;
  close(): Promise<void>;
}

export async function listeningApp(options: TestAppOptions = {}): Promise<ListeningApp> {
  const evenpay = await startTestApp(options);
  const { server, port } = await listenOnLoopback(evenpay.app);
  return {
    evenpay,
    base: `http://localhost:${port}`,
    close: async () => {
      await stopListening(server);
      await evenpay.close();
    },
  };
}

/**
 * appWithMerchant, also listening on a real port of 127.0.0.1, for clients that do not go through
 * supertest (the typed client, newman). `origin` is `http://127.0.0.1:<port>`, filled in by beforeAll.
 */
export function servedAppWithMerchant(
  merchantName: string,
  options: TestAppOptions = {},
): { evenpay: EvenpayApp; merchant: TestMerchant; server: { origin: string } } {
  const world = appWithMerchant(merchantName, options);
  const server = { origin: '' };
  let listening: Server | undefined;
  beforeAll(async () => {
    const { server: opened, port } = await listenOnLoopback(world.evenpay.app);
    listening = opened;
    server.origin = `http://127.0.0.1:${port}`;
  });
  afterAll(async () => {
    if (listening) await stopListening(listening);
  });
  return { evenpay: world.evenpay, merchant: world.merchant, server };
}
