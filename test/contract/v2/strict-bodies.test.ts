// Money is never coerced: a body is taken exactly as sent. These follow the cases outside clients
// found end to end (type-confusion.test.ts covers every field of every example generically).
import { describe, expect, it } from 'vitest';
import { checkoutBody } from '../../factories/checkouts.js';
import { authorizedTransaction, capture, type Transaction, transactionAction } from '../../factories/transactions.js';
import { appWithMerchant } from '../../helpers/app.js';
import { expectProblem, fieldErrors } from '../../helpers/problem.js';

const { evenpay, http, merchant } = appWithMerchant('Strict Bodies Co');

const fetchTransaction = async (id: string): Promise<Transaction> => (await http.get(`/v2/transactions/${id}`, { auth: merchant.bearer })).body as Transaction;

describe('amounts sent as something other than an integer', () => {
  it('refuses a capture of "400.00" with 400 pointing at /amount, and captures nothing', async () => {
    const tx = await authorizedTransaction(http, merchant, { total: 80_000 });
    const res = await transactionAction(http, merchant, tx.id, 'capture', { amount: '400.00' });
    expectProblem(res, 400, 'invalid_request');
    expect(fieldErrors(res)).toEqual([
      { pointer: '/amount', detail: 'must be an integer number of minor units (cents for USD: $400.00 is 40000); got the string "400.00"' },
    ]);
    expect(res.body.detail).toBe(
      'Invalid request: /amount must be an integer number of minor units (cents for USD: $400.00 is 40000); got the string "400.00".',
    );
    const after = await fetchTransaction(tx.id);
    expect(after).toMatchObject({ status: 'authorized', captured_amount: 0, capturable_amount: 80_000 });
    // The same capture written as cents goes through.
    expect(await capture(http, merchant, tx.id, 40_000)).toMatchObject({ captured_amount: 40_000 });
  });

  it.each([
    ['a boolean', true, 'true'],
    ['a float', 400.5, 'the number 400.5'],
    ['null', null, 'null'],
  ])('refuses a refund of %s and refunds nothing', async (_what, amount, shown) => {
    const tx = await authorizedTransaction(http, merchant, { total: 20_000 });
    await capture(http, merchant, tx.id);
    const res = await transactionAction(http, merchant, tx.id, 'refund', { amount });
    expectProblem(res, 400, 'invalid_request');
    expect(fieldErrors(res)[0]).toMatchObject({ pointer: '/amount', detail: expect.stringContaining(`got ${shown}`) });
    expect(await fetchTransaction(tx.id)).toMatchObject({ refunded_amount: 0, refundable_amount: 20_000 });
  });

  it('refuses a plan quote for {"amount": true} instead of quoting 1 cent', async () => {
    const res = await http.post('/v2/plan-quotes', { auth: merchant.bearer, body: { amount: true, currency: 'USD' } });
    expectProblem(res, 400, 'invalid_request');
    expect(fieldErrors(res)).toEqual([{ pointer: '/amount', detail: expect.stringContaining('got true') }]);
  });

  it('refuses a checkout line with "quantity": true or "unit_price": "11000", and stores nothing', async () => {
    const body = checkoutBody({ items: [{ sku: 'SHOE-RUN-42', name: 'Trail running shoes', unit_price: '11000' as never, quantity: true as never }] });
    const res = await http.post('/v2/checkouts', { auth: merchant.bearer, body });
    expectProblem(res, 400, 'invalid_request');
    expect(fieldErrors(res)).toEqual([
      { pointer: '/items/0/unit_price', detail: 'must be an integer number of minor units (cents for USD: $400.00 is 40000); got the string "11000"' },
      { pointer: '/items/0/quantity', detail: 'must be an integer; got true' },
    ]);
    expect(await evenpay.services.models.Checkout.count({ where: { merchantId: merchant.id, orderId: body.order_id } })).toBe(0);
  });
});

