// Updating a transaction over v2: POST …/update changes the order id and the shipping details
// (only those sent, never the amounts), also once captured or refunded, with one
// transaction.updated event; refused with 422 once voided, 400 for an empty or malformed body, 404
// for another merchant's, 401 without a key; under an Idempotency-Key an update is replayed, never
// repeated.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { makeMerchant, type TestMerchant } from '../../factories/merchants.js';
import { authorizedTransaction, capture, eventsOf, refund, voidTransaction } from '../../factories/transactions.js';
import { expectProblem, pointers } from '../../helpers/problem.js';
import { transactionsWorld } from '../../helpers/transactions.js';

const { evenpay, http, merchant, fetchTransaction, typesOf } = transactionsWorld('Transaction Test Co');

describe('POST /v2/transactions/{transactionId}/update', () => {
  const update = (owner: TestMerchant, id: string, body: unknown, headers: Record<string, string> = {}) =>
    http.post(`/v2/transactions/${id}/update`, { auth: owner.bearer, body, headers });

  it('changes the order id and the shipping carrier and tracking number, and never the amounts', async () => {
    const tx = await authorizedTransaction(http, merchant, { order_id: 'ORD-OLD' });
    const res = await update(merchant, tx.id, { order_id: 'ORD-NEW', shipping_carrier: 'UPS', shipping_tracking_number: '1Z999AA10123456784' });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ ...tx, order_id: 'ORD-NEW', shipping: { carrier: 'UPS', tracking_number: '1Z999AA10123456784' } });
    expect(await fetchTransaction(merchant, tx.id)).toEqual(res.body);
  });

  it('keeps the fields it is not sent', async () => {
    const tx = await authorizedTransaction(http, merchant, { order_id: 'ORD-KEEP' });
    await update(merchant, tx.id, { shipping_carrier: 'DHL' });
    const res = await update(merchant, tx.id, { shipping_tracking_number: 'JD0146000033' });
    expect(res.body).toMatchObject({ order_id: 'ORD-KEEP', shipping: { carrier: 'DHL', tracking_number: 'JD0146000033' } });
  });

  it('records a transaction.updated event with the updated transaction', async () => {
    const tx = await authorizedTransaction(http, merchant);
    const res = await update(merchant, tx.id, { shipping_carrier: 'FedEx' });
    const [latest] = await eventsOf(http, merchant, tx.id);
    expect(latest).toMatchObject({ type: 'transaction.updated', request_id: res.headers['request-id'] });
    expect(latest!.data.object).toEqual(res.body);
  });

  it('updates a captured and a refunded transaction too', async () => {
    const tx = await authorizedTransaction(http, merchant);
    await capture(http, merchant, tx.id);
    expect((await update(merchant, tx.id, { shipping_carrier: 'UPS' })).body).toMatchObject({ status: 'captured', shipping: { carrier: 'UPS' } });
    await refund(http, merchant, tx.id);
    expect((await update(merchant, tx.id, { order_id: 'ORD-RETURNED' })).body).toMatchObject({ status: 'refunded', order_id: 'ORD-RETURNED' });
  });

  it('refuses a voided transaction with 422 transaction_voided', async () => {
    const tx = await authorizedTransaction(http, merchant);
    await voidTransaction(http, merchant, tx.id);
    expectProblem(await update(merchant, tx.id, { shipping_carrier: 'UPS' }), 422, 'transaction_voided');
    expect((await fetchTransaction(merchant, tx.id)).shipping.carrier).toBeNull();
  });

  describe('refuses a malformed request with 400 invalid_request', () => {
    it.each<[string, unknown, string]>([
      ['an empty body (nothing to update)', {}, '/'],
      ['an unknown field', { amount: 1 }, '/amount'],
      ['an empty order id', { order_id: '' }, '/order_id'],
      ['a carrier longer than 100 characters', { shipping_carrier: 'x'.repeat(101) }, '/shipping_carrier'],
    ])('for %s', async (_what, body, pointer) => {
      const tx = await authorizedTransaction(http, merchant);
      const res = await update(merchant, tx.id, body);
      expectProblem(res, 400, 'invalid_request');
      expect(pointers(res)).toContain(pointer);
      expect(await fetchTransaction(merchant, tx.id)).toEqual(tx);
    });
  });

  it("answers 404 resource_not_found for another merchant's transaction", async () => {
    const other = await makeMerchant(evenpay.services.models);
    const theirs = await authorizedTransaction(http, other);
    expectProblem(await update(merchant, theirs.id, { order_id: 'MINE' }), 404, 'resource_not_found');
    expect((await fetchTransaction(other, theirs.id)).order_id).toBe(theirs.order_id);
  });

  it('asks for a key when none is sent', async () => {
    const tx = await authorizedTransaction(http, merchant);
    expectProblem(await http.post(`/v2/transactions/${tx.id}/update`, { body: { order_id: 'X' } }), 401, 'authentication_required');
  });

  describe('with an Idempotency-Key', () => {
    it('replays the update for the same key and body, with one event', async () => {
      const tx = await authorizedTransaction(http, merchant);
      const key = randomUUID();
      const first = await update(merchant, tx.id, { shipping_carrier: 'UPS' }, { 'Idempotency-Key': key });
      const again = await update(merchant, tx.id, { shipping_carrier: 'UPS' }, { 'Idempotency-Key': key });
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect(again.body).toEqual(first.body);
      expect(await typesOf(merchant, tx.id)).toEqual(['transaction.authorized', 'transaction.updated']);
    });

    it('answers 409 idempotency_request_in_flight while the first update still runs', async () => {
      const tx = await authorizedTransaction(http, merchant);
      const key = randomUUID();
      const body = { shipping_carrier: 'UPS' };
      await evenpay.services.idempotency.claim({
        principalId: merchant.id,
        merchantId: merchant.id,
        livemode: false,
        key,
        operationId: 'updateTransaction',
        request: { params: { transactionId: tx.id }, body },
      });
      const res = await update(merchant, tx.id, body, { 'Idempotency-Key': key });
      expectProblem(res, 409, 'idempotency_request_in_flight');
      expect((await fetchTransaction(merchant, tx.id)).shipping.carrier).toBeNull();
    });

    it('refuses the same key with another body with 422 idempotency_key_reused', async () => {
      const tx = await authorizedTransaction(http, merchant);
      const key = randomUUID();
      expect((await update(merchant, tx.id, { shipping_carrier: 'UPS' }, { 'Idempotency-Key': key })).status).toBe(200);
      const res = await update(merchant, tx.id, { shipping_carrier: 'DHL' }, { 'Idempotency-Key': key });
      expectProblem(res, 422, 'idempotency_key_reused');
      expect((await fetchTransaction(merchant, tx.id)).shipping.carrier).toBe('UPS');
    });
  });
});
