// Webhooks: the endpoints API, redelivery, and delivery itself against a real HTTP receiver on
// 127.0.0.1 (sandbox endpoints may be on localhost outside production).
//
// The dispatcher is driven by hand (`runOnce`) on a fixed clock set years ahead of the other
// test files: it claims every due delivery of the shared database, so each test has its own
// merchant and endpoints, asserts on its own endpoints' deliveries only, and deletes its
// endpoints when done (which fails their pending retries, so no later round picks them up).
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Response } from 'supertest';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { components } from '../../../generated/v2/client.js';
import type { EvenpayApp } from '../../../src/app.js';
import { fixedClock } from '../../../src/kernel/clock.js';
import { eventRenderer } from '../../../src/operations/v2/event-payload.js';
import { verifyWebhookSignature, WebhookSignatureError } from '../../../src/sdk/webhooks.js';
import { Dispatcher } from '../../../src/webhooks/dispatcher.js';
import { makeMerchant, type TestMerchant } from '../../factories/merchants.js';
import { authorizedTransaction, canceledCheckout, capture, type Event, eventsOf, type Http, liveBearer, openCheckout } from '../../factories/transactions.js';
import { startTestApp } from '../../helpers/app.js';
import { api } from '../../helpers/http.js';

type WebhookEndpoint = components['schemas']['WebhookEndpoint'];
type WebhookEndpointList = components['schemas']['WebhookEndpointList'];
type WebhookDelivery = components['schemas']['WebhookDelivery'];
type WebhookDeliveryList = components['schemas']['WebhookDeliveryList'];
type FieldError = components['schemas']['ProblemFieldError'];

const SECOND_MS = 1000;
const HOUR_MS = 60 * 60 * SECOND_MS;
const DAY_MS = 24 * HOUR_MS;

// Years after every other file's clock, so nothing else in the database is "due" before ours.
const clock = fixedClock('2031-03-03T09:00:00.000Z');
let evenpay: EvenpayApp;
let http: Http;

beforeAll(async () => {
  evenpay = await startTestApp({ clock });
  http = api(evenpay.app);
});
afterAll(() => evenpay.close());

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

// ---------------------------------------------------------------------------------------------
// Helpers

const newMerchant = (): Promise<TestMerchant> => makeMerchant(evenpay.services.models, { name: 'Webhook Test Co' });

const pointers = (res: Response): Array<string | undefined> => ((res.body.errors ?? []) as FieldError[]).map((e) => e.pointer);
const parameters = (res: Response): Array<string | undefined> => ((res.body.errors ?? []) as FieldError[]).map((e) => e.parameter);

const expectProblem = (res: Response, status: number, code: string): void => {
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.body).toMatchObject({ status, code, type: `https://docs.evenpay.test/errors#${code}`, request_id: res.headers['request-id'] });
};

const iso = (at: Date | number): string => new Date(at).toISOString();

interface CreateOptions {
  auth?: string;
  headers?: Record<string, string>;
}

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

const rotate = (owner: TestMerchant, id: string, body?: unknown, headers?: Record<string, string>) =>
  http.post(`/v2/webhook-endpoints/${id}/rotate-secret`, { auth: owner.bearer, ...(body !== undefined ? { body } : {}), ...(headers ? { headers } : {}) });

const redeliver = (owner: TestMerchant, eventId: string, body?: unknown, headers?: Record<string, string>, auth: string = owner.bearer) =>
  http.post(`/v2/events/${eventId}/redeliver`, { auth, ...(body !== undefined ? { body } : {}), ...(headers ? { headers } : {}) });

// ---------------------------------------------------------------------------------------------
// A webhook receiver on 127.0.0.1 that records each request and answers through `answer`.

interface Received {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  raw: Buffer;
  body: string;
}

type Answer = (res: ServerResponse, n: number) => void;

const ok: Answer = (res) => {
  res.writeHead(200, { 'Content-Type': 'text/plain' }).end('ok');
};
const statusAnswer =
  (status: number): Answer =>
  (res) => {
    res.writeHead(status, { 'Content-Type': 'text/plain' }).end(`status ${status}`);
  };

class Receiver {
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

  static async start(answer: Answer = ok): Promise<Receiver> {
    const receiver = new Receiver(answer);
    await receiver.listen();
    cleanups.push(() => receiver.close());
    return receiver;
  }
}

const signatureOf = (request: Received): string => request.headers['evenpay-signature'] as string;

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

/** A routable public address, allowed by the policy and never connected to by these tests (the documentation ranges such as 203.0.113.0/24 are refused: they are reserved). */
const PUBLIC_URL = 'https://93.184.215.7/evenpay/webhooks';

// ---------------------------------------------------------------------------------------------

