// Refunding a transaction over v2: refunds walk the statuses to refunded, leave an uncaptured rest
// capturable, and shrink the schedule to exactly what the plan costs for what is still owed;
// refused with 422 beyond what was captured or once voided, 400 for a malformed request or a
// missing Idempotency-Key, 404 for another merchant's, 401 without a key; under its
// Idempotency-Key a refund is replayed, never repeated.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { components } from '../../../generated/v2/client.js';
import { makeMerchant } from '../../factories/merchants.js';
import { authorizedTransaction, capture, eventsOf, refund, transactionAction, voidTransaction } from '../../factories/transactions.js';
import { expectProblem, parameters, pointers } from '../../helpers/problem.js';
import { expectConsistentSchedule, transactionsWorld } from '../../helpers/transactions.js';

type PlanQuote = components['schemas']['PlanQuote'];

const { evenpay, http, merchant, fetchTransaction, typesOf } = transactionsWorld('Transaction Test Co');

describe('POST /v2/transactions/{transactionId}/refund', () => {
  it('walks the statuses authorized → partially_captured → captured → partially_refunded → refunded', async () => {
    const tx = await authorizedTransaction(http, merchant, { total: 15_500 });
    expect(tx.status).toBe('authorized');
    expect((await capture(http, merchant, tx.id, 5_500)).status).toBe('partially_captured');
    expect((await capture(http, merchant, tx.id)).status).toBe('captured');
    const partly = await refund(http, merchant, tx.id, 4_000);
    expect(partly).toMatchObject({ status: 'partially_refunded', refunded_amount: 4_000, refundable_amount: 11_500, capturable_amount: 0 });
    const again = await refund(http, merchant, tx.id, 1_500);
    expect(again).toMatchObject({ status: 'partially_refunded', refunded_amount: 5_500, refundable_amount: 10_000 });
    const rest = await refund(http, merchant, tx.id);
    expect(rest).toMatchObject({ status: 'refunded', captured_amount: 15_500, refunded_amount: 15_500, refundable_amount: 0 });
    expect(rest.schedule).toMatchObject({ principal: 0, amount_owed: 0, estimated: false });
    expect(await typesOf(merchant, tx.id)).toEqual([
      'transaction.authorized',
      'transaction.captured',
      'transaction.captured',
      'transaction.refunded',
      'transaction.refunded',
      'transaction.refunded',
    ]);
    const amounts = (await eventsOf(http, merchant, tx.id)).reverse().map((e) => e.data.amount);
    expect(amounts).toEqual([undefined, 5_500, 10_000, 4_000, 1_500, 10_000]);
  });

  it('refunds a partial capture while the rest stays capturable, and the status stays partially_refunded', async () => {
    const tx = await authorizedTransaction(http, merchant, { total: 15_500 });
    await capture(http, merchant, tx.id, 5_000);
    const refunded = await refund(http, merchant, tx.id);
    expect(refunded).toMatchObject({
      status: 'partially_refunded',
      captured_amount: 5_000,
      refunded_amount: 5_000,
      capturable_amount: 10_500,
      refundable_amount: 0,
    });
    const more = await capture(http, merchant, tx.id, 500);
    expect(more).toMatchObject({ status: 'partially_refunded', captured_amount: 5_500, refundable_amount: 500, capturable_amount: 10_000 });
  });

  it('shrinks the schedule: $800 on monthly_12 at 15 %, all captured, then $200 refunded, owes the plan for $600', async () => {
    const tx = await authorizedTransaction(http, merchant, { total: 80_000, plan_id: 'monthly_12' });
    const captured = await capture(http, merchant, tx.id);
    expect(captured.schedule).toMatchObject({ principal: 80_000, amount_owed: 86_648, estimated: false });
    expect(captured.schedule.disclosure.installments.map((i) => i.amount)).toEqual([...Array<number>(11).fill(7_221), 7_217]);
    expectConsistentSchedule(captured.schedule);

    const refunded = await refund(http, merchant, tx.id, 20_000);
    const schedule = refunded.schedule;
    expect(schedule).toMatchObject({
      object: 'schedule',
      transaction_id: tx.id,
      plan_id: 'monthly_12',
      principal: 60_000,
      estimated: false,
      start_date: captured.schedule.start_date,
    });
    expectConsistentSchedule(schedule);
    expect(schedule.amount_owed).toBeLessThan(captured.schedule.amount_owed);
    expect(schedule.disclosure.installments).toHaveLength(12);
    expect(schedule.disclosure.apr_bps).toBe(1_500);

    // Exactly what the plan would cost for $600 from the same day.
    const quote = await http.post('/v2/plan-quotes', { auth: merchant.bearer, body: { amount: 60_000, currency: 'USD', start_date: schedule.start_date } });
    const plan = (quote.body as PlanQuote).plans.find((p) => p.plan_id === 'monthly_12')!;
    expect(schedule.disclosure).toEqual(plan.disclosure);
    expect((await http.get(`/v2/transactions/${tx.id}/schedule`, { auth: merchant.bearer })).body).toEqual(schedule);
  });

  describe('refuses with 422 refund_exceeds_captured at /amount, and changes nothing', () => {
    it('when nothing was captured', async () => {
      const tx = await authorizedTransaction(http, merchant);
      const res = await transactionAction(http, merchant, tx.id, 'refund', { amount: 100 });
      expectProblem(res, 422, 'refund_exceeds_captured');
      expect(res.body.errors).toEqual([{ pointer: '/amount', detail: 'must be at most 0' }]);
      expectProblem(await transactionAction(http, merchant, tx.id, 'refund'), 422, 'refund_exceeds_captured');
      expect((await fetchTransaction(merchant, tx.id)).status).toBe('authorized');
    });

    it('for more than is still refundable', async () => {
      const tx = await authorizedTransaction(http, merchant);
      await capture(http, merchant, tx.id, 6_000);
      await refund(http, merchant, tx.id, 2_000);
      const res = await transactionAction(http, merchant, tx.id, 'refund', { amount: 4_001 });
      expectProblem(res, 422, 'refund_exceeds_captured');
      expect(res.body.errors).toEqual([{ pointer: '/amount', detail: 'must be at most 4000' }]);
      expect(await fetchTransaction(merchant, tx.id)).toMatchObject({ refunded_amount: 2_000, refundable_amount: 4_000 });
    });

    it('once everything was refunded', async () => {
      const tx = await authorizedTransaction(http, merchant);
      await capture(http, merchant, tx.id);
      await refund(http, merchant, tx.id);
      expectProblem(await transactionAction(http, merchant, tx.id, 'refund'), 422, 'refund_exceeds_captured');
    });
  });

  it('refuses a voided transaction with 422 transaction_voided', async () => {
    const tx = await authorizedTransaction(http, merchant);
    await voidTransaction(http, merchant, tx.id);
    expectProblem(await transactionAction(http, merchant, tx.id, 'refund', { amount: 100 }), 422, 'transaction_voided');
  });

  describe('refuses a malformed request with 400 invalid_request', () => {
    it('without an Idempotency-Key, naming the header', async () => {
      const tx = await authorizedTransaction(http, merchant);
      await capture(http, merchant, tx.id);
      const res = await http.post(`/v2/transactions/${tx.id}/refund`, { auth: merchant.bearer, body: { amount: 100 } });
      expectProblem(res, 400, 'invalid_request');
      expect(parameters(res)).toEqual(['Idempotency-Key']);
      expect((await fetchTransaction(merchant, tx.id)).refunded_amount).toBe(0);
    });

    it.each<[string, unknown, string]>([
      ['an amount of 0', { amount: 0 }, '/amount'],
      ['a reason that is not one of the reasons', { amount: 100, reason: 'changed_mind' }, '/reason'],
      ['an unknown field', { amount: 100, note: 'x' }, '/note'],
    ])('for %s', async (_what, body, pointer) => {
      const tx = await authorizedTransaction(http, merchant);
      await capture(http, merchant, tx.id);
      const res = await transactionAction(http, merchant, tx.id, 'refund', body as object);
      expectProblem(res, 400, 'invalid_request');
      expect(pointers(res)).toContain(pointer);
    });
  });

  it('accepts a documented reason', async () => {
    const tx = await authorizedTransaction(http, merchant);
    await capture(http, merchant, tx.id);
    const res = await transactionAction(http, merchant, tx.id, 'refund', { amount: 100, reason: 'returned_goods' });
    expect(res.status).toBe(200);
    expect(res.body.refunded_amount).toBe(100);
  });

  it("answers 404 resource_not_found for another merchant's transaction", async () => {
    const other = await makeMerchant(evenpay.services.models);
    const theirs = await authorizedTransaction(http, other);
    await capture(http, other, theirs.id);
    expectProblem(await transactionAction(http, merchant, theirs.id, 'refund'), 404, 'resource_not_found');
    expect((await fetchTransaction(other, theirs.id)).refunded_amount).toBe(0);
  });

  it('asks for a key when none is sent', async () => {
    const tx = await authorizedTransaction(http, merchant);
    expectProblem(await http.post(`/v2/transactions/${tx.id}/refund`, { headers: { 'Idempotency-Key': randomUUID() } }), 401, 'authentication_required');
  });

  describe('with its Idempotency-Key', () => {
    it('replays the same refund for the same key and body, and refunds only once', async () => {
      const tx = await authorizedTransaction(http, merchant);
      await capture(http, merchant, tx.id);
      const key = randomUUID();
      const first = await transactionAction(http, merchant, tx.id, 'refund', { amount: 700 }, key);
      const again = await transactionAction(http, merchant, tx.id, 'refund', { amount: 700 }, key);
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect(again.body).toEqual(first.body);
      expect((await fetchTransaction(merchant, tx.id)).refunded_amount).toBe(700);
    });

    it('answers 409 idempotency_request_in_flight while the first refund still runs', async () => {
      const tx = await authorizedTransaction(http, merchant);
      await capture(http, merchant, tx.id);
      const key = randomUUID();
      const body = { amount: 700 };
      await evenpay.services.idempotency.claim({
        principalId: merchant.id,
        merchantId: merchant.id,
        livemode: false,
        key,
        operationId: 'refundTransaction',
        request: { params: { transactionId: tx.id }, body },
      });
      const res = await transactionAction(http, merchant, tx.id, 'refund', body, key);
      expectProblem(res, 409, 'idempotency_request_in_flight');
      expect((await fetchTransaction(merchant, tx.id)).refunded_amount).toBe(0);
    });

    it('refuses the same key with another amount with 422 idempotency_key_reused', async () => {
      const tx = await authorizedTransaction(http, merchant);
      await capture(http, merchant, tx.id);
      const key = randomUUID();
      expect((await transactionAction(http, merchant, tx.id, 'refund', { amount: 700 }, key)).status).toBe(200);
      const res = await transactionAction(http, merchant, tx.id, 'refund', { amount: 800 }, key);
      expectProblem(res, 422, 'idempotency_key_reused');
      expect((await fetchTransaction(merchant, tx.id)).refunded_amount).toBe(700);
    });
  });
});
