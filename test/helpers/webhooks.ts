// The world of the webhook contract files (test/contract/v2/webhook-*.test.ts): the app on a
// database of its own, a fixed clock, a webhook receiver on 127.0.0.1 (sandbox endpoints may be
// on localhost outside production), and the calls and checks those files share.
//
// The dispatcher is driven by hand (`runOnce`) and claims every due delivery of its database:
// each file calling `webhookSuite` gets a fresh database (`helpers/fresh-database.ts`), so files
// running side by side never deliver each other's events. Within a file each test has its own
// merchant and endpoints, asserts on its own endpoints' deliveries only, and deletes its
// endpoints when done (which fails their pending retries, so no later round picks them up).
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterAll, afterEach, beforeAll, expect, inject } from 'vitest';
import type { components } from '../../generated/v2/client.js';
import type { EvenpayApp } from '../../src/app.js';
import { fixedClock } from '../../src/kernel/clock.js';
import { eventRenderer } from '../../src/operations/v2/event-payload.js';
import { verifyWebhookSignature } from '../../src/sdk/webhooks.js';
import { Dispatcher } from '../../src/webhooks/dispatcher.js';
import { makeMerchant, type TestMerchant } from '../factories/merchants.js';
import { canceledCheckout, type Event, eventsOf } from '../factories/transactions.js';
import { startTestApp } from './app.js';
import { type FreshDatabase, freshDatabase } from './fresh-database.js';
import { api, type Http } from './http.js';

export type WebhookEndpoint = components['schemas']['WebhookEndpoint'];
export type WebhookEndpointList = components['schemas']['WebhookEndpointList'];
export type WebhookDelivery = components['schemas']['WebhookDelivery'];
export type WebhookDeliveryList = components['schemas']['WebhookDeliveryList'];

export const SECOND_MS = 1000;
export const HOUR_MS = 60 * 60 * SECOND_MS;
export const DAY_MS = 24 * HOUR_MS;

/** A routable public address, allowed by the policy and never connected to by these tests (the documentation ranges such as 203.0.113.0/24 are refused: they are reserved). */
export const PUBLIC_URL = 'https://93.184.215.7/evenpay/webhooks';

export const iso = (at: Date | number): string => new Date(at).toISOString();

// ---------------------------------------------------------------------------------------------
// A webhook receiver on 127.0.0.1 that records each request and answers through `answer`.

export interface Received {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  raw: Buffer;
  body: string;
}

export type Answer = (res: ServerResponse, n: number) => void;

export const ok: Answer = (res) => {
  res.writeHead(200, { 'Content-Type': 'text/plain' }).end('ok');
};

export class WebhookReceiver {
  readonly received: Received[] = [];
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  port = 0;