describe('POST /v2/webhook-endpoints', () => {
  it('creates an endpoint with its signing secret (shown once) and a Location header', async () => {
    const owner = await newMerchant();
    const res = await postEndpoint(owner, { url: PUBLIC_URL, enabled_events: ['transaction.captured', 'transaction.refunded'] });
    expect(res.status).toBe(201);
    const endpoint = res.body as WebhookEndpoint;
    cleanups.push(() => deleteEndpoint(owner, endpoint.id));
    expect(endpoint.id).toMatch(/^whe_[0-9A-Za-z]{20}$/);
    expect(res.headers.location).toBe(`/v2/webhook-endpoints/${endpoint.id}`);
    expect(res.headers['idempotent-replayed']).toBeUndefined();
    expect(endpoint).toEqual({
      id: endpoint.id,
      object: 'webhook_endpoint',
      livemode: false,
      url: PUBLIC_URL,
      enabled_events: ['transaction.captured', 'transaction.refunded'],
      api_version: 'v2',
      status: 'enabled',
      secret: expect.stringMatching(/^whsec_[0-9A-Za-z]{32}$/),
      previous_secret_expires_at: null,
      created: iso(clock.now()),
    });
  });

  it('never shows the secret again: the list carries no secret', async () => {
    const owner = await newMerchant();
    const endpoint = await endpointFor(owner, PUBLIC_URL);
    const res = await http.get('/v2/webhook-endpoints', { auth: owner.bearer });
    expect(res.status).toBe(200);
    expect(res.text).not.toContain(endpoint.secret);
    expect(res.text).not.toContain('whsec_');
    const { secret: _secret, ...withoutSecret } = endpoint;
    expect((res.body as WebhookEndpointList).data).toEqual([withoutSecret]);
    expect((res.body as WebhookEndpointList).data[0]).not.toHaveProperty('secret');
  });

  it('gives every endpoint its own secret', async () => {
    const owner = await newMerchant();
    const a = await endpointFor(owner, PUBLIC_URL);
    const b = await endpointFor(owner, PUBLIC_URL);
    expect(a.secret).not.toBe(b.secret);
  });

  describe('refuses with 422 webhook_url_not_allowed at /url, and creates nothing', () => {
    it.each([
      ['a private 10/8 address', 'http://10.0.0.5/'],
      ['a private 192.168/16 address', 'http://192.168.1.1/'],
      ['a private 172.16/12 address', 'http://172.16.0.1/'],
      ['the cloud metadata address', 'http://169.254.169.254/latest'],
      ['an IPv6 link-local address', 'http://[fe80::1]/'],
      ['an IPv6 unique-local address', 'http://[fc00::1]/hooks'],
      ['0.0.0.0', 'http://0.0.0.0/'],
      ['a carrier-grade NAT address', 'http://100.64.0.1/'],
      ['a multicast address', 'http://224.0.0.1/'],
      ['an IPv4-mapped private address', 'http://[::ffff:10.0.0.1]/'],
      ['a private address written in hex', 'http://0xa000005/'],
      ['an https URL on a private address', 'https://10.1.2.3:8443/evenpay'],
      ['a host that does not resolve', 'https://hooks.nonexistent.invalid/evenpay'],
      ['an ftp URL', 'ftp://files.example.com/hooks'],
      ['a URL with credentials', 'https://user:secret@93.184.215.7/hooks'],
    ])('for %s (%s)', async (_what, url) => {
      const owner = await newMerchant();
      const res = await postEndpoint(owner, { url, enabled_events: ['*'] });
      expectProblem(res, 422, 'webhook_url_not_allowed');
      expect(pointers(res)).toEqual(['/url']);
      expect(await evenpay.services.models.WebhookEndpoint.count({ where: { merchantId: owner.id } })).toBe(0);
    });
  });

  describe('refuses loopback URLs for a live key', () => {
    it.each(['http://127.0.0.1:1/x', 'http://[::1]:8080/', 'http://[::ffff:127.0.0.1]/hooks', 'http://localhost:1/x', 'http://2130706433/', 'http://0x7f.1/'])(
      '%s',
      async (url) => {
        const owner = await newMerchant();
        const res = await postEndpoint(owner, { url, enabled_events: ['*'] }, { auth: liveBearer(owner) });
        expectProblem(res, 422, 'webhook_url_not_allowed');
        expect(pointers(res)).toEqual(['/url']);
        expect(await evenpay.services.models.WebhookEndpoint.count({ where: { merchantId: owner.id } })).toBe(0);
      },
    );
  });

  describe('allows loopback URLs for a test key (sandbox, outside production)', () => {
    it.each(['http://127.0.0.1:1/x', 'http://[::1]:8080/'])('%s', async (url) => {
      const owner = await newMerchant();
      const endpoint = await endpointFor(owner, url);
      expect(endpoint).toMatchObject({ url, livemode: false, status: 'enabled' });
    });
  });

  it('creates a live endpoint on a public address with the live key, seen only in live mode', async () => {
    const owner = await newMerchant();
    const live = await endpointFor(owner, PUBLIC_URL, ['*'], liveBearer(owner));
    expect(live.livemode).toBe(true);
    expect((await listEndpoints(owner, '', liveBearer(owner))).data.map((e) => e.id)).toEqual([live.id]);
    expect((await listEndpoints(owner)).data).toEqual([]);
  });

  describe('refuses a malformed request with 400 invalid_request', () => {
    it.each<[string, unknown, string]>([
      ['a URL that is not a URL', { url: 'not a url', enabled_events: ['*'] }, '/url'],
      ['a missing url', { enabled_events: ['*'] }, '/url'],
      ['missing enabled_events', { url: PUBLIC_URL }, '/enabled_events'],
      ['empty enabled_events', { url: PUBLIC_URL, enabled_events: [] }, '/enabled_events'],
      ['an event pattern that is not type.action', { url: PUBLIC_URL, enabled_events: ['transaction'] }, '/enabled_events/0'],
      ['an event pattern with capitals', { url: PUBLIC_URL, enabled_events: ['transaction.captured', 'Transaction.Refunded'] }, '/enabled_events/1'],
      ['a wildcard inside a pattern', { url: PUBLIC_URL, enabled_events: ['transaction.*'] }, '/enabled_events/0'],
      ['the same event twice', { url: PUBLIC_URL, enabled_events: ['transaction.captured', 'transaction.captured'] }, '/enabled_events'],
      ['an unknown api_version', { url: PUBLIC_URL, enabled_events: ['*'], api_version: 'v1' }, '/api_version'],
      ['an unknown field', { url: PUBLIC_URL, enabled_events: ['*'], secret: 'whsec_mine' }, '/secret'],
    ])('for %s', async (_what, body, pointer) => {
      const owner = await newMerchant();
      const res = await postEndpoint(owner, body);
      expectProblem(res, 400, 'invalid_request');
      expect(pointers(res)).toContain(pointer);
      expect(await evenpay.services.models.WebhookEndpoint.count({ where: { merchantId: owner.id } })).toBe(0);
    });
  });

  it('asks for a key with 401 when none is sent, and for a valid one', async () => {
    const res = await http.post('/v2/webhook-endpoints', { body: { url: PUBLIC_URL, enabled_events: ['*'] } });
    expectProblem(res, 401, 'authentication_required');
    const bad = await http.post('/v2/webhook-endpoints', { auth: 'Bearer sk_test_nope', body: { url: PUBLIC_URL, enabled_events: ['*'] } });
    expect(bad.status).toBe(401);
  });

  describe('with an Idempotency-Key', () => {
    it('replays the same endpoint, Location included, and creates one', async () => {
      const owner = await newMerchant();
      const key = randomUUID();
      const body = { url: PUBLIC_URL, enabled_events: ['*'] };
      const first = await postEndpoint(owner, body, { headers: { 'Idempotency-Key': key } });
      expect(first.status).toBe(201);
      cleanups.push(() => deleteEndpoint(owner, first.body.id as string));
      const again = await postEndpoint(owner, body, { headers: { 'Idempotency-Key': key } });
      expect(again.status).toBe(201);
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect(again.headers.location).toBe(first.headers.location);
      expect(again.body).toEqual(first.body);
      expect(await evenpay.services.models.WebhookEndpoint.count({ where: { merchantId: owner.id } })).toBe(1);
    });

    it('answers 409 idempotency_request_in_flight with Retry-After while the first request still runs', async () => {
      const owner = await newMerchant();
      const key = randomUUID();
      const body = { url: PUBLIC_URL, enabled_events: ['*'] };
      // The fingerprint is of the request as validated: with api_version's default filled in.
      await evenpay.services.idempotency.claim({
        merchantId: owner.id,
        livemode: false,
        key,
        operationId: 'createWebhookEndpoint',
        request: { params: {}, body: { ...body, api_version: 'v2' } },
      });
      const res = await postEndpoint(owner, body, { headers: { 'Idempotency-Key': key } });
      expectProblem(res, 409, 'idempotency_request_in_flight');
      expect(res.headers['retry-after']).toBe('1');
      expect(await evenpay.services.models.WebhookEndpoint.count({ where: { merchantId: owner.id } })).toBe(0);
    });

    it('refuses the key reused for another URL with 422 idempotency_key_reused', async () => {
      const owner = await newMerchant();
      const key = randomUUID();
      const first = await postEndpoint(owner, { url: PUBLIC_URL, enabled_events: ['*'] }, { headers: { 'Idempotency-Key': key } });
      expect(first.status).toBe(201);
      cleanups.push(() => deleteEndpoint(owner, first.body.id as string));
      const res = await postEndpoint(owner, { url: 'https://93.184.215.8/other', enabled_events: ['*'] }, { headers: { 'Idempotency-Key': key } });
      expectProblem(res, 422, 'idempotency_key_reused');
      expect(parameters(res)).toEqual(['Idempotency-Key']);
      expect(await evenpay.services.models.WebhookEndpoint.count({ where: { merchantId: owner.id } })).toBe(1);
    });

    it('stores a refused URL as an answer: the same request replays the 422', async () => {
      const owner = await newMerchant();
      const key = randomUUID();
      const body = { url: 'http://10.0.0.5/', enabled_events: ['*'] };
      const first = await postEndpoint(owner, body, { headers: { 'Idempotency-Key': key } });
      expectProblem(first, 422, 'webhook_url_not_allowed');
      const again = await postEndpoint(owner, body, { headers: { 'Idempotency-Key': key } });
      expect(again.status).toBe(422);
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect(again.body).toEqual(first.body);
      expect(await evenpay.services.models.WebhookEndpoint.count({ where: { merchantId: owner.id } })).toBe(0);
    });
  });
});

describe('GET /v2/webhook-endpoints', () => {
  it('lists the endpoints newest first, a page at a time, without secrets', async () => {
    const owner = await newMerchant();
    const a = await endpointFor(owner, 'https://93.184.215.1/a');
    clock.advance(1);
    const b = await endpointFor(owner, 'https://93.184.215.2/b', ['transaction.captured']);
    clock.advance(1);
    const c = await endpointFor(owner, 'https://93.184.215.3/c');

    const first = await listEndpoints(owner, '?limit=2');
    expect(first).toMatchObject({ object: 'list', url: '/v2/webhook-endpoints', has_more: true });
    expect(first.data.map((e) => e.id)).toEqual([c.id, b.id]);
    for (const endpoint of first.data) expect(endpoint).not.toHaveProperty('secret');
    const { secret: _secret, ...bWithoutSecret } = b;
    expect(first.data[1]).toEqual(bWithoutSecret);

    const second = await listEndpoints(owner, `?limit=2&starting_after=${b.id}`);
    expect(second.has_more).toBe(false);
    expect(second.data.map((e) => e.id)).toEqual([a.id]);

    const back = await listEndpoints(owner, `?limit=2&ending_before=${a.id}`);
    expect(back.data.map((e) => e.id)).toEqual([c.id, b.id]);

    expect((await listEndpoints(owner)).data.map((e) => e.id)).toEqual([c.id, b.id, a.id]);
  });

  it("does not list other merchants' endpoints, nor the other mode's", async () => {
    const owner = await newMerchant();
    const other = await newMerchant();
    const mine = await endpointFor(owner, PUBLIC_URL);
    await endpointFor(other, PUBLIC_URL);
    await endpointFor(owner, PUBLIC_URL, ['*'], liveBearer(owner));
    expect((await listEndpoints(owner)).data.map((e) => e.id)).toEqual([mine.id]);
  });

  describe('refuses with 400', () => {
    it.each([
      ['limit=0', '?limit=0', 'invalid_request', 'limit'],
      ['limit=101', '?limit=101', 'invalid_request', 'limit'],
      ['a cursor that is not an endpoint id', '?starting_after=chk_00000000000000000000', 'invalid_cursor', 'starting_after'],
      ['both cursors', '?starting_after=whe_00000000000000000000&ending_before=whe_00000000000000000001', 'invalid_cursor', 'ending_before'],
      ['a cursor not in the list', '?starting_after=whe_00000000000000000000', 'invalid_cursor', 'starting_after'],
    ])('%s', async (_what, query, code, parameter) => {
      const owner = await newMerchant();
      const res = await http.get(`/v2/webhook-endpoints${query}`, { auth: owner.bearer });
      expectProblem(res, 400, code);
      expect(parameters(res)).toContain(parameter);
    });

    it("for another merchant's endpoint as the cursor", async () => {
      const owner = await newMerchant();
      const other = await newMerchant();
      const theirs = await endpointFor(other, PUBLIC_URL);
      const res = await http.get(`/v2/webhook-endpoints?starting_after=${theirs.id}`, { auth: owner.bearer });
      expectProblem(res, 400, 'invalid_cursor');
    });
  });

  it('answers 401 without a key', async () => {
    expectProblem(await http.get('/v2/webhook-endpoints'), 401, 'authentication_required');
  });
});

