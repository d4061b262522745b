// The SDK against the real service on a real port: the whole v2 flow, typed errors, pagination,
// a v1 call with its deprecation warning, and a capture that survives a connection killed after
// the service did the work (the retry carries the same Idempotency-Key, so it replays).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { EvenpayApp } from '../../../src/app.js';
import { createEvenpayClient as createV1Client } from '../../../src/sdk/v1.js';
import { createEvenpayClient, type EvenpayClient, EvenpayError, requestIdOf } from '../../../src/sdk/v2.js';
import { checkoutBody } from '../../factories/checkouts.js';
import { makeMerchant, type TestMerchant } from '../../factories/merchants.js';
import { startTestApp } from '../../helpers/app.js';
import { assertConformsToSpec } from '../../helpers/spec-oracle.js';
import { recordStatus } from '../../helpers/status-coverage.js';

let evenpay: EvenpayApp;
let server: Server;
let origin: string;
let merchant: TestMerchant;

const listen = (s: Server) =>
  new Promise<string>((resolve) => s.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(s.address() as AddressInfo).port}`)));

beforeAll(async () => {
  evenpay = await startTestApp();
  server = createServer(evenpay.app);
  origin = await listen(server);
  merchant = await makeMerchant(evenpay.services.models);
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await evenpay.close();
});

/** Every answer the SDK gets is also checked against the spec. */
function checked(client: EvenpayClient): EvenpayClient {
  client.use({
    onResponse({ request, response }) {
      const url = new URL(request.url).pathname + new URL(request.url).search;
      return response
        .clone()
        .json()
        .then((body: unknown) => {
          recordStatus(
            inject('statusCoverageDir'),
            assertConformsToSpec(request.method.toLowerCase(), url, { status: response.status, headers: Object.fromEntries(response.headers), body }),
          );
          return undefined;
        });
    },
  });
  return client;
}

function sdk(baseUrl = `${origin}/v2`): EvenpayClient {
  return checked(createEvenpayClient({ apiKey: merchant.secretKey, baseUrl, retryDelayMs: { base: 5, max: 100 } }));
}

async function authorized(client: EvenpayClient, total = 80_000): Promise<string> {
  const body = checkoutBody({
    items: [{ sku: 'SDK', name: 'SDK item', unit_price: total, quantity: 1 }],
    shipping_amount: 0,
    tax_amount: 0,
    discount_amount: 0,
    total_amount: total,
  });
  const { data: checkout } = await client.POST('/checkouts', { body });
  await client.POST('/sandbox/checkouts/{checkoutId}/confirm', {
    params: { path: { checkoutId: checkout!.id } },
    body: { plan_id: total >= 50_000 ? 'monthly_12' : 'pay_in_4' },
  });
  const { data: tx } = await client.POST('/transactions', { body: { checkout_id: checkout!.id } });
  return tx!.id;
}

describe('the v2 SDK against the service', () => {
  it('runs the lending flow: quote, checkout, confirm, authorize, capture twice, refund, schedule', async () => {
    const client = sdk();
    const merchantResult = await client.GET('/merchant');
    expect(merchantResult.data!.id).toBe(merchant.id);
    expect(requestIdOf(merchantResult)).toMatch(/^req_/);
    const { data: quote } = await client.POST('/plan-quotes', { body: { amount: 80_000, currency: 'USD', start_date: '2026-12-01' } });
    expect(quote!.plans.find((p) => p.plan_id === 'monthly_12')!.disclosure.total_of_payments).toBe(86_648);

    const id = await authorized(client);
    const half = await client.POST('/transactions/{transactionId}/capture', { params: { path: { transactionId: id } }, body: { amount: 40_000 } });
    expect(half.data!.status).toBe('partially_captured');
    const rest = await client.POST('/transactions/{transactionId}/capture', { params: { path: { transactionId: id } }, body: {} });
    expect(rest.data!.captured_amount).toBe(80_000);
    const refunded = await client.POST('/transactions/{transactionId}/refund', { params: { path: { transactionId: id } }, body: { amount: 20_000 } });
    expect(refunded.data!.schedule.principal).toBe(60_000);
    const { data: schedule } = await client.GET('/transactions/{transactionId}/schedule', { params: { path: { transactionId: id } } });
    expect(schedule!.amount_owed).toBe(schedule!.disclosure.installments.reduce((sum, i) => sum + i.amount, 0));
  });

  it('throws a typed EvenpayError carrying the problem', async () => {
    const client = sdk();
    const id = await authorized(client, 10_000);
    const error = (await client
      .POST('/transactions/{transactionId}/capture', { params: { path: { transactionId: id } }, body: { amount: 10_001 } })
      .catch((e: unknown) => e)) as EvenpayError;
    expect(error).toBeInstanceOf(EvenpayError);
    expect(error).toMatchObject({ status: 422, code: 'capture_exceeds_authorized', errors: [{ pointer: '/amount', detail: 'must be at most 10000' }] });
    expect(error.requestId).toMatch(/^req_/);
  });

  it('walks every page with paginate', async () => {
    const other = await makeMerchant(evenpay.services.models);
    const client = checked(createEvenpayClient({ apiKey: other.secretKey, baseUrl: `${origin}/v2` }));
    const created: string[] = [];
    for (let i = 0; i < 5; i++) created.push((await client.POST('/checkouts', { body: checkoutBody() })).data!.id);
    const seen: string[] = [];
    for await (const checkout of client.paginate('/checkouts', { limit: 2 })) seen.push(checkout.id);
    expect(seen).toEqual([...created].reverse());
  });

  it('completes a capture exactly once when the connection dies after the service did the work', async () => {
    const client = sdk();
    const id = await authorized(client, 30_000);
    // A proxy that forwards every request but kills the connection of the first capture after
    // the service has answered it: the client sees a network error, the capture did happen.
    let killed = 0;
    const keys: string[] = [];
    const proxy = createServer(async (req, res) => {
      let body = '';
      for await (const chunk of req) body += chunk;
      const headers = Object.fromEntries(Object.entries(req.headers).filter(([name]) => !['host', 'connection', 'content-length'].includes(name))) as Record<
        string,
        string
      >;
      const answer = await fetch(`${origin}${req.url}`, { method: req.method, headers, ...(body ? { body } : {}) });
      const text = await answer.text();
      if (req.url!.endsWith('/capture')) {
        keys.push(req.headers['idempotency-key'] as string);
        if (killed === 0) {
          killed += 1;
          req.socket.destroy();
          return;
        }
      }
      res.writeHead(answer.status, Object.fromEntries(answer.headers));
      res.end(text);
    });
    const proxyOrigin = await listen(proxy);
    try {
      const { data, response } = await sdk(`${proxyOrigin}/v2`).POST('/transactions/{transactionId}/capture', {
        params: { path: { transactionId: id } },
        body: { amount: 30_000 },
      });
      expect(data!.captured_amount).toBe(30_000);
      expect(response.headers.get('idempotent-replayed')).toBe('true');
    } finally {
      await new Promise((resolve) => proxy.close(resolve));
    }
    expect(killed).toBe(1);
    expect(keys).toHaveLength(2);
    expect(keys[0]).toBe(keys[1]);
    const row = await evenpay.services.models.Transaction.findOne({ where: { id } });
    expect(row!.capturedAmount).toBe(30_000);
    expect(await evenpay.services.models.Event.count({ where: { objectId: id, type: 'transaction.captured' } })).toBe(1);
  });
});

describe('the v1 SDK against the service', () => {
  it('calls the deprecated API and warns once, naming the successor', async () => {
    const warnings: string[] = [];
    const client = createV1Client({
      publicKey: merchant.publishableKey,
      secretKey: merchant.secretKey,
      baseUrl: `${origin}/v1`,
      logger: { warn: (m) => warnings.push(m) },
    });
    const first = await client.GET('/account');
    await client.GET('/account');
    expect(first.data!.merchant_id).toBe(merchant.id);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(
      /GET \/account is deprecated and will stop working on Wed, 30 Jun 2027 00:00:00 GMT\. Move to http:\/\/evenpay\.test\/v2\/merchant\./,
    );
  });
});
