// Enabling a webhook endpoint again: a disabled endpoint (as the dispatcher leaves one after 3
// days of failures) is turned back on with its failures forgotten and its secret kept, after
// waiting for a dispatcher holding its row; its URL is checked again; refusals and
// Idempotency-Key replays. On a database of its own (helpers/webhooks.ts).
import { randomUUID } from 'node:crypto';
import type { Response } from 'supertest';
import { describe, expect, it } from 'vitest';
import type { TestMerchant } from '../../factories/merchants.js';
import { startTestApp } from '../../helpers/app.js';
import { api } from '../../helpers/http.js';
import { expectProblem, parameters } from '../../helpers/problem.js';
import { DAY_MS, PUBLIC_URL, webhookSuite } from '../../helpers/webhooks.js';

const {
  clock,
  evenpay,
  http,
  database,
  newMerchant,
  deleteEndpoint,
  endpointFor,
  listEndpoints,
  deliveryRows,
  endpointRow,
  cancelEvent,
  runOnce,
  Receiver,
  verify,
} = webhookSuite('webhook_enable');

const enable = (owner: TestMerchant, id: string, headers?: Record<string, string>, auth: string = owner.bearer) =>
  http.post(`/v2/webhook-endpoints/${id}/enable`, { auth, ...(headers ? { headers } : {}) });

/** Disables the endpoint as the dispatcher does after it has failed for 3 days (tested in webhook-retries.test.ts). */
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
    const strict = await startTestApp({ clock, databaseUrl: database.url, config: { allowLocalhostWebhooks: false } });
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
        principalId: owner.id,
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