describe('DELETE /v2/webhook-endpoints/{webhookEndpointId}', () => {
  it('deletes the endpoint: gone from the list, its pending deliveries failed and never sent', async () => {
    const owner = await newMerchant();
    const receiver = await Receiver.start();
    const endpoint = await endpointFor(owner, receiver.url);
    const keep = await endpointFor(owner, PUBLIC_URL, ['transaction.captured']);
    await cancelEvent(owner);
    expect((await deliveryRows(endpoint.id)).map((d) => d.status)).toEqual(['pending']);

    const res = await deleteEndpoint(owner, endpoint.id);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ id: endpoint.id, object: 'webhook_endpoint', deleted: true });
    expect((await listEndpoints(owner)).data.map((e) => e.id)).toEqual([keep.id]);

    const rows = await deliveryRows(endpoint.id);
    expect(rows.map((d) => [d.status, d.nextAttemptAt])).toEqual([['failed', null]]);
    await runOnce();
    expect(receiver.received).toEqual([]);
    // Its deliveries went with it.
    expectProblem(await http.get(`/v2/webhook-endpoints/${endpoint.id}/deliveries`, { auth: owner.bearer }), 404, 'resource_not_found');
  });

  it('sends no new event to a deleted endpoint', async () => {
    const owner = await newMerchant();
    const endpoint = await endpointFor(owner, PUBLIC_URL);
    expect((await deleteEndpoint(owner, endpoint.id)).status).toBe(200);
    await cancelEvent(owner);
    expect(await deliveryRows(endpoint.id)).toEqual([]);
  });

  describe('answers 404 resource_not_found', () => {
    it('for a second delete', async () => {
      const owner = await newMerchant();
      const endpoint = await endpointFor(owner, PUBLIC_URL);
      expect((await deleteEndpoint(owner, endpoint.id)).status).toBe(200);
      expectProblem(await deleteEndpoint(owner, endpoint.id), 404, 'resource_not_found');
    });

    it('for an endpoint that never existed', async () => {
      const owner = await newMerchant();
      expectProblem(await deleteEndpoint(owner, 'whe_00000000000000000000'), 404, 'resource_not_found');
    });

    it("for another merchant's endpoint, which stays", async () => {
      const owner = await newMerchant();
      const other = await newMerchant();
      const theirs = await endpointFor(other, PUBLIC_URL);
      expectProblem(await deleteEndpoint(owner, theirs.id), 404, 'resource_not_found');
      expect((await listEndpoints(other)).data.map((e) => e.id)).toEqual([theirs.id]);
    });

    it('for the live endpoint with the test key', async () => {
      const owner = await newMerchant();
      const live = await endpointFor(owner, PUBLIC_URL, ['*'], liveBearer(owner));
      expectProblem(await deleteEndpoint(owner, live.id), 404, 'resource_not_found');
    });
  });

  it('refuses a malformed id with 400 invalid_request', async () => {
    const owner = await newMerchant();
    for (const id of ['nope', 'chk_00000000000000000000', 'whe_has-dash']) {
      const res = await deleteEndpoint(owner, id);
      expectProblem(res, 400, 'invalid_request');
      expect(parameters(res)).toContain('webhookEndpointId');
    }
  });

  it('answers 401 without a key, and deletes nothing', async () => {
    const owner = await newMerchant();
    const endpoint = await endpointFor(owner, PUBLIC_URL);
    expectProblem(await http.call('delete', `/v2/webhook-endpoints/${endpoint.id}`), 401, 'authentication_required');
    expect((await listEndpoints(owner)).data).toHaveLength(1);
  });
});

describe('POST /v2/webhook-endpoints/{webhookEndpointId}/rotate-secret', () => {
  it('issues a new secret; the old one keeps signing for overlap_seconds', async () => {
    const owner = await newMerchant();
    const endpoint = await endpointFor(owner, PUBLIC_URL);
    const res = await rotate(owner, endpoint.id, { overlap_seconds: 3600 });
    expect(res.status).toBe(200);
    const rotated = res.body as WebhookEndpoint;
    expect(rotated.secret).toMatch(/^whsec_[0-9A-Za-z]{32}$/);
    expect(rotated.secret).not.toBe(endpoint.secret);
    const { secret: _old, ...unchanged } = endpoint;
    expect(rotated).toEqual({ ...unchanged, secret: rotated.secret, previous_secret_expires_at: iso(clock.now().getTime() + 3600 * SECOND_MS) });
    // The list shows the overlap, never a secret.
    const listed = (await listEndpoints(owner)).data[0]!;
    expect(listed).not.toHaveProperty('secret');
    expect(listed.previous_secret_expires_at).toBe(rotated.previous_secret_expires_at);
  });

  it.each<[string, unknown]>([
    ['no body', undefined],
    ['an empty body', {}],
  ])('overlaps 24 h by default (%s)', async (_what, body) => {
    const owner = await newMerchant();
    const endpoint = await endpointFor(owner, PUBLIC_URL);
    const res = await rotate(owner, endpoint.id, body);
    expect(res.status).toBe(200);
    expect(res.body.previous_secret_expires_at).toBe(iso(clock.now().getTime() + DAY_MS));
  });

  it('accepts overlap_seconds 0 (the old secret stops at once) and the 7-day maximum', async () => {
    const owner = await newMerchant();
    const endpoint = await endpointFor(owner, PUBLIC_URL);
    expect((await rotate(owner, endpoint.id, { overlap_seconds: 0 })).body.previous_secret_expires_at).toBe(iso(clock.now()));
    expect((await rotate(owner, endpoint.id, { overlap_seconds: 604_800 })).body.previous_secret_expires_at).toBe(iso(clock.now().getTime() + 7 * DAY_MS));
  });

  describe('refuses a malformed request with 400 invalid_request', () => {
    it.each<[string, unknown, string]>([
      ['a negative overlap', { overlap_seconds: -1 }, '/overlap_seconds'],
      ['an overlap over 7 days', { overlap_seconds: 700_000 }, '/overlap_seconds'],
      ['a fractional overlap', { overlap_seconds: 1.5 }, '/overlap_seconds'],
      ['an overlap that is not a number', { overlap_seconds: 'an hour' }, '/overlap_seconds'],
      ['an unknown field', { overlap_seconds: 60, secret: 'whsec_mine' }, '/secret'],
    ])('for %s, and rotates nothing', async (_what, body, pointer) => {
      const owner = await newMerchant();
      const endpoint = await endpointFor(owner, PUBLIC_URL);
      const res = await rotate(owner, endpoint.id, body);
      expectProblem(res, 400, 'invalid_request');
      expect(pointers(res)).toContain(pointer);
      expect((await endpointRow(endpoint.id)).secret).toBe(endpoint.secret);
    });

    it('for a malformed id', async () => {
      const owner = await newMerchant();
      const res = await rotate(owner, 'nope', { overlap_seconds: 60 });
      expectProblem(res, 400, 'invalid_request');
      expect(parameters(res)).toContain('webhookEndpointId');
    });
  });

  it('answers 401 without a key, and rotates nothing', async () => {
    const owner = await newMerchant();
    const endpoint = await endpointFor(owner, PUBLIC_URL);
    expectProblem(await http.post(`/v2/webhook-endpoints/${endpoint.id}/rotate-secret`, { body: {} }), 401, 'authentication_required');
    expect((await endpointRow(endpoint.id)).secret).toBe(endpoint.secret);
  });

  describe('answers 404 resource_not_found', () => {
    it('for an endpoint that never existed', async () => {
      const owner = await newMerchant();
      expectProblem(await rotate(owner, 'whe_00000000000000000000', {}), 404, 'resource_not_found');
    });

    it("for another merchant's endpoint, whose secret stays", async () => {
      const owner = await newMerchant();
      const other = await newMerchant();
      const theirs = await endpointFor(other, PUBLIC_URL);
      expectProblem(await rotate(owner, theirs.id, {}), 404, 'resource_not_found');
      expect((await endpointRow(theirs.id)).secret).toBe(theirs.secret);
    });

    it('for a deleted endpoint', async () => {
      const owner = await newMerchant();
      const endpoint = await endpointFor(owner, PUBLIC_URL);
      expect((await deleteEndpoint(owner, endpoint.id)).status).toBe(200);
      expectProblem(await rotate(owner, endpoint.id, {}), 404, 'resource_not_found');
    });
  });

  describe('with an Idempotency-Key', () => {
    it('replays the same new secret and rotates once', async () => {
      const owner = await newMerchant();
      const endpoint = await endpointFor(owner, PUBLIC_URL);
      const key = randomUUID();
      const first = await rotate(owner, endpoint.id, { overlap_seconds: 60 }, { 'Idempotency-Key': key });
      const again = await rotate(owner, endpoint.id, { overlap_seconds: 60 }, { 'Idempotency-Key': key });
      expect(first.status).toBe(200);
      expect(again.status).toBe(200);
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect(again.body).toEqual(first.body);
      const row = await endpointRow(endpoint.id);
      expect(row.secret).toBe(first.body.secret);
      expect(row.previousSecret).toBe(endpoint.secret);
    });

    it('answers 409 idempotency_request_in_flight while the first request still runs', async () => {
      const owner = await newMerchant();
      const endpoint = await endpointFor(owner, PUBLIC_URL);
      const key = randomUUID();
      const body = { overlap_seconds: 60 };
      await evenpay.services.idempotency.claim({
        merchantId: owner.id,
        livemode: false,
        key,
        operationId: 'rotateWebhookEndpointSecret',
        request: { params: { webhookEndpointId: endpoint.id }, body },
      });
      const res = await rotate(owner, endpoint.id, body, { 'Idempotency-Key': key });
      expectProblem(res, 409, 'idempotency_request_in_flight');
      expect(res.headers['retry-after']).toBe('1');
      expect((await endpointRow(endpoint.id)).secret).toBe(endpoint.secret);
    });

    it('refuses the key reused with another overlap with 422 idempotency_key_reused', async () => {
      const owner = await newMerchant();
      const endpoint = await endpointFor(owner, PUBLIC_URL);
      const key = randomUUID();
      const first = await rotate(owner, endpoint.id, { overlap_seconds: 60 }, { 'Idempotency-Key': key });
      expect(first.status).toBe(200);
      const res = await rotate(owner, endpoint.id, { overlap_seconds: 120 }, { 'Idempotency-Key': key });
      expectProblem(res, 422, 'idempotency_key_reused');
      expect(parameters(res)).toEqual(['Idempotency-Key']);
      expect((await endpointRow(endpoint.id)).secret).toBe(first.body.secret);
    });
  });
});

