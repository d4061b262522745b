// Capturing a transaction over v2: captures in parts up to the authorized amount (everything
// still capturable when no amount is sent), one transaction.captured event each, and the real
// schedule starting at the first; refused with 422 beyond what is capturable or once voided, 400
// for a malformed request or a missing Idempotency-Key, 404 for another merchant's, 401 without a
// key; under its Idempotency-Key a capture (or its refusal) is replayed, never repeated.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { makeMerchant } from '../../factories/merchants.js';
import { authorizedTransaction, capture, eventsOf, transactionAction, voidTransaction } from '../../factories/transactions.js';
import { expectProblem, parameters, pointers } from '../../helpers/problem.js';
import { transactionsWorld } from '../../helpers/transactions.js';

const { evenpay, http, merchant, fetchTransaction, typesOf } = transactionsWorld('Transaction Test Co');

describe('POST /v2/transactions/{transactionId}/capture', () => {
  it('captures in parts until the whole amount is captured: partial + partial = full', async () => {
    const tx = await authorizedTransaction(http, merchant, { total: 15_500 });
    const first = await capture(http, merchant, tx.id, 5_000);
    expect(first).toMatchObject({
      status: 'partially_captured',
      captured_amount: 5_000,
      capturable_amount: 10_500,
      refundable_amount: 5_000,
      refunded_amount: 0,
    });
    const second = await capture(http, merchant, tx.id, 10_500);
    expect(second).toMatchObject({ status: 'captured', captured_amount: 15_500, capturable_amount: 0, refundable_amount: 15_500 });
    expect(await fetchTransaction(merchant, tx.id)).toEqual(second);
  });

  it('captures everything still capturable when amount is left out', async () => {
    const tx = await authorizedTransaction(http, merchant, { total: 15_500 });
    await capture(http, merchant, tx.id, 3_000);
    const rest = await capture(http, merchant, tx.id);
    expect(rest).toMatchObject({ status: 'captured', captured_amount: 15_500, capturable_amount: 0 });
    const events = await eventsOf(http, merchant, tx.id);
    expect(events[0]).toMatchObject({ type: 'transaction.captured', data: { amount: 12_500 } });
  });

  it('captures everything with an empty JSON body too', async () => {
    const tx = await authorizedTransaction(http, merchant);
    const res = await transactionAction(http, merchant, tx.id, 'capture', {});
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'captured', captured_amount: tx.amount });
  });

  it('records a transaction.captured event per capture, with the amount of that capture and the request id', async () => {
    const tx = await authorizedTransaction(http, merchant);
    const res = await transactionAction(http, merchant, tx.id, 'capture', { amount: 2_000 });
    await capture(http, merchant, tx.id, 3_000);
    const events = (await eventsOf(http, merchant, tx.id)).reverse();
    expect(events.map((e) => [e.type, e.data.amount])).toEqual([
      ['transaction.authorized', undefined],
      ['transaction.captured', 2_000],
      ['transaction.captured', 3_000],
    ]);
    expect(events[1]!.request_id).toBe(res.headers['request-id']);
    expect(events[1]!.data.object).toEqual(res.body);
  });

  it('starts the real schedule: no longer estimated, principal = what was captured', async () => {
    const tx = await authorizedTransaction(http, merchant, { total: 15_500 });
    expect(tx.schedule).toMatchObject({ estimated: true, principal: 15_500 });
    const captured = await capture(http, merchant, tx.id, 10_003);
    expect(captured.schedule).toMatchObject({ estimated: false, principal: 10_003, amount_owed: 10_003 });
    expect(captured.schedule.disclosure.installments.map((i) => i.amount)).toEqual([2_501, 2_501, 2_501, 2_500]);
  });

  describe('refuses with 422 capture_exceeds_authorized at /amount, and changes nothing', () => {
    it('for more than is still capturable', async () => {
      const tx = await authorizedTransaction(http, merchant, { total: 15_500 });
      await capture(http, merchant, tx.id, 10_000);
      const res = await transactionAction(http, merchant, tx.id, 'capture', { amount: 5_501 });
      expectProblem(res, 422, 'capture_exceeds_authorized');
      expect(res.body.errors).toEqual([{ pointer: '/amount', detail: 'must be at most 5500' }]);
      expect(await fetchTransaction(merchant, tx.id)).toMatchObject({ captured_amount: 10_000, capturable_amount: 5_500 });
    });

    it('for more than the authorized amount on the first capture', async () => {
      const tx = await authorizedTransaction(http, merchant, { total: 15_500 });
      const res = await transactionAction(http, merchant, tx.id, 'capture', { amount: 15_501 });
      expectProblem(res, 422, 'capture_exceeds_authorized');
      expect(pointers(res)).toEqual(['/amount']);
    });

    it('for any capture once everything is captured, with or without an amount', async () => {
      const tx = await authorizedTransaction(http, merchant);
      await capture(http, merchant, tx.id);
      expectProblem(await transactionAction(http, merchant, tx.id, 'capture', { amount: 1 }), 422, 'capture_exceeds_authorized');
      expectProblem(await transactionAction(http, merchant, tx.id, 'capture'), 422, 'capture_exceeds_authorized');
      expect(await typesOf(merchant, tx.id)).toEqual(['transaction.authorized', 'transaction.captured']);
    });
  });

  it('refuses a voided transaction with 422 transaction_voided', async () => {
    const tx = await authorizedTransaction(http, merchant);
    await voidTransaction(http, merchant, tx.id);
    expectProblem(await transactionAction(http, merchant, tx.id, 'capture', { amount: 100 }), 422, 'transaction_voided');
    expect(await fetchTransaction(merchant, tx.id)).toMatchObject({ status: 'voided', captured_amount: 0 });
  });

  describe('refuses a malformed request with 400 invalid_request', () => {
    it('without an Idempotency-Key, naming the header', async () => {
      const tx = await authorizedTransaction(http, merchant);
      const res = await http.post(`/v2/transactions/${tx.id}/capture`, { auth: merchant.bearer, body: { amount: 100 } });
      expectProblem(res, 400, 'invalid_request');
      expect(parameters(res)).toEqual(['Idempotency-Key']);
      expect((await fetchTransaction(merchant, tx.id)).captured_amount).toBe(0);
    });

    it.each<[string, unknown, string]>([
      ['an amount of 0', { amount: 0 }, '/amount'],
      ['a negative amount', { amount: -100 }, '/amount'],
      ['a fractional amount', { amount: 10.5 }, '/amount'],
      ['an amount that is not a number', { amount: 'all' }, '/amount'],
      ['an unknown field', { amount: 100, final: true }, '/final'],
    ])('for %s', async (_what, body, pointer) => {
      const tx = await authorizedTransaction(http, merchant);
      const res = await transactionAction(http, merchant, tx.id, 'capture', body as object);
      expectProblem(res, 400, 'invalid_request');
      expect(pointers(res)).toContain(pointer);
      expect((await fetchTransaction(merchant, tx.id)).captured_amount).toBe(0);
    });

    it('for a malformed transaction id', async () => {
      const res = await transactionAction(http, merchant, 'txn_', 'capture');
      expectProblem(res, 400, 'invalid_request');
      expect(parameters(res)).toContain('transactionId');
    });
  });

  it("answers 404 resource_not_found for another merchant's transaction, and captures nothing", async () => {
    const other = await makeMerchant(evenpay.services.models);
    const theirs = await authorizedTransaction(http, other);
    expectProblem(await transactionAction(http, merchant, theirs.id, 'capture'), 404, 'resource_not_found');
    expect((await fetchTransaction(other, theirs.id)).captured_amount).toBe(0);
  });

  it('asks for a key when none is sent', async () => {
    const tx = await authorizedTransaction(http, merchant);
    const res = await http.post(`/v2/transactions/${tx.id}/capture`, { headers: { 'Idempotency-Key': randomUUID() } });
    expectProblem(res, 401, 'authentication_required');
  });

  describe('with its Idempotency-Key', () => {
    it('replays the same response for the same key and body, and captures only once', async () => {
      const tx = await authorizedTransaction(http, merchant);
      const key = randomUUID();
      const first = await transactionAction(http, merchant, tx.id, 'capture', { amount: 1_000 }, key);
      const again = await transactionAction(http, merchant, tx.id, 'capture', { amount: 1_000 }, key);
      expect(first.status).toBe(200);
      expect(again.status).toBe(200);
      expect(first.headers['idempotent-replayed']).toBeUndefined();
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect(again.body).toEqual(first.body);
      expect((await fetchTransaction(merchant, tx.id)).captured_amount).toBe(1_000);
      expect(await typesOf(merchant, tx.id)).toEqual(['transaction.authorized', 'transaction.captured']);
    });

    it('replays a refusal as the same 422, even after the state that caused it changed', async () => {
      const tx = await authorizedTransaction(http, merchant, { total: 15_500 });
      const key = randomUUID();
      const first = await transactionAction(http, merchant, tx.id, 'capture', { amount: 20_000 }, key);
      expectProblem(first, 422, 'capture_exceeds_authorized');
      const again = await transactionAction(http, merchant, tx.id, 'capture', { amount: 20_000 }, key);
      expect(again.status).toBe(422);
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect(again.body).toEqual(first.body);
    });

    it('answers 409 idempotency_request_in_flight while the first capture still runs', async () => {
      const tx = await authorizedTransaction(http, merchant);
      const key = randomUUID();
      const body = { amount: 1_000 };
      await evenpay.services.idempotency.claim({
        principalId: merchant.id,
        merchantId: merchant.id,
        livemode: false,
        key,
        operationId: 'captureTransaction',
        request: { params: { transactionId: tx.id }, body },
      });
      const res = await transactionAction(http, merchant, tx.id, 'capture', body, key);
      expectProblem(res, 409, 'idempotency_request_in_flight');
      expect(res.headers['retry-after']).toBe('1');
      expect((await fetchTransaction(merchant, tx.id)).captured_amount).toBe(0);
    });

    it('refuses the same key with another amount with 422 idempotency_key_reused', async () => {
      const tx = await authorizedTransaction(http, merchant);
      const key = randomUUID();
      expect((await transactionAction(http, merchant, tx.id, 'capture', { amount: 1_000 }, key)).status).toBe(200);
      const res = await transactionAction(http, merchant, tx.id, 'capture', { amount: 2_000 }, key);
      expectProblem(res, 422, 'idempotency_key_reused');
      expect(parameters(res)).toEqual(['Idempotency-Key']);
      expect((await fetchTransaction(merchant, tx.id)).captured_amount).toBe(1_000);
    });
  });
});
