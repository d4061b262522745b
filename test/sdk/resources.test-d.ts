// Type tests of the SDK's ergonomics (vitest typecheck, project `sdk-types`): resource methods
// return the resource itself (no `data!`), lists are pages and async iterables, errors carry the
// spec's codes, and a verified webhook is a union that `type` narrows. The `@ts-expect-error`
// lines fail the run if they ever compile.
import { describe, expectTypeOf, test } from 'vitest';
import { type ChargeEvent, createEvenpayClient as createV1Client } from '../../src/sdk/v1.js';
import {
  type ApiKey,
  type Checkout,
  type CheckoutList,
  constructEvent,
  createEvenpayClient,
  type ErrorCode,
  type EvenpayConflictError,
  EvenpayError,
  type EvenpayEvent,
  type EvenpayRateLimitError,
  type Merchant,
  type PlanQuote,
  type Transaction,
  type TransactionSnapshot,
  type WebhookEndpoint,
} from '../../src/sdk/v2.js';

const evenpay = createEvenpayClient({ apiKey: 'sk_test_x', merchant: 'mer_1' });

describe('resource methods', () => {
  test('return the typed resource directly', () => {
    expectTypeOf(evenpay.transactions.capture('txn_1', { amount: 100 }, { idempotencyKey: 'capture-1' })).resolves.toEqualTypeOf<Transaction>();
    expectTypeOf(evenpay.transactions.capture('txn_1')).resolves.toEqualTypeOf<Transaction>();
    expectTypeOf(evenpay.checkouts.retrieve('chk_1')).resolves.toEqualTypeOf<Checkout>();
    expectTypeOf(evenpay.sandbox.checkouts.confirm('chk_1', { plan_id: 'monthly_12' })).resolves.toEqualTypeOf<Checkout>();
    expectTypeOf(evenpay.merchant.retrieve()).resolves.toEqualTypeOf<Merchant>();
    expectTypeOf(evenpay.planQuotes.create({ amount: 80000, currency: 'USD' })).resolves.toEqualTypeOf<PlanQuote>();
    expectTypeOf(
      evenpay.webhookEndpoints.create({ url: 'https://shop.example/hooks', enabled_events: ['transaction.captured'] }),
    ).resolves.toEqualTypeOf<WebhookEndpoint>();
    expectTypeOf(evenpay.apiKeys.revoke('key_1', { merchant: 'mer_2' })).resolves.toEqualTypeOf<ApiKey>();
  });

  test('a list is a page when awaited and every item when iterated', async () => {
    const list = evenpay.checkouts.list({ limit: 100 });
    expectTypeOf(list).resolves.toEqualTypeOf<CheckoutList>();
    for await (const checkout of list) expectTypeOf(checkout).toEqualTypeOf<Checkout>();
  });

  test('refuse what the spec refuses', () => {
    // @ts-expect-error an amount as a string
    evenpay.transactions.capture('txn_1', { amount: '100' });
    // @ts-expect-error a required body left out
    evenpay.checkouts.create();
    // @ts-expect-error a field the request does not have
    evenpay.transactions.create({ checkout: 'chk_1' });
    // @ts-expect-error the path parameter left out
    evenpay.transactions.retrieve();
    // @ts-expect-error a resource that does not exist
    evenpay.transaktions.list();
    // @ts-expect-error an unknown option
    evenpay.transactions.refund('txn_1', {}, { idempotency: 'k' });
  });

  test('the path-template API stays', async () => {
    const { data } = await evenpay.GET('/transactions/{transactionId}', { params: { path: { transactionId: 'txn_1' } } });
    expectTypeOf(data).toEqualTypeOf<Transaction | undefined>();
  });

  test('v1 has resource methods too', () => {
    const legacy = createV1Client({ publicKey: 'pk_test_x', secretKey: 'sk_test_x' });
    expectTypeOf(legacy.charges.capture('ch_1', { amount: 100 })).resolves.toEqualTypeOf<ChargeEvent>();
  });
});

describe('errors', () => {
  test('carry the spec’s codes, open to newer ones, and a kind', () => {
    expectTypeOf<EvenpayError['code']>().toEqualTypeOf<ErrorCode>();
    expectTypeOf<'capture_exceeds_authorized'>().toExtend<EvenpayError['code']>();
    expectTypeOf<EvenpayRateLimitError['kind']>().toEqualTypeOf<'rate_limit'>();
    expectTypeOf<EvenpayConflictError>().toExtend<EvenpayError>();
    expectTypeOf<EvenpayError['kind']>().toEqualTypeOf<'authentication' | 'permission' | 'invalid_request' | 'conflict' | 'rate_limit' | 'server'>();
  });

  test('is() refuses a misspelt code at compile time', () => {
    const error = new EvenpayError({ type: 'about:blank', title: 'x', status: 422, code: 'capture_exceeds_authorized', request_id: 'req_1' }, undefined);
    expectTypeOf(error.is('capture_exceeds_authorized')).toEqualTypeOf<boolean>();
    // @ts-expect-error a misspelt code
    error.is('capture_exceds_authorized');
  });
});

describe('webhook events', () => {
  test('constructEvent returns the union, and `type` narrows the object', () => {
    const event = constructEvent('{}', 't=1,v1=00', 'whsec_x');
    expectTypeOf(event).toEqualTypeOf<EvenpayEvent>();
    if (event.type === 'transaction.captured') {
      expectTypeOf(event.data.object).toEqualTypeOf<TransactionSnapshot>();
      expectTypeOf(event.data.amount).toEqualTypeOf<number>();
    }
    if (event.type === 'checkout.confirmed') expectTypeOf(event.data.object).toEqualTypeOf<Checkout>();
    // @ts-expect-error not an event type
    if (event.type === 'transaction.capturd') return;
  });
});