const enable = (owner: TestMerchant, id: string, headers?: Record<string, string>, auth: string = owner.bearer) =>
  http.post(`/v2/webhook-endpoints/${id}/enable`, { auth, ...(headers ? { headers } : {}) });

/** Disables the endpoint as the dispatcher does after it has failed for 3 days (tested under "delivery" below). */
const disable = async (id: string) => (await endpointRow(id)).update({ status: 'disabled', failingSince: new Date(clock.now().getTime() - 4 * DAY_MS) });

describe('POST /v2/webhook-endpoints/{webhookEndpointId}/enable', () => {
  it('turns a disabled endpoint back on, failures forgotten: new events reach it again, signed with the same secret', async () => {
    const owner = await newMerchant();
    const receiver = await Receiver.start();
    const endpoint = await endpointFor(owner, receiver.url, ['checkout.canceled']);
    await disable(endpoint.id);
    await cancelEvent(owner);
    expect(await deliveryRows(endpoint.id)).toHaveLength(0);

    const res = await enable(owner, endpoint.id);
    expect(res.status).toBe(200);
    const { secret: _secret, ...shown } = endpoint;
    expect(res.body).toEqual({ ...shown, status: 'enabled' });
    expect((await endpointRow(endpoint.id)).failingSince).toBeNull();
    expect((await listEndpoints(owner)).data.map((e) => e.status)).toEqual(['enabled']);

    await cancelEvent(owner);
    await runOnce();
    expect(receiver.received).toHaveLength(1);
    expect(verify(receiver.received[0]!, endpoint.secret)).toBe(Math.floor(clock.now().getTime() / 1000));
  });

  it('waits while the dispatcher holds the endpoint, then enables what the dispatcher disabled', async () => {
    const owner = await newMerchant();
    const endpoint = await endpointFor(owner, PUBLIC_URL);
    let answered = false;
    let answer: Promise<Response> | undefined;
    await evenpay.services.uow.transaction(async (transaction) => {
      // As the dispatcher's record() holds the row while it disables the endpoint.
      const row = await evenpay.services.models.WebhookEndpoint.findOne({ where: { id: endpoint.id }, transaction, lock: transaction.LOCK.UPDATE });
      answer = enable(owner, endpoint.id).then((res) => {
        answered = true;
        return res;
      });
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(answered).toBe(false);
      await row!.update({ status: 'disabled', failingSince: new Date(clock.now().getTime() - 4 * DAY_MS) }, { transaction });
    });
    const res = await answer!;
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('enabled');
    expect((await endpointRow(endpoint.id)).failingSince).toBeNull();
  });

  it('leaves an enabled endpoint as it is', async () => {
    const owner = await newMerchant();
    const endpoint = await endpointFor(owner, PUBLIC_URL);
    const res = await enable(owner, endpoint.id);
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('enabled');
    expect(res.body).not.toHaveProperty('secret');
  });

  it('checks the URL again: 422 webhook_url_not_allowed where localhost is no longer allowed, and stays disabled', async () => {
    const owner = await newMerchant();
    const endpoint = await endpointFor(owner, 'http://127.0.0.1:9/hooks');
    await disable(endpoint.id);
    const strict = await startTestApp({ clock, config: { allowLocalhostWebhooks: false } });
    try {
      const res = await api(strict.app).post(`/v2/webhook-endpoints/${endpoint.id}/enable`, { auth: owner.bearer });
      expectProblem(res, 422, 'webhook_url_not_allowed');
      // The URL is the stored one, not a field of this request (which has no body).
      expect(res.body).not.toHaveProperty('errors');
    } finally {
      await strict.close();
    }
    expect((await endpointRow(endpoint.id)).status).toBe('disabled');
  });

  it('answers 400 for a malformed id, 401 without a key, and enables nothing', async () => {
    const owner = await newMerchant();
    const endpoint = await endpointFor(owner, PUBLIC_URL);
    await disable(endpoint.id);
    const malformed = await enable(owner, 'nope');
    expectProblem(malformed, 400, 'invalid_request');
    expect(parameters(malformed)).toContain('webhookEndpointId');
    expectProblem(await http.post(`/v2/webhook-endpoints/${endpoint.id}/enable`, {}), 401, 'authentication_required');
    expect((await endpointRow(endpoint.id)).status).toBe('disabled');
  });

  describe('answers 404 resource_not_found', () => {
    it('for an endpoint that never existed', async () => {
      expectProblem(await enable(await newMerchant(), 'whe_00000000000000000000'), 404, 'resource_not_found');
    });

    it("for another merchant's endpoint, which stays disabled", async () => {
      const owner = await newMerchant();
      const theirs = await endpointFor(await newMerchant(), PUBLIC_URL);
      await disable(theirs.id);
      expectProblem(await enable(owner, theirs.id), 404, 'resource_not_found');
      expect((await endpointRow(theirs.id)).status).toBe('disabled');
    });

    it("for the other mode's endpoint", async () => {
      const owner = await newMerchant();
      const live = await endpointFor(owner, PUBLIC_URL, ['*'], `Bearer ${owner.liveSecretKey}`);
      await disable(live.id);
      expectProblem(await enable(owner, live.id), 404, 'resource_not_found');
      expect((await enable(owner, live.id, undefined, `Bearer ${owner.liveSecretKey}`)).status).toBe(200);
    });

    it('for a deleted endpoint', async () => {
      const owner = await newMerchant();
      const endpoint = await endpointFor(owner, PUBLIC_URL);
      await disable(endpoint.id);
      expect((await deleteEndpoint(owner, endpoint.id)).status).toBe(200);
      expectProblem(await enable(owner, endpoint.id), 404, 'resource_not_found');
    });
  });

  describe('with an Idempotency-Key', () => {
    it('replays the answer', async () => {
      const owner = await newMerchant();
      const endpoint = await endpointFor(owner, PUBLIC_URL);
      await disable(endpoint.id);
      const key = randomUUID();
      const first = await enable(owner, endpoint.id, { 'Idempotency-Key': key });
      const again = await enable(owner, endpoint.id, { 'Idempotency-Key': key });
      expect(first.status).toBe(200);
      expect(again.status).toBe(200);
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect(again.body).toEqual(first.body);
    });

    it('answers 409 idempotency_request_in_flight while the first request still runs', async () => {
      const owner = await newMerchant();
      const endpoint = await endpointFor(owner, PUBLIC_URL);
      await disable(endpoint.id);
      const key = randomUUID();
      await evenpay.services.idempotency.claim({
        merchantId: owner.id,
        livemode: false,
        key,
        operationId: 'enableWebhookEndpoint',
        request: { params: { webhookEndpointId: endpoint.id }, body: undefined },
      });
      const res = await enable(owner, endpoint.id, { 'Idempotency-Key': key });
      expectProblem(res, 409, 'idempotency_request_in_flight');
      expect((await endpointRow(endpoint.id)).status).toBe('disabled');
    });

    it('refuses the key reused for another endpoint with 422 idempotency_key_reused', async () => {
      const owner = await newMerchant();
      const a = await endpointFor(owner, PUBLIC_URL);
      const b = await endpointFor(owner, PUBLIC_URL);
      await disable(b.id);
      const key = randomUUID();
      expect((await enable(owner, a.id, { 'Idempotency-Key': key })).status).toBe(200);
      const res = await enable(owner, b.id, { 'Idempotency-Key': key });
      expectProblem(res, 422, 'idempotency_key_reused');
      expect((await endpointRow(b.id)).status).toBe('disabled');
    });
  });
});

