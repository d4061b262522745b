// Rotating an endpoint's signing secret: a new secret at once, the old one still valid for
// overlap_seconds (24 h by default, 0 to 7 days), deliveries signed with both secrets during the
// overlap and with the new one only after it; refusals and Idempotency-Key replays. On a
// database of its own (helpers/webhooks.ts).
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { WebhookSignatureError } from '../../../src/sdk/webhooks.js';
import type { TestMerchant } from '../../factories/merchants.js';
import { expectProblem, parameters, pointers } from '../../helpers/problem.js';
import { DAY_MS, iso, PUBLIC_URL, SECOND_MS, signatureOf, type WebhookEndpoint, webhookSuite } from '../../helpers/webhooks.js';

const { clock, evenpay, http, newMerchant, deleteEndpoint, endpointFor, listEndpoints, endpointRow, cancelEvent, runOnce, Receiver, verify } =
  webhookSuite('webhook_rotation');

const rotate = (owner: TestMerchant, id: string, body?: unknown, headers?: Record<string, string>) =>
  http.post(`/v2/webhook-endpoints/${id}/rotate-secret`, { auth: owner.bearer, ...(body !== undefined ? { body } : {}), ...(headers ? { headers } : {}) });

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
        principalId: owner.id,
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

describe('delivery to a real endpoint', () => {
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
});
