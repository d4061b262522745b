// The generated typed client against the service on a real port: the partner's view of the
// slice, end to end. These calls bypass supertest, so each response is checked against the
// spec and its status recorded here, as helpers/http.ts does for supertest calls.
import { randomUUID } from 'node:crypto';
import { describe, expect, inject, it } from 'vitest';
import { type components, createV2Client } from '../../../generated/v2/client.js';
import { servedAppWithMerchant } from '../../helpers/app.js';
import { assertConformsToSpec } from '../../helpers/spec-oracle.js';
import { recordStatus } from '../../helpers/status-coverage.js';

type Problem = components['schemas']['Problem'];
type CreateCheckoutRequest = components['schemas']['CreateCheckoutRequest'];

const { merchant, server } = servedAppWithMerchant('Typed Client Co');
const v2 = () => `${server.origin}/v2`;

/** Checks a typed-client response against the spec and records its (operation, status). */
function conforms<D, E>(method: string, result: { data?: D; error?: E; response: Response }): void {
  const url = new URL(result.response.url);
  const headers = Object.fromEntries(result.response.headers.entries());
  const match = assertConformsToSpec(method, `${url.pathname}${url.search}`, { status: result.response.status, headers, body: result.data ?? result.error });
  recordStatus(inject('statusCoverageDir'), match);
}

/** The success body of a typed-client call, after checking it against the spec. */
function ok<D, E>(method: string, result: { data?: D; error?: E; response: Response }): D {
  conforms(method, result);
  if (result.data === undefined) {
    throw new Error(`${method} ${result.response.url} answered ${result.response.status}: ${JSON.stringify(result.error)}`);
  }
  return result.data;
}

describe('the generated v2 client', () => {
  it('runs the slice end to end: merchant → plan quote → checkout → retrieve → list', async () => {
    const client = createV2Client({ baseUrl: v2(), headers: { Authorization: merchant.bearer } });

    const merchantResult = await client.GET('/merchant');
    const me = ok('get', merchantResult);
    expect(merchantResult.response.status).toBe(200);
    expect(me.id).toBe(merchant.id);
    expect(me.livemode).toBe(false);
    expect(me.currencies).toEqual(['USD']);
    const monthly12 = me.plan_terms.find((term) => term.plan_id === 'monthly_12');
    expect(monthly12).toMatchObject({ type: 'monthly', installment_count: 12, apr_bps: 1_500, min_amount: 50_000, max_amount: 3_000_000 });

    const quoteResult = await client.POST('/plan-quotes', { body: { amount: 80_000, currency: 'USD', start_date: '2026-12-01' } });
    const quote = ok('post', quoteResult);
    expect(quoteResult.response.status).toBe(200);
    expect(quote.start_date).toBe('2026-12-01');
    const plan = quote.plans.find((p) => p.plan_id === 'monthly_12');
    expect(plan?.installment_amount).toBe(7_221);
    expect(plan?.disclosure.total_of_payments).toBe(86_648);
    expect(plan?.disclosure.installments.at(-1)).toEqual({ number: 12, due_date: '2027-12-01', amount: 7_217, principal: 7_128, interest: 89 });

    const order: CreateCheckoutRequest = {
      order_id: 'ORD-TYPED-1',
      currency: 'USD',
      items: [{ sku: 'TENT-2P', name: 'Two-person tent', unit_price: 79_000, quantity: 1 }],
      shipping_amount: 1_000,
      tax_amount: 0,
      discount_amount: 0,
      total_amount: 80_000,
      customer: { email: 'sam@example.com', first_name: 'Sam', last_name: 'Lee' },
      confirm_url: 'https://shop.example.com/evenpay/confirm',
      cancel_url: 'https://shop.example.com/cart',
      metadata: { channel: 'typed-client' },
    };
    const key = randomUUID();
    const createResult = await client.POST('/checkouts', { params: { header: { 'Idempotency-Key': key } }, body: order });
    const checkout = ok('post', createResult);
    expect(createResult.response.status).toBe(201);
    expect(createResult.response.headers.get('location')).toBe(`/v2/checkouts/${checkout.id}`);
    expect(checkout.status).toBe('open');
    expect(checkout.total_amount).toBe(80_000);
    expect(checkout.items).toEqual(order.items);
    expect(checkout.metadata).toEqual({ channel: 'typed-client' });
    expect(checkout.redirect_url).toBe(`http://evenpay.test/pay/${checkout.id}`);

    const replayResult = await client.POST('/checkouts', { params: { header: { 'Idempotency-Key': key } }, body: order });
    const replayed = ok('post', replayResult);
    expect(replayResult.response.headers.get('idempotent-replayed')).toBe('true');
    expect(replayed.id).toBe(checkout.id);

    const getResult = await client.GET('/checkouts/{checkoutId}', { params: { path: { checkoutId: checkout.id } } });
    const fetched = ok('get', getResult);
    expect(getResult.response.status).toBe(200);
    expect(fetched).toEqual(checkout);

    const listResult = await client.GET('/checkouts', { params: { query: { limit: 10 } } });
    const page = ok('get', listResult);
    expect(listResult.response.status).toBe(200);
    expect(page.object).toBe('list');
    expect(page.has_more).toBe(false);
    expect(page.data.map((c) => c.id)).toEqual([checkout.id]);
  });

  it('surfaces problems as typed errors', async () => {
    const client = createV2Client({ baseUrl: v2(), headers: { Authorization: merchant.bearer } });
    const result = await client.GET('/checkouts/{checkoutId}', { params: { path: { checkoutId: 'chk_00000000000000000000' } } });
    conforms('get', result);
    expect(result.data).toBeUndefined();
    expect(result.response.status).toBe(404);
    expect(result.response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const problem: Problem | undefined = result.error;
    expect(problem?.code).toBe('resource_not_found');
    expect(problem?.request_id).toBe(result.response.headers.get('request-id'));
  });

  it('is refused without credentials', async () => {
    const anonymous = createV2Client({ baseUrl: v2() });
    const result = await anonymous.GET('/merchant');
    conforms('get', result);
    expect(result.response.status).toBe(401);
    expect(result.error?.code).toBe('authentication_required');
  });
});
