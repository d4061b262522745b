// Retries, timeouts and idempotency keys against a server that misbehaves on purpose.
import { afterEach, describe, expect, it } from 'vitest';
import { createEvenpayClient, EvenpayConnectionError, EvenpayError } from '../../src/sdk/v2.js';
import { misbehavingServer, type Step } from './misbehaving-server.js';

const CHECKOUT = { checkout_id: 'chk_1' };
let server: Awaited<ReturnType<typeof misbehavingServer>> | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function clientFor(script: Step[], options: { timeoutMs?: number; maxRetries?: number } = {}) {
  server = await misbehavingServer(script);
  return createEvenpayClient({ apiKey: 'sk_test_000000000000000000000000', baseUrl: server.baseUrl, retryDelayMs: { base: 5, max: 2_000 }, ...options });
}

const post = (client: Awaited<ReturnType<typeof clientFor>>) => client.POST('/transactions', { body: CHECKOUT });

describe('the SDK transport', () => {
  it('retries a 503 and sends the same Idempotency-Key on every attempt', async () => {
    const client = await clientFor([{ status: 503 }, { status: 503 }, { status: 201, body: { id: 'txn_1' } }]);
    const { data, response } = await post(client);
    expect(data).toEqual({ id: 'txn_1' });
    expect(response.headers.get('request-id')).toBe('req_test3');
    expect(server!.seen).toHaveLength(3);
    const keys = new Set(server!.seen.map((s) => s.headers['idempotency-key']));
    expect(keys.size).toBe(1);
    expect([...keys][0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(server!.seen.every((s) => s.body === JSON.stringify(CHECKOUT))).toBe(true);
  });

  it('uses a new key for a new logical call', async () => {
    const client = await clientFor([{ status: 201 }]);
    await post(client);
    await post(client);
    expect(server!.seen[0]!.headers['idempotency-key']).not.toBe(server!.seen[1]!.headers['idempotency-key']);
  });

  it('keeps a key the caller chose', async () => {
    const client = await clientFor([{ status: 503 }, { status: 200 }]);
    await client.POST('/transactions/{transactionId}/capture', {
      params: { path: { transactionId: 'txn_1' }, header: { 'Idempotency-Key': 'my-key-1' } },
      body: {},
    });
    expect(server!.seen.map((s) => s.headers['idempotency-key'])).toEqual(['my-key-1', 'my-key-1']);
  });

  it('retries a dropped connection', async () => {
    const client = await clientFor([{ drop: true }, { status: 201, body: { id: 'txn_2' } }]);
    expect((await post(client)).data).toEqual({ id: 'txn_2' });
    expect(server!.seen).toHaveLength(2);
  });

  it('honours Retry-After on a 429', async () => {
    const client = await clientFor([{ status: 429, headers: { 'Retry-After': '1' } }, { status: 200 }]);
    const started = Date.now();
    await client.GET('/merchant');
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(server!.seen).toHaveLength(2);
  });

  it('retries a 409 in-flight answer, which resolves once the first request finishes', async () => {
    const client = await clientFor([{ status: 409, headers: { 'Retry-After': '0' } }, { status: 201 }]);
    expect((await post(client)).response.status).toBe(201);
  });

  it('gives every attempt a fresh timeout', async () => {
    const client = await clientFor(
      [
        { delayMs: 1_000, status: 200 },
        { status: 200, body: { id: 'mer_1' } },
      ],
      { timeoutMs: 300 },
    );
    expect((await client.GET('/merchant')).data).toEqual({ id: 'mer_1' });
    expect(server!.seen).toHaveLength(2);
  });

  it('throws EvenpayConnectionError when every attempt fails', async () => {
    const client = await clientFor([{ drop: true }], { maxRetries: 2 });
    const error = await post(client).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EvenpayConnectionError);
    expect((error as EvenpayConnectionError).attempts).toBe(3);
    expect(server!.seen).toHaveLength(3);
  });

  it('throws the last answer as an EvenpayError when retries run out on 5xx', async () => {
    const client = await clientFor([{ status: 503 }], { maxRetries: 1 });
    const error = await post(client).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EvenpayError);
    expect((error as EvenpayError).status).toBe(503);
    expect(server!.seen).toHaveLength(2);
  });

  it.each([400, 401, 404, 422])('does not retry a %i: it is an answer', async (status) => {
    const client = await clientFor([
      {
        status,
        body: { type: 'https://docs/errors#x', title: 't', status, code: 'some_code', request_id: 'req_abc', errors: [{ pointer: '/amount', detail: 'bad' }] },
      },
    ]);
    const error = (await post(client).catch((e: unknown) => e)) as EvenpayError;
    expect(error).toBeInstanceOf(EvenpayError);
    expect(error).toMatchObject({ status, code: 'some_code', requestId: 'req_test1', errors: [{ pointer: '/amount', detail: 'bad' }] });
    expect(server!.seen).toHaveLength(1);
  });

  it('sends the key as a bearer token and identifies itself', async () => {
    const client = await clientFor([{ status: 200 }]);
    await client.GET('/merchant');
    expect(server!.seen[0]!.headers.authorization).toBe('Bearer sk_test_000000000000000000000000');
    expect(server!.seen[0]!.headers['user-agent']).toMatch(/^evenpay-node\//);
    expect(server!.seen[0]!.headers['idempotency-key']).toBeUndefined();
  });
});