describe('GET /v2/webhook-endpoints/{webhookEndpointId}/deliveries', () => {
  it('shows a queued delivery, then its attempt once delivered', async () => {
    const owner = await newMerchant();
    const receiver = await Receiver.start();
    const endpoint = await endpointFor(owner, receiver.url);
    const event = await cancelEvent(owner);
    const queued = await onlyDeliveryOf(owner, endpoint.id);
    expect(queued).toEqual({
      id: expect.stringMatching(/^whd_[0-9A-Za-z]{20}$/),
      object: 'webhook_delivery',
      event_id: event.id,
      event_type: 'checkout.canceled',
      webhook_endpoint_id: endpoint.id,
      status: 'pending',
      attempt_count: 0,
      next_attempt_at: iso(clock.now()),
      created: iso(clock.now()),
      attempts: [],
    });

    await runOnce();
    expect(receiver.received).toHaveLength(1);
    const delivered = await onlyDeliveryOf(owner, endpoint.id);
    expect(delivered).toEqual({
      ...queued,
      status: 'succeeded',
      attempt_count: 1,
      next_attempt_at: null,
      attempts: [{ number: 1, started_at: iso(clock.now()), response_status: 200, latency_ms: expect.any(Number), error: null }],
    });
    expect(delivered.attempts[0]!.latency_ms).toBeGreaterThanOrEqual(0);
  });

  it('lists newest first, a page at a time', async () => {
    const owner = await newMerchant();
    const endpoint = await endpointFor(owner, PUBLIC_URL);
    const first = await cancelEvent(owner);
    const second = await cancelEvent(owner);
    const res = await http.get(`/v2/webhook-endpoints/${endpoint.id}/deliveries?limit=1`, { auth: owner.bearer });
    expect(res.status).toBe(200);
    const page = res.body as WebhookDeliveryList;
    expect(page).toMatchObject({ object: 'list', url: `/v2/webhook-endpoints/${endpoint.id}/deliveries`, has_more: true });
    expect(page.data.map((d) => d.event_id)).toEqual([second.id]);
    const next = await http.get(`/v2/webhook-endpoints/${endpoint.id}/deliveries?limit=1&starting_after=${page.data[0]!.id}`, { auth: owner.bearer });
    expect((next.body as WebhookDeliveryList).data.map((d) => d.event_id)).toEqual([first.id]);
    expect(next.body.has_more).toBe(false);
  });

  it("shows only the endpoint's own deliveries", async () => {
    const owner = await newMerchant();
    const all = await endpointFor(owner, PUBLIC_URL);
    const captures = await endpointFor(owner, PUBLIC_URL, ['transaction.captured']);
    await cancelEvent(owner);
    expect(await deliveriesOf(owner, all.id)).toHaveLength(1);
    expect(await deliveriesOf(owner, captures.id)).toEqual([]);
  });

  describe('refuses with 400', () => {
    it.each([
      ['limit=0', 'whe_00000000000000000000/deliveries?limit=0', 'limit'],
      ['limit=101', 'whe_00000000000000000000/deliveries?limit=101', 'limit'],
      ['a malformed endpoint id', 'nope/deliveries', 'webhookEndpointId'],
    ])('%s', async (_what, path, parameter) => {
      const owner = await newMerchant();
      const res = await http.get(`/v2/webhook-endpoints/${path}`, { auth: owner.bearer });
      expectProblem(res, 400, 'invalid_request');
      expect(parameters(res)).toContain(parameter);
    });

    it('a cursor from another list', async () => {
      const owner = await newMerchant();
      const a = await endpointFor(owner, PUBLIC_URL);
      const b = await endpointFor(owner, PUBLIC_URL);
      await cancelEvent(owner);
      const ofA = (await deliveriesOf(owner, a.id))[0]!;
      expectProblem(await http.get(`/v2/webhook-endpoints/${b.id}/deliveries?starting_after=${ofA.id}`, { auth: owner.bearer }), 400, 'invalid_cursor');
    });
  });

  it('answers 401 without a key', async () => {
    expectProblem(await http.get('/v2/webhook-endpoints/whe_00000000000000000000/deliveries'), 401, 'authentication_required');
  });

  describe('answers 404 resource_not_found', () => {
    it('for an endpoint that never existed', async () => {
      const owner = await newMerchant();
      expectProblem(await http.get('/v2/webhook-endpoints/whe_00000000000000000000/deliveries', { auth: owner.bearer }), 404, 'resource_not_found');
    });

    it("for another merchant's endpoint", async () => {
      const owner = await newMerchant();
      const other = await newMerchant();
      const theirs = await endpointFor(other, PUBLIC_URL);
      await cancelEvent(other);
      expectProblem(await http.get(`/v2/webhook-endpoints/${theirs.id}/deliveries`, { auth: owner.bearer }), 404, 'resource_not_found');
    });
  });
});

