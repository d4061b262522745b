// Every dispute POST takes an Idempotency-Key (issue 20): a retry replays the first answer, a
// retry while the first still runs is told to wait (409), and the key reused for another request
// is refused (422) — for opening, evidence, submission and acceptance alike.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { disputeAction, disputedTransaction, openDispute } from '../../factories/disputes.js';
import { makeSandboxTwin, type TestMerchant } from '../../factories/merchants.js';
import { authorizedTransaction, capture } from '../../factories/transactions.js';
import { appWithMerchant } from '../../helpers/app.js';
import { expectProblem } from '../../helpers/problem.js';

const { evenpay, http } = appWithMerchant('Dispute Idempotency Co');

/** Claims `key` for the operation as a first request still running would. */
function inFlight(merchant: TestMerchant, key: string, operationId: string, request: { params: Record<string, string>; body: unknown }) {
  return evenpay.services.idempotency.claim({ principalId: merchant.id, merchantId: merchant.id, livemode: false, key, operationId, request });
}

describe('dispute POSTs with an Idempotency-Key', () => {
  it('answer 409 while the first request runs, for each operation', async () => {
    const merchant = await makeSandboxTwin(evenpay.services.models);
    const { tx, dispute } = await disputedTransaction(http, merchant);
    for (const [action, operationId] of [
      ['submit', 'submitDispute'],
      ['accept', 'acceptDispute'],
    ] as const) {
      const key = randomUUID();
      await inFlight(merchant, key, operationId, { params: { disputeId: dispute.id }, body: undefined });
      expectProblem(await disputeAction(http, merchant, dispute.id, action, undefined, key), 409, 'idempotency_request_in_flight');
    }
    const evidenceKey = randomUUID();
    const body = { explanation: 'x' };
    await inFlight(merchant, evidenceKey, 'updateDisputeEvidence', { params: { disputeId: dispute.id }, body });
    expectProblem(await disputeAction(http, merchant, dispute.id, 'evidence', body, evidenceKey), 409, 'idempotency_request_in_flight');
    const openKey = randomUUID();
    await inFlight(merchant, openKey, 'createSandboxDispute', { params: { transactionId: tx.id }, body: { amount: 1 } });
    expectProblem(await openDispute(http, merchant, tx.id, { amount: 1 }, openKey), 409, 'idempotency_request_in_flight');
    // None of them ran.
    expect((await http.get(`/v2/disputes/${dispute.id}`, { auth: merchant.bearer })).body.status).toBe('needs_response');
  });

  it('answer 422 for a key reused on another dispute or with another body', async () => {
    const merchant = await makeSandboxTwin(evenpay.services.models);
    for (const action of ['submit', 'accept'] as const) {
      const [first, second] = [await disputedTransaction(http, merchant), await disputedTransaction(http, merchant)];
      const key = randomUUID();
      const done = await disputeAction(http, merchant, first.dispute.id, action, undefined, key);
      expect(done.status).toBe(200);
      const replay = await disputeAction(http, merchant, first.dispute.id, action, undefined, key);
      expect(replay.headers['idempotent-replayed']).toBe('true');
      expect(replay.body).toEqual(done.body);
      expectProblem(await disputeAction(http, merchant, second.dispute.id, action, undefined, key), 422, 'idempotency_key_reused');
    }
    const tx = await authorizedTransaction(http, merchant, { total: 10_000 });
    await capture(http, merchant, tx.id, 10_000);
    const key = randomUUID();
    expect((await openDispute(http, merchant, tx.id, { amount: 1_000 }, key)).status).toBe(200);
    expectProblem(await openDispute(http, merchant, tx.id, { amount: 2_000 }, key), 422, 'idempotency_key_reused');
  });
});