  constructor(public answer: Answer) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}/hooks`;
  }

  async listen(port = 0): Promise<void> {
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const raw = Buffer.concat(chunks);
        this.received.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers, raw, body: raw.toString('utf8') });
        this.answer(res, this.received.length);
      });
    });
    server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    this.server = server;
    this.port = (server.address() as AddressInfo).port;
  }

  /** Down entirely: open connections cut, the port refuses connections. */
  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

export const signatureOf = (request: Received): string => request.headers['evenpay-signature'] as string;

// ---------------------------------------------------------------------------------------------

interface CreateOptions {
  auth?: string;
  headers?: Record<string, string>;
}

/**
 * Call at the top of a webhook test file. Its hooks make a fresh database named by
 * `databaseSuffix` (on MariaDB), start the app on it at a fixed clock, run each test's cleanups
 * after it, and drop the database at the end. `evenpay`, `http` and `database` are filled in by
 * beforeAll: read them inside tests and hooks, not at import time.
 */
export function webhookSuite(databaseSuffix: string) {
  const clock = fixedClock('2031-03-03T09:00:00.000Z');
  const evenpay = {} as EvenpayApp;
  const http = {} as Http;
  const database = { url: '' };
  let fresh: FreshDatabase | undefined;
  let started = false;

  beforeAll(async () => {
    fresh = await freshDatabase(inject('databaseUrl'), databaseSuffix);
    database.url = fresh.url;
    Object.assign(evenpay, await startTestApp({ clock, databaseUrl: fresh.url }));
    started = true;
    Object.assign(http, api(evenpay.app));
  });
  afterAll(async () => {
    if (started) await evenpay.close();
    await fresh?.drop();
  });

  const cleanups: Array<() => Promise<unknown>> = [];
  afterEach(async () => {
    while (cleanups.length) await cleanups.pop()!();
  });

  const newMerchant = (): Promise<TestMerchant> => makeMerchant(evenpay.services.models, { name: 'Webhook Test Co' });

  const postEndpoint = (owner: TestMerchant, body: unknown, options: CreateOptions = {}) =>
    http.post('/v2/webhook-endpoints', { auth: options.auth ?? owner.bearer, body, ...(options.headers ? { headers: options.headers } : {}) });

  const deleteEndpoint = (owner: TestMerchant, id: string, auth: string = owner.bearer) => http.call('delete', `/v2/webhook-endpoints/${id}`, { auth });

  /** A new endpoint (201 expected), deleted again after the test. */
  const endpointFor = async (
    owner: TestMerchant,
    url: string,
    enabledEvents: string[] = ['*'],
    auth: string = owner.bearer,
  ): Promise<WebhookEndpoint & { secret: string }> => {
    const res = await postEndpoint(owner, { url, enabled_events: enabledEvents }, { auth });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const endpoint = res.body as WebhookEndpoint & { secret: string };
    cleanups.push(() => deleteEndpoint(owner, endpoint.id, auth));
    return endpoint;
  };

  const listEndpoints = async (owner: TestMerchant, query = '', auth: string = owner.bearer): Promise<WebhookEndpointList> => {
    const res = await http.get(`/v2/webhook-endpoints${query}`, { auth });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body as WebhookEndpointList;
  };

  const deliveriesOf = async (owner: TestMerchant, endpointId: string, auth: string = owner.bearer): Promise<WebhookDelivery[]> => {
    const res = await http.get(`/v2/webhook-endpoints/${endpointId}/deliveries?limit=100`, { auth });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return (res.body as WebhookDeliveryList).data;
  };

  /** The one delivery of an endpoint that should have exactly one. */
  const onlyDeliveryOf = async (owner: TestMerchant, endpointId: string): Promise<WebhookDelivery> => {
    const deliveries = await deliveriesOf(owner, endpointId);
    expect(deliveries).toHaveLength(1);
    return deliveries[0]!;
  };

  /** The rows of one endpoint's deliveries (the dispatcher works over the whole database: count ours only). */
  const deliveryRows = (endpointId: string) => evenpay.services.models.WebhookDelivery.findAll({ where: { endpointId }, order: [['seq', 'ASC']] });

  const endpointRow = async (id: string) => (await evenpay.services.models.WebhookEndpoint.findOne({ where: { id } }))!;

  /** One event (checkout.canceled) for `owner`. */
  const cancelEvent = async (owner: TestMerchant): Promise<Event> => {
    const checkout = await canceledCheckout(http, owner);
    const events = await eventsOf(http, owner, checkout.id);
    expect(events.map((e) => e.type)).toEqual(['checkout.canceled']);
    return events[0]!;
  };

  const runOnce = () => evenpay.dispatcher.runOnce();

  const redeliver = (owner: TestMerchant, eventId: string, body?: unknown, headers?: Record<string, string>, auth: string = owner.bearer) =>
    http.post(`/v2/events/${eventId}/redeliver`, { auth, ...(body !== undefined ? { body } : {}), ...(headers ? { headers } : {}) });

  /** A receiver listening on 127.0.0.1, closed after the test. */
  const Receiver = {
    async start(answer: Answer = ok): Promise<WebhookReceiver> {
      const receiver = new WebhookReceiver(answer);
      await receiver.listen();
      cleanups.push(() => receiver.close());
      return receiver;
    },
  };

  /** Verifies at the dispatcher's (fixed) time: the signed timestamp is the clock's. */
  const verify = (request: Received, secret: string): number => verifyWebhookSignature(request.raw, signatureOf(request), secret, { now: clock.now() });

  /** A dispatcher like the app's, with other settings (src/app.ts builds the app's). */
  const dispatcherWith = (settings: { timeoutMs?: number; allowLocalhostForSandbox?: boolean }): Dispatcher =>
    new Dispatcher({
      models: evenpay.services.models,
      uow: evenpay.services.uow,
      clock,
      logger: evenpay.logger,
      render: eventRenderer(evenpay.services.models, evenpay.services.config.publicBaseUrl),
      allowLocalhostForSandbox: settings.allowLocalhostForSandbox ?? true,
      timeoutMs: settings.timeoutMs ?? 10_000,
    });

  return {
    clock,
    evenpay,
    http,
    database,
    cleanups,
    newMerchant,
    postEndpoint,
    deleteEndpoint,
    endpointFor,
    listEndpoints,
    deliveriesOf,
    onlyDeliveryOf,
    deliveryRows,
    endpointRow,
    cancelEvent,
    runOnce,
    redeliver,
    Receiver,
    verify,
    dispatcherWith,
  };
}
