// Type tests: the compiler (npm run typecheck, part of npm test) proves that a misspelled path or
// a wrong body does not compile; the `@ts-expect-error` lines fail the build if they ever do.
import { describe, expectTypeOf, it } from 'vitest';
import { type components, createEvenpayClient, type EvenpayClient } from '../../src/sdk/v2.js';

type Transaction = components['schemas']['Transaction'];

// Never called: only compiled.
async function typeChecks(client: EvenpayClient) {
  // @ts-expect-error a misspelled path
  await client.GET('/transaktions');
  // @ts-expect-error a wrong body (checkout_id is the field)
  await client.POST('/transactions', { body: { checkout: 'chk_1' } });
  // @ts-expect-error an amount as a string
  await client.POST('/transactions/{transactionId}/capture', { params: { path: { transactionId: 'txn_1' } }, body: { amount: '100' } });
  // @ts-expect-error a missing path parameter
  await client.GET('/transactions/{transactionId}', {});
  // Compiles: Idempotency-Key is optional (the SDK sends one), or given explicitly.
  await client.POST('/transactions/{transactionId}/capture', { params: { path: { transactionId: 'txn_1' } }, body: { amount: 100 } });
  await client.POST('/transactions/{transactionId}/refund', { params: { path: { transactionId: 'txn_1' }, header: { 'Idempotency-Key': 'key-1' } }, body: {} });
  const { data } = await client.GET('/transactions/{transactionId}', { params: { path: { transactionId: 'txn_1' } } });
  expectTypeOf(data).toEqualTypeOf<Transaction | undefined>();
  for await (const tx of client.paginate('/transactions', { status: 'captured', limit: 100 })) expectTypeOf(tx).toEqualTypeOf<Transaction>();
  // @ts-expect-error not a list path
  client.paginate('/merchant');
}

describe('the v2 client types', () => {
  it('are checked by the compiler', () => {
    expectTypeOf(createEvenpayClient).returns.toEqualTypeOf<EvenpayClient>();
    expectTypeOf(typeChecks).toBeFunction();
  });
});
