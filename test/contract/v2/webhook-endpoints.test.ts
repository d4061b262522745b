// Webhook endpoints: create (the signing secret shown once, the URL policy that refuses private,
// link-local and unresolvable addresses, loopback only for a test key), list (newest first, by
// merchant and mode, never a secret) and delete (pending deliveries failed, never sent), with
// their refusals and Idempotency-Key replays. On a database of its own (helpers/webhooks.ts).
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { liveBearer } from '../../factories/transactions.js';
import { expectProblem, parameters, pointers } from '../../helpers/problem.js';
import { iso, PUBLIC_URL, type WebhookEndpoint, type WebhookEndpointList, webhookSuite } from '../../helpers/webhooks.js';

const { clock, evenpay, http, cleanups, newMerchant, postEndpoint, deleteEndpoint, endpointFor, listEndpoints, deliveryRows, cancelEvent, runOnce, Receiver } =
  webhookSuite('webhook_endpoints');

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
        principalId: owner.id,
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
