// Voiding a transaction over v2: a void releases an uncaptured authorization (nothing capturable,
// nothing owed, one transaction.voided event); refused with 422 after any capture or a second
// time, 400 for a body or a missing Idempotency-Key, 404 for another merchant's, 401 without a
// key; under its Idempotency-Key the same void is replayed rather than refused as a second one.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { makeMerchant } from '../../factories/merchants.js';
import { authorizedTransaction, capture, eventsOf, transactionAction, voidTransaction } from '../../factories/transactions.js';
import { expectProblem, parameters, pointers } from '../../helpers/problem.js';
import { transactionsWorld } from '../../helpers/transactions.js';

const { evenpay, http, merchant, fetchTransaction, typesOf } = transactionsWorld('Transaction Test Co');

describe('POST /v2/transactions/{transactionId}/void', () => {
  it('releases an authorization: status voided, nothing capturable, nothing owed', async () => {
    const tx = await authorizedTransaction(http, merchant);
    const voided = await voidTransaction(http, merchant, tx.id);
    expect(voided).toMatchObject({ status: 'voided', captured_amount: 0, capturable_amount: 0, refundable_amount: 0, amount: tx.amount });
    expect(voided.schedule).toMatchObject({ estimated: false, principal: 0, amount_owed: 0 });
    expect(voided.schedule.disclosure.installments).toEqual([]);
    expect(await fetchTransaction(merchant, tx.id)).toEqual(voided);
  });

  it('records a transaction.voided event', async () => {
    const tx = await authorizedTransaction(http, merchant);
    const res = await transactionAction(http, merchant, tx.id, 'void');
    const [latest] = await eventsOf(http, merchant, tx.id);
    expect(latest).toMatchObject({ type: 'transaction.voided', request_id: res.headers['request-id'] });
    expect(latest!.data.object).toEqual(res.body);
    expect(latest!.data.amount).toBeUndefined();
  });

  it('accepts an empty JSON body as well as none', async () => {
    const tx = await authorizedTransaction(http, merchant);
    const res = await transactionAction(http, merchant, tx.id, 'void', {});
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('voided');
  });

  it('refuses a transaction with captures with 422 void_after_capture: refund instead', async () => {
    const tx = await authorizedTransaction(http, merchant);
    await capture(http, merchant, tx.id, 1_000);
    expectProblem(await transactionAction(http, merchant, tx.id, 'void'), 422, 'void_after_capture');
    expect(await fetchTransaction(merchant, tx.id)).toMatchObject({ status: 'partially_captured', capturable_amount: tx.amount - 1_000 });
  });

  it('refuses a void after a full capture with 422 void_after_capture', async () => {
    const tx = await authorizedTransaction(http, merchant);
    await capture(http, merchant, tx.id);
    expectProblem(await transactionAction(http, merchant, tx.id, 'void'), 422, 'void_after_capture');
  });

  it('refuses a second void (under a new key) with 422 transaction_voided', async () => {
    const tx = await authorizedTransaction(http, merchant);
    await voidTransaction(http, merchant, tx.id);
    expectProblem(await transactionAction(http, merchant, tx.id, 'void'), 422, 'transaction_voided');
    expect(await typesOf(merchant, tx.id)).toEqual(['transaction.authorized', 'transaction.voided']);
  });

  describe('refuses a malformed request with 400 invalid_request', () => {
    it('without an Idempotency-Key, naming the header', async () => {
      const tx = await authorizedTransaction(http, merchant);
      const res = await http.post(`/v2/transactions/${tx.id}/void`, { auth: merchant.bearer });
      expectProblem(res, 400, 'invalid_request');
      expect(parameters(res)).toEqual(['Idempotency-Key']);
      expect((await fetchTransaction(merchant, tx.id)).status).toBe('authorized');
    });

    it('for a body with a field (voids take none)', async () => {
      const tx = await authorizedTransaction(http, merchant);
      const res = await transactionAction(http, merchant, tx.id, 'void', { reason: 'duplicate' });
      expectProblem(res, 400, 'invalid_request');
      expect(pointers(res)).toContain('/reason');
    });
  });

  it("answers 404 resource_not_found for another merchant's transaction, which stays authorized", async () => {
    const other = await makeMerchant(evenpay.services.models);
    const theirs = await authorizedTransaction(http, other);
    expectProblem(await transactionAction(http, merchant, theirs.id, 'void'), 404, 'resource_not_found');
    expect((await fetchTransaction(other, theirs.id)).status).toBe('authorized');
  });

  it('asks for a key when none is sent', async () => {
    const tx = await authorizedTransaction(http, merchant);
    expectProblem(await http.post(`/v2/transactions/${tx.id}/void`, { headers: { 'Idempotency-Key': randomUUID() } }), 401, 'authentication_required');
  });

  describe('with its Idempotency-Key', () => {
    it('replays the void for the same key instead of refusing it as a second void', async () => {
      const tx = await authorizedTransaction(http, merchant);
      const key = randomUUID();
      const first = await transactionAction(http, merchant, tx.id, 'void', undefined, key);
      const again = await transactionAction(http, merchant, tx.id, 'void', undefined, key);
      expect(again.status).toBe(200);
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect(again.body).toEqual(first.body);
    });

    it('answers 409 idempotency_request_in_flight while the first void still runs', async () => {
      const tx = await authorizedTransaction(http, merchant);
      const key = randomUUID();
      // A POST without a body reaches the handler with req.body undefined.
      await evenpay.services.idempotency.claim({
        principalId: merchant.id,
        merchantId: merchant.id,
        livemode: false,
        key,
        operationId: 'voidTransaction',
        request: { params: { transactionId: tx.id }, body: undefined },
      });
      const res = await transactionAction(http, merchant, tx.id, 'void', undefined, key);
      expectProblem(res, 409, 'idempotency_request_in_flight');
      expect((await fetchTransaction(merchant, tx.id)).status).toBe('authorized');
    });

    it('refuses a key used to void another transaction with 422 idempotency_key_reused', async () => {
      const a = await authorizedTransaction(http, merchant);
      const b = await authorizedTransaction(http, merchant);
      const key = randomUUID();
      expect((await transactionAction(http, merchant, a.id, 'void', undefined, key)).status).toBe(200);
      const res = await transactionAction(http, merchant, b.id, 'void', undefined, key);
      expectProblem(res, 422, 'idempotency_key_reused');
      expect((await fetchTransaction(merchant, b.id)).status).toBe('authorized');
    });
  });
});