describe('POST /v2/events/{eventId}/redeliver', () => {
  /** A merchant with endpoints for everything, for checkout.canceled, for captures only, and a deleted one; and one canceled checkout. */
  const setup = async () => {
    const owner = await newMerchant();
    const all = await endpointFor(owner, PUBLIC_URL, ['*']);
    const cancels = await endpointFor(owner, PUBLIC_URL, ['checkout.canceled', 'checkout.expired']);
    const captures = await endpointFor(owner, PUBLIC_URL, ['transaction.captured']);
    const gone = await endpointFor(owner, PUBLIC_URL, ['*']);
    expect((await deleteEndpoint(owner, gone.id)).status).toBe(200);
    const event = await cancelEvent(owner);
    return { owner, all, cancels, captures, gone, event };
  };

  it('queues one new delivery per enabled endpoint subscribed to the event type', async () => {
    const { owner, all, cancels, captures, gone, event } = await setup();
    const originals = [...(await deliveryRows(all.id)), ...(await deliveryRows(cancels.id))].map((d) => d.id);
    expect(originals).toHaveLength(2);

    const res = await redeliver(owner, event.id);
    expect(res.status).toBe(202);
    const list = res.body as WebhookDeliveryList;
    expect(list).toMatchObject({ object: 'list', url: `/v2/events/${event.id}/redeliver`, has_more: false });
    expect(list.data.map((d) => d.webhook_endpoint_id).sort()).toEqual([all.id, cancels.id].sort());
    for (const delivery of list.data) {
      expect(delivery).toMatchObject({
        object: 'webhook_delivery',
        event_id: event.id,
        event_type: 'checkout.canceled',
        status: 'pending',
        attempt_count: 0,
        next_attempt_at: iso(clock.now()),
        created: iso(clock.now()),
        attempts: [],
      });
      expect(originals).not.toContain(delivery.id);
    }
    expect((await deliveryRows(all.id)).map((d) => d.eventId)).toEqual([event.id, event.id]);
    expect(await deliveryRows(cancels.id)).toHaveLength(2);
    expect(await deliveryRows(captures.id)).toEqual([]);
    expect(await deliveryRows(gone.id)).toEqual([]);
    // The new delivery is listed with the endpoint's, newest first.
    expect((await deliveriesOf(owner, all.id))[0]!.id).toBe(list.data.find((d) => d.webhook_endpoint_id === all.id)!.id);
  });

  it('queues it only for the endpoint named in webhook_endpoint_id', async () => {
    const { owner, all, cancels, event } = await setup();
    const res = await redeliver(owner, event.id, { webhook_endpoint_id: cancels.id });
    expect(res.status).toBe(202);
    expect((res.body as WebhookDeliveryList).data.map((d) => d.webhook_endpoint_id)).toEqual([cancels.id]);
    expect(await deliveryRows(cancels.id)).toHaveLength(2);
    expect(await deliveryRows(all.id)).toHaveLength(1);
  });

  it('sends the redelivery as a new delivery of the same event', async () => {
    const owner = await newMerchant();
    const receiver = await Receiver.start();
    const endpoint = await endpointFor(owner, receiver.url, ['checkout.canceled']);
    const event = await cancelEvent(owner);
    await runOnce();
    const res = await redeliver(owner, event.id, { webhook_endpoint_id: endpoint.id });
    expect(res.status).toBe(202);
    await runOnce();
    expect(receiver.received).toHaveLength(2);
    const [original, again] = receiver.received;
    expect(again!.headers['evenpay-event-id']).toBe(event.id);
    expect(again!.headers['evenpay-delivery-id']).toBe(res.body.data[0].id);
    expect(again!.headers['evenpay-delivery-id']).not.toBe(original!.headers['evenpay-delivery-id']);
    expect(again!.headers['evenpay-attempt']).toBe('1');
    expect(again!.body).toBe(original!.body);
    expect(verify(again!, endpoint.secret)).toBe(Math.floor(clock.now().getTime() / 1000));
    expect((await deliveriesOf(owner, endpoint.id)).map((d) => d.status)).toEqual(['succeeded', 'succeeded']);
  });

  it('answers an empty list when no endpoint is subscribed', async () => {
    const owner = await newMerchant();
    await endpointFor(owner, PUBLIC_URL, ['transaction.captured']);
    const event = await cancelEvent(owner);
    const res = await redeliver(owner, event.id, {});
    expect(res.status).toBe(202);
    expect(res.body.data).toEqual([]);
  });

  describe('answers 404 resource_not_found', () => {
    it('for an event that never existed', async () => {
      const owner = await newMerchant();
      expectProblem(await redeliver(owner, 'evt_00000000000000000000'), 404, 'resource_not_found');
    });

    it('for an endpoint that never existed, and queues nothing', async () => {
      const { owner, all, event } = await setup();
      expectProblem(await redeliver(owner, event.id, { webhook_endpoint_id: 'whe_00000000000000000000' }), 404, 'resource_not_found');
      expect(await deliveryRows(all.id)).toHaveLength(1);
    });

    it('for a deleted endpoint', async () => {
      const { owner, gone, event } = await setup();
      expectProblem(await redeliver(owner, event.id, { webhook_endpoint_id: gone.id }), 404, 'resource_not_found');
      expect(await deliveryRows(gone.id)).toEqual([]);
    });

    it("for another merchant's event, which is not redelivered", async () => {
      const { owner, all, event } = await setup();
      const intruder = await newMerchant();
      await endpointFor(intruder, PUBLIC_URL);
      expectProblem(await redeliver(intruder, event.id), 404, 'resource_not_found');
      expect(await deliveryRows(all.id)).toHaveLength(1);
      expect((await redeliver(owner, event.id)).status).toBe(202);
    });

    it("for another merchant's endpoint", async () => {
      const { owner, event } = await setup();
      const other = await newMerchant();
      const theirs = await endpointFor(other, PUBLIC_URL);
      expectProblem(await redeliver(owner, event.id, { webhook_endpoint_id: theirs.id }), 404, 'resource_not_found');
      expect(await deliveryRows(theirs.id)).toEqual([]);
    });
  });

  describe('refuses a malformed request with 400 invalid_request', () => {
    it('for a malformed event id', async () => {
      const owner = await newMerchant();
      const res = await redeliver(owner, 'chk_00000000000000000000');
      expectProblem(res, 400, 'invalid_request');
      expect(parameters(res)).toContain('eventId');
    });

    it.each<[string, unknown, string]>([
      ['a malformed endpoint id', { webhook_endpoint_id: 'nope' }, '/webhook_endpoint_id'],
      ['an unknown field', { endpoint: 'whe_00000000000000000000' }, '/endpoint'],
    ])('for %s', async (_what, body, pointer) => {
      const { owner, all, event } = await setup();
      const res = await redeliver(owner, event.id, body);
      expectProblem(res, 400, 'invalid_request');
      expect(pointers(res)).toContain(pointer);
      expect(await deliveryRows(all.id)).toHaveLength(1);
    });
  });

  it('answers 401 without a key', async () => {
    expectProblem(await http.post('/v2/events/evt_00000000000000000000/redeliver', { body: {} }), 401, 'authentication_required');
  });

  describe('with an Idempotency-Key', () => {
    it('replays the queued deliveries and queues them once', async () => {
      const { owner, all, event } = await setup();
      const key = randomUUID();
      const first = await redeliver(owner, event.id, { webhook_endpoint_id: all.id }, { 'Idempotency-Key': key });
      const again = await redeliver(owner, event.id, { webhook_endpoint_id: all.id }, { 'Idempotency-Key': key });
      expect(first.status).toBe(202);
      expect(again.status).toBe(202);
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect(again.body).toEqual(first.body);
      expect(await deliveryRows(all.id)).toHaveLength(2);
    });

    it('answers 409 idempotency_request_in_flight while the first request still runs', async () => {
      const { owner, all, event } = await setup();
      const key = randomUUID();
      const body = { webhook_endpoint_id: all.id };
      await evenpay.services.idempotency.claim({
        merchantId: owner.id,
        livemode: false,
        key,
        operationId: 'redeliverEvent',
        request: { params: { eventId: event.id }, body },
      });
      const res = await redeliver(owner, event.id, body, { 'Idempotency-Key': key });
      expectProblem(res, 409, 'idempotency_request_in_flight');
      expect(res.headers['retry-after']).toBe('1');
      expect(await deliveryRows(all.id)).toHaveLength(1);
    });

    it('refuses the key reused for another endpoint with 422 idempotency_key_reused', async () => {
      const { owner, all, cancels, event } = await setup();
      const key = randomUUID();
      expect((await redeliver(owner, event.id, { webhook_endpoint_id: all.id }, { 'Idempotency-Key': key })).status).toBe(202);
      const res = await redeliver(owner, event.id, { webhook_endpoint_id: cancels.id }, { 'Idempotency-Key': key });
      expectProblem(res, 422, 'idempotency_key_reused');
      expect(parameters(res)).toEqual(['Idempotency-Key']);
      expect(await deliveryRows(cancels.id)).toHaveLength(1);
    });
  });
});

// ---------------------------------------------------------------------------------------------