describe('fields the operation does not know', () => {
  it('suggests the closest known field for a typo or another casing', async () => {
    const { total_amount, ...rest } = checkoutBody();
    const res = await http.post('/v2/checkouts', {
      auth: merchant.bearer,
      body: { ...rest, totalAmount: total_amount, customer: { ...rest.customer, emial: 'x@example.com' } },
    });
    expectProblem(res, 400, 'invalid_request');
    expect(fieldErrors(res)).toEqual(
      expect.arrayContaining([
        { pointer: '/totalAmount', detail: 'is not a field of this request; did you mean "total_amount"?' },
        { pointer: '/customer/emial', detail: 'is not a field of this object; did you mean "email"?' },
        { pointer: '/total_amount', detail: 'is required' },
      ]),
    );
  });

  it('points at an unknown field whose name holds / or ~ with the escaped JSON pointer', async () => {
    const res = await http.post('/v2/plan-quotes', { auth: merchant.bearer, body: { amount: 80_000, currency: 'USD', 'a/b': 1, 'c~d': 2 } });
    expect(fieldErrors(res)).toEqual(
      expect.arrayContaining([
        { pointer: '/a~1b', detail: expect.stringMatching(/^is not a field of this request/) },
        { pointer: '/c~0d', detail: expect.stringMatching(/^is not a field of this request/) },
      ]),
    );
  });

  it('lists the fields when nothing is close', async () => {
    const tx = await authorizedTransaction(http, merchant, { total: 10_000 });
    const res = await transactionAction(http, merchant, tx.id, 'capture', { shipment: 'all' });
    expect(fieldErrors(res)).toEqual([{ pointer: '/shipment', detail: 'is not a field of this request (its fields are amount)' }]);
  });
});

describe('query parameters', () => {
  it('says how to write a deepObject filter sent as created=[object Object]', async () => {
    const res = await http.get('/v2/transactions?created=[object Object]', { auth: merchant.bearer });
    expectProblem(res, 400, 'invalid_request');
    expect(fieldErrors(res)).toEqual([
      {
        parameter: 'created',
        detail: 'must be written as created[gte]=2026-11-01T00:00:00Z, one created[…]=… per bound (gt, gte, lt, lte); created=… alone is not understood',
      },
    ]);
  });

  it('says which values an array parameter takes', async () => {
    const tx = await authorizedTransaction(http, merchant, { total: 10_000 });
    const res = await http.get(`/v2/transactions/${tx.id}?expand=checkout,bogus`, { auth: merchant.bearer });
    expectProblem(res, 400, 'invalid_request');
    expect(fieldErrors(res)).toEqual([{ parameter: 'expand', detail: 'each value must be one of "checkout", "events"; got the string "bogus"' }]);
  });

  it('says how to write created.gte, and names an unknown bound', async () => {
    const dotted = await http.get('/v2/transactions?created.gte=2026-11-01T00:00:00Z', { auth: merchant.bearer });
    expect(fieldErrors(dotted)[0]).toMatchObject({ parameter: 'created.gte', detail: expect.stringContaining('must be written as created[gte]=') });
    const unknown = await http.get('/v2/transactions?created[from]=2026-11-01T00:00:00Z', { auth: merchant.bearer });
    expect(fieldErrors(unknown)).toEqual([
      { parameter: 'created[from]', detail: 'is not understood; created takes created[gt], created[gte], created[lt], created[lte]' },
    ]);
  });

  it('suggests a known parameter for a misspelt one, and says what a bad value must be', async () => {
    const res = await http.get('/v2/transactions?limt=5&created[gte]=yesterday', { auth: merchant.bearer });
    expect(fieldErrors(res)).toEqual(expect.arrayContaining([{ parameter: 'limt', detail: 'is not a parameter of this operation; did you mean "limit"?' }]));
    const bad = await http.get('/v2/transactions?created[gte]=yesterday', { auth: merchant.bearer });
    expect(fieldErrors(bad)).toEqual([
      { parameter: 'created[gte]', detail: 'must be a date and time in RFC 3339 form (2026-12-01T09:30:00Z); got the string "yesterday"' },
    ]);
  });
});