describe('delivery to a real endpoint', () => {
  it('POSTs each event as GET /v2/events/{id} shows it, signed, with its ids and attempt number', async () => {
    const owner = await newMerchant();
    const receiver = await Receiver.start();
    const endpoint = await endpointFor(owner, receiver.url);
    const tx = await authorizedTransaction(http, owner);
    await capture(http, owner, tx.id, 5_000);
    await runOnce();

    const events = [...(await eventsOf(http, owner, tx.checkout_id)), ...(await eventsOf(http, owner, tx.id))];
    expect(events.map((e) => e.type).sort()).toEqual(['checkout.confirmed', 'transaction.authorized', 'transaction.captured']);
    const rows = await deliveryRows(endpoint.id);
    expect(rows.map((d) => d.status)).toEqual(['succeeded', 'succeeded', 'succeeded']);
    expect(receiver.received).toHaveLength(3);

    for (const request of receiver.received) {
      expect(request.method).toBe('POST');
      expect(request.path).toBe('/hooks');
      expect(request.headers['content-type']).toBe('application/json');
      expect(request.headers['user-agent']).toBe('Evenpay-Webhooks/1.0');
      expect(Number(request.headers['content-length'])).toBe(request.raw.length);
      const eventId = request.headers['evenpay-event-id'] as string;
      const asListed = await http.get(`/v2/events/${eventId}`, { auth: owner.bearer });
      expect(asListed.status).toBe(200);
      expect(JSON.parse(request.body)).toEqual(asListed.body);
      const row = rows.find((d) => d.id === request.headers['evenpay-delivery-id']);
      expect(row?.eventId).toBe(eventId);
      expect(request.headers['evenpay-attempt']).toBe('1');

      const header = signatureOf(request);
      expect(header).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
      expect(verify(request, endpoint.secret)).toBe(Math.floor(clock.now().getTime() / 1000));
      expect(() => verify(request, 'whsec_someoneElsesSecret000000000000')).toThrow(WebhookSignatureError);
      // The signature covers the raw body: one byte changed and it no longer holds.
      expect(() => verifyWebhookSignature(`${request.body} `, header, endpoint.secret, { now: clock.now() })).toThrow(WebhookSignatureError);
    }
    // A second round sends nothing more.
    await runOnce();
    expect(receiver.received).toHaveLength(3);
  });

  it('signs with both secrets while a rotated secret overlaps, then with the new one only', async () => {
    const owner = await newMerchant();
    const receiver = await Receiver.start();
    const endpoint = await endpointFor(owner, receiver.url, ['checkout.canceled']);
    const rotated = await rotate(owner, endpoint.id, { overlap_seconds: 3600 });
    expect(rotated.status).toBe(200);
    const newSecret = rotated.body.secret as string;

    await cancelEvent(owner);
    await runOnce();
    const during = receiver.received[0]!;
    expect(signatureOf(during)).toMatch(/^t=\d+,v1=[0-9a-f]{64},v1=[0-9a-f]{64}$/);
    expect(verify(during, endpoint.secret)).toBeGreaterThan(0);
    expect(verify(during, newSecret)).toBeGreaterThan(0);
    expect(() => verify(during, 'whsec_neither000000000000000000000000')).toThrow(WebhookSignatureError);

    clock.advance(3600 * SECOND_MS + 1);
    await cancelEvent(owner);
    await runOnce();
    expect(receiver.received).toHaveLength(2);
    const after = receiver.received[1]!;
    expect(signatureOf(after)).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect(verify(after, newSecret)).toBeGreaterThan(0);
    expect(() => verify(after, endpoint.secret)).toThrow(WebhookSignatureError);
  });

  it('sends an endpoint only the event types it subscribed to', async () => {
    const owner = await newMerchant();
    const capturesOnly = await Receiver.start();
    const everything = await Receiver.start();
    const captures = await endpointFor(owner, capturesOnly.url, ['transaction.captured']);
    await endpointFor(owner, everything.url, ['*']);
    const tx = await authorizedTransaction(http, owner);
    await capture(http, owner, tx.id, 1_000);
    await capture(http, owner, tx.id, 2_000);
    await cancelEvent(owner);
    await runOnce();

    const typeOf = (request: Received) => (JSON.parse(request.body) as Event).type;
    expect(capturesOnly.received.map(typeOf)).toEqual(['transaction.captured', 'transaction.captured']);
    expect((await deliveryRows(captures.id)).map((d) => d.eventType)).toEqual(['transaction.captured', 'transaction.captured']);
    expect(everything.received.map(typeOf).sort()).toEqual([
      'checkout.canceled',
      'checkout.confirmed',
      'transaction.authorized',
      'transaction.captured',
      'transaction.captured',
    ]);
  });

  it('keeps test and live apart: test events reach test endpoints only, live events live endpoints only', async () => {
    const owner = await newMerchant();
    const receiver = await Receiver.start();
    const test = await endpointFor(owner, receiver.url, ['*']);
    const live = await endpointFor(owner, PUBLIC_URL, ['*'], liveBearer(owner));

    await cancelEvent(owner);
    expect(await deliveryRows(test.id)).toHaveLength(1);
    expect(await deliveryRows(live.id)).toEqual([]);

    // A live checkout left open expires (seen on read) with a live checkout.expired event.
    const checkout = await openCheckout(http, owner, { live: true });
    clock.advance(25 * HOUR_MS);
    const read = await http.get(`/v2/checkouts/${checkout.id}`, { auth: liveBearer(owner) });
    expect(read.body.status).toBe('expired');
    const liveEvents = await eventsOf(http, owner, checkout.id, { live: true });
    expect(liveEvents.map((e) => [e.type, e.livemode])).toEqual([['checkout.expired', true]]);
    expect((await deliveryRows(live.id)).map((d) => d.eventId)).toEqual([liveEvents[0]!.id]);
    expect(await deliveryRows(test.id)).toHaveLength(1);
    // The live delivery is not for this machine: stop it before a round tries it.
    expect((await deleteEndpoint(owner, live.id, liveBearer(owner))).status).toBe(200);

    await runOnce();
    expect(receiver.received.map((r) => (JSON.parse(r.body) as Event).livemode)).toEqual([false]);
    // Redelivering the live event with the test key finds no such event.
    expectProblem(await redeliver(owner, liveEvents[0]!.id), 404, 'resource_not_found');
  });

  it('checks the address again when delivering: loopback is refused once the operator disallows it', async () => {
    const owner = await newMerchant();
    const receiver = await Receiver.start();
    const literal = await endpointFor(owner, receiver.url, ['checkout.canceled']);
    const named = await endpointFor(owner, `http://localhost:${receiver.port}/hooks`, ['checkout.canceled']);
    await cancelEvent(owner);
    await dispatcherWith({ allowLocalhostForSandbox: false }).runOnce();

    expect(receiver.received).toEqual([]);
    const [byLiteral, byName] = [await onlyDeliveryOf(owner, literal.id), await onlyDeliveryOf(owner, named.id)];
    for (const delivery of [byLiteral, byName]) {
      expect(delivery.status).toBe('pending');
      expect(delivery.attempts).toHaveLength(1);
      expect(delivery.attempts[0]).toMatchObject({ number: 1, response_status: null, error: expect.stringMatching(/^EADDRNOTALLOWED: /) });
    }
    expect(byLiteral.attempts[0]!.error).toContain('loopback');
    expect(byName.attempts[0]!.error).toMatch(/localhost resolves to (127\.0\.0\.1|::1), a loopback address/);
  });
});

describe('at least once, never twice at a time', () => {
  it('does not follow redirects: a 302 is a failed attempt, and its Location is never requested', async () => {
    const owner = await newMerchant();
    const receiver = await Receiver.start((res) => {
      res.writeHead(302, { Location: 'http://169.254.169.254/latest/meta-data/' }).end();
    });
    const endpoint = await endpointFor(owner, receiver.url, ['checkout.canceled']);
    await cancelEvent(owner);
    await runOnce();
    expect(receiver.received).toHaveLength(1);
    const delivery = await onlyDeliveryOf(owner, endpoint.id);
    expect(delivery.status).toBe('pending');
    expect(delivery.attempts).toMatchObject([{ number: 1, response_status: 302, error: 'HTTP 302' }]);
  });

  it('sends the attempt again when a dispatcher claimed it and died: after its lease, another takes over', async () => {
    const owner = await newMerchant();
    const receiver = await Receiver.start();
    const endpoint = await endpointFor(owner, receiver.url, ['checkout.canceled']);
    await cancelEvent(owner);
    const [queued] = await deliveryRows(endpoint.id);

    // Claims (attempt 1 leased for 2 × 10 s + 5 s) and never sends: as if killed.
    const dead = dispatcherWith({ timeoutMs: 10_000 });
    expect((await dead.claim()).map(({ delivery }) => delivery.id)).toContain(queued!.id);
    await runOnce();
    expect(receiver.received).toEqual([]);
    clock.advance(24 * SECOND_MS);
    await runOnce();
    expect(receiver.received).toEqual([]);

    clock.advance(1 * SECOND_MS + 1);
    await runOnce();
    expect(receiver.received.map((r) => [r.headers['evenpay-delivery-id'], r.headers['evenpay-attempt']])).toEqual([[queued!.id, '2']]);
    const delivery = await onlyDeliveryOf(owner, endpoint.id);
    expect(delivery.status).toBe('succeeded');
    expect(delivery.attempts.map((a) => [a.number, a.response_status])).toEqual([[2, 200]]);
  });

  it('sends each attempt once when several dispatchers run rounds at the same time', async () => {
    const owner = await newMerchant();
    const receiver = await Receiver.start((res) => {
      setTimeout(() => res.writeHead(200).end('ok'), 10);
    });
    const endpoint = await endpointFor(owner, receiver.url, ['checkout.canceled']);
    for (let i = 0; i < 12; i++) await cancelEvent(owner);
    const dispatchers = [evenpay.dispatcher, dispatcherWith({}), dispatcherWith({}), dispatcherWith({})];
    await Promise.all(dispatchers.map((d) => d.runOnce()));
    await Promise.all(dispatchers.map((d) => d.runOnce()));

    const rows = await deliveryRows(endpoint.id);
    expect(rows.map((d) => d.status)).toEqual(Array(12).fill('succeeded'));
    const sent = receiver.received.map((r) => `${r.headers['evenpay-delivery-id']}#${r.headers['evenpay-attempt']}`);
    expect(sent.sort()).toEqual(rows.map((d) => `${d.id}#1`).sort());
    const attempts = await evenpay.services.models.WebhookAttempt.findAll({ where: { deliveryId: rows.map((d) => d.id) } });
    expect(attempts).toHaveLength(12);
  });
});

describe('retries', () => {
  /** Advances the clock to just after the delivery's next attempt is due. */
  const toNextAttempt = (delivery: WebhookDelivery): void => {
    clock.set(new Date(Date.parse(delivery.next_attempt_at!) + 1));
  };

  it('retries on schedule until the endpoint answers: HTTP 503, then connection refused, then 200', async () => {
    const owner = await newMerchant();
    const receiver = await Receiver.start(statusAnswer(503));
    const endpoint = await endpointFor(owner, receiver.url, ['checkout.canceled']);
    await cancelEvent(owner);

    const first = clock.now().getTime();
    await runOnce();
    let delivery = await onlyDeliveryOf(owner, endpoint.id);
    expect(delivery).toMatchObject({ status: 'pending', attempt_count: 1 });
    expect(delivery.attempts).toEqual([{ number: 1, started_at: iso(first), response_status: 503, latency_ms: expect.any(Number), error: 'HTTP 503' }]);
    const due = Date.parse(delivery.next_attempt_at!);
    expect(due - first).toBeGreaterThanOrEqual(24 * SECOND_MS);
    expect(due - first).toBeLessThanOrEqual(36 * SECOND_MS);

    // Not yet due: nothing is sent.
    clock.set(new Date(due - 1));
    await runOnce();
    expect(receiver.received).toHaveLength(1);
    expect((await onlyDeliveryOf(owner, endpoint.id)).attempt_count).toBe(1);

    toNextAttempt(delivery);
    const second = clock.now().getTime();
    await runOnce();
    expect(receiver.received.map((r) => r.headers['evenpay-attempt'])).toEqual(['1', '2']);
    expect(new Set(receiver.received.map((r) => r.headers['evenpay-delivery-id'])).size).toBe(1);
    delivery = await onlyDeliveryOf(owner, endpoint.id);
    expect(delivery.attempts.map((a) => [a.number, a.response_status, a.error])).toEqual([
      [1, 503, 'HTTP 503'],
      [2, 503, 'HTTP 503'],
    ]);
    const secondWait = Date.parse(delivery.next_attempt_at!) - second;
    expect(secondWait).toBeGreaterThanOrEqual(72 * SECOND_MS);
    expect(secondWait).toBeLessThanOrEqual(108 * SECOND_MS);

    // Down entirely.
    await receiver.close();
    toNextAttempt(delivery);
    const third = clock.now().getTime();
    await runOnce();
    delivery = await onlyDeliveryOf(owner, endpoint.id);
    expect(delivery.status).toBe('pending');
    expect(delivery.attempts[2]).toMatchObject({ number: 3, response_status: null, error: expect.stringMatching(/^ECONNREFUSED: /) });
    const thirdWait = Date.parse(delivery.next_attempt_at!) - third;
    expect(thirdWait).toBeGreaterThanOrEqual(216 * SECOND_MS);
    expect(thirdWait).toBeLessThanOrEqual(324 * SECOND_MS);

    // Back, and answering.
    receiver.answer = ok;
    await receiver.listen(receiver.port);
    toNextAttempt(delivery);
    const fourth = clock.now().getTime();
    await runOnce();
    delivery = await onlyDeliveryOf(owner, endpoint.id);
    expect(delivery).toMatchObject({ status: 'succeeded', attempt_count: 4, next_attempt_at: null });
    expect(delivery.attempts.map((a) => [a.number, a.started_at, a.response_status, a.error])).toEqual([
      [1, iso(first), 503, 'HTTP 503'],
      [2, iso(second), 503, 'HTTP 503'],
      [3, iso(third), null, expect.stringMatching(/^ECONNREFUSED/)],
      [4, iso(fourth), 200, null],
    ]);
    expect(receiver.received.map((r) => r.headers['evenpay-attempt'])).toEqual(['1', '2', '4']);
    // Every attempt is signed afresh, at its own time.
    expect(verify(receiver.received[2]!, endpoint.secret)).toBe(Math.floor(fourth / 1000));
    expect((await endpointRow(endpoint.id)).failingSince).toBeNull();
  });

  it('gives up after 3 days of failures: the delivery fails and the endpoint is disabled', async () => {
    const owner = await newMerchant();
    const receiver = await Receiver.start(statusAnswer(500));
    const endpoint = await endpointFor(owner, receiver.url, ['checkout.canceled']);
    const event = await cancelEvent(owner);
    const created = clock.now().getTime();

    await runOnce();
    for (let round = 0; round < 10; round++) {
      clock.advance(25 * HOUR_MS);
      await runOnce();
      if ((await onlyDeliveryOf(owner, endpoint.id)).status !== 'pending') break;
    }
    const delivery = await onlyDeliveryOf(owner, endpoint.id);
    expect(delivery.status).toBe('failed');
    expect(delivery.next_attempt_at).toBeNull();
    expect(delivery.attempts.map((a) => Date.parse(a.started_at) - created)).toEqual([0, 25 * HOUR_MS, 50 * HOUR_MS, 75 * HOUR_MS]);
    expect(delivery.attempts.every((a) => a.response_status === 500 && a.error === 'HTTP 500')).toBe(true);
    expect(receiver.received).toHaveLength(4);

    expect((await listEndpoints(owner)).data.map((e) => [e.id, e.status])).toEqual([[endpoint.id, 'disabled']]);
    // Nothing more is tried, and a disabled endpoint gets no new events...
    clock.advance(DAY_MS);
    await runOnce();
    expect(receiver.received).toHaveLength(4);
    await cancelEvent(owner);
    expect(await deliveryRows(endpoint.id)).toHaveLength(1);
    // ...unless the merchant asks for one explicitly.
    const res = await redeliver(owner, event.id, { webhook_endpoint_id: endpoint.id });
    expect(res.status).toBe(202);
    expect(res.body.data).toHaveLength(1);
  });

  it('on its own schedule, retries with growing waits for up to 3 days after the event, then fails the delivery', async () => {
    const owner = await newMerchant();
    const receiver = await Receiver.start(statusAnswer(502));
    const endpoint = await endpointFor(owner, receiver.url, ['checkout.canceled']);
    await cancelEvent(owner);
    const created = clock.now().getTime();

    await runOnce();
    let delivery = await onlyDeliveryOf(owner, endpoint.id);
    for (let round = 0; round < 40 && delivery.status === 'pending'; round++) {
      toNextAttempt(delivery);
      await runOnce();
      delivery = await onlyDeliveryOf(owner, endpoint.id);
    }
    expect(delivery.status).toBe('failed');
    const starts = delivery.attempts.map((a) => Date.parse(a.started_at));
    expect(starts[0]).toBe(created);
    const waits = starts.slice(1).map((at, i) => at - starts[i]!);
    waits.forEach((wait, i) => {
      const base = Math.min(6 * HOUR_MS, 30 * SECOND_MS * 3 ** i);
      expect(wait).toBeGreaterThanOrEqual(base * 0.8);
      expect(wait).toBeLessThanOrEqual(base * 1.2 + 1);
    });
    expect(starts.at(-1)! - created).toBeLessThanOrEqual(3 * DAY_MS);
    expect(starts.at(-1)! - created).toBeGreaterThan(3 * DAY_MS - 1.2 * 6 * HOUR_MS - 1);
    expect(delivery.attempts.length).toBeGreaterThanOrEqual(15);
    expect(receiver.received).toHaveLength(delivery.attempts.length);
  });

  it('records a timeout when the endpoint never answers', async () => {
    const owner = await newMerchant();
    const receiver = await Receiver.start(() => {
      /* never answers */
    });
    const endpoint = await endpointFor(owner, receiver.url, ['checkout.canceled']);
    await cancelEvent(owner);
    const started = Date.now();
    await dispatcherWith({ timeoutMs: 200 }).runOnce();
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(receiver.received).toHaveLength(1);
    const delivery = await onlyDeliveryOf(owner, endpoint.id);
    expect(delivery.status).toBe('pending');
    expect(delivery.attempts).toEqual([
      { number: 1, started_at: iso(clock.now()), response_status: null, latency_ms: expect.any(Number), error: 'timed out after 200 ms' },
    ]);
    expect(delivery.attempts[0]!.latency_ms).toBeGreaterThanOrEqual(190);
  });

  it('bounds the whole attempt by the timeout, even when the endpoint trickles its answer', async () => {
    const owner = await newMerchant();
    const timers = new Set<NodeJS.Timeout>();
    cleanups.push(async () => {
      for (const timer of timers) clearInterval(timer);
    });
    // Headers at once, then a byte every 50 ms, forever: never idle long enough for a socket timeout.
    const receiver = await Receiver.start((res) => {
      res.writeHead(200, { 'Content-Type': 'text/plain' });
      const timer = setInterval(() => res.write('.'), 50);
      timers.add(timer);
      res.on('close', () => clearInterval(timer));
    });
    const endpoint = await endpointFor(owner, receiver.url, ['checkout.canceled']);
    await cancelEvent(owner);
    const started = Date.now();
    const round = dispatcherWith({ timeoutMs: 200 }).runOnce();
    const outcome = await Promise.race([round.then(() => 'done'), new Promise((resolve) => setTimeout(() => resolve('still waiting'), 5_000))]);
    expect(outcome).toBe('done');
    expect(Date.now() - started).toBeLessThan(5_000);
    const delivery = await onlyDeliveryOf(owner, endpoint.id);
    expect(delivery.attempts).toHaveLength(1);
    expect(delivery.attempts[0]).toMatchObject({ response_status: 200, error: 'timed out after 200 ms' });
    expect(delivery.attempts[0]!.latency_ms).toBeLessThan(2_000);
    expect(delivery.status).toBe('pending');
  });

  it('reads at most 64 KB of an answer: a huge response body still records the attempt, without hanging', async () => {
    const owner = await newMerchant();
    let written = 0;
    // 200, then 16 KB chunks for as long as the client reads.
    const receiver = await Receiver.start((res) => {
      res.writeHead(200, { 'Content-Type': 'application/octet-stream' });
      const chunk = Buffer.alloc(16 * 1024, 'x');
      let open = true;
      res.on('close', () => {
        open = false;
      });
      const pump = () => {
        while (open && written < 64 * 1024 * 1024) {
          written += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', pump);
        }
        if (open) res.end();
      };
      pump();
    });
    const endpoint = await endpointFor(owner, receiver.url, ['checkout.canceled']);
    await cancelEvent(owner);
    const started = Date.now();
    await runOnce();
    expect(Date.now() - started).toBeLessThan(5_000);
    const delivery = await onlyDeliveryOf(owner, endpoint.id);
    expect(delivery.status).toBe('succeeded');
    expect(delivery.attempts).toEqual([{ number: 1, started_at: iso(clock.now()), response_status: 200, latency_ms: expect.any(Number), error: null }]);
    expect(written).toBeGreaterThan(64 * 1024);
    expect(written).toBeLessThan(64 * 1024 * 1024);
  });
});
