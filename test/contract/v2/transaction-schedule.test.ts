// A transaction's repayment schedule over v2: estimated for the authorized amount until the first
// capture, then for what was captured less what was refunded, always internally consistent, and
// starting on the UTC day of the first capture (a fixed clock); 400 for a malformed id, 404 for
// another merchant's transaction, 401 without a key.
import { describe, expect, it } from 'vitest';
import type { components } from '../../../generated/v2/client.js';
import { fixedClock } from '../../../src/kernel/clock.js';
import { makeMerchant } from '../../factories/merchants.js';
import { authorizedTransaction, capture, refund } from '../../factories/transactions.js';
import { appWithMerchant } from '../../helpers/app.js';
import { expectProblem, parameters } from '../../helpers/problem.js';
import { DAY_MS, expectConsistentSchedule, HOUR_MS, transactionsWorld } from '../../helpers/transactions.js';

type Schedule = components['schemas']['Schedule'];

const { evenpay, http, merchant } = transactionsWorld('Transaction Test Co');

describe('GET /v2/transactions/{transactionId}/schedule', () => {
  it('estimates the schedule for the authorized amount before the first capture', async () => {
    const tx = await authorizedTransaction(http, merchant, { total: 15_500 });
    const res = await http.get(`/v2/transactions/${tx.id}/schedule`, { auth: merchant.bearer });
    expect(res.status).toBe(200);
    const schedule = res.body as Schedule;
    expect(schedule).toMatchObject({
      object: 'schedule',
      transaction_id: tx.id,
      plan_id: 'pay_in_4',
      currency: 'USD',
      estimated: true,
      principal: 15_500,
      amount_owed: 15_500,
    });
    expect(schedule.start_date).toBe(tx.created.slice(0, 10));
    expect(schedule.disclosure.installments.map((i) => i.amount)).toEqual([3_875, 3_875, 3_875, 3_875]);
    expectConsistentSchedule(schedule);
    expect(schedule).toEqual(tx.schedule);
  });

  it('is no longer estimated once captured: principal = captured − refunded', async () => {
    const tx = await authorizedTransaction(http, merchant, { total: 15_500 });
    await capture(http, merchant, tx.id, 10_000);
    await refund(http, merchant, tx.id, 2_000);
    const schedule = (await http.get(`/v2/transactions/${tx.id}/schedule`, { auth: merchant.bearer })).body as Schedule;
    expect(schedule).toMatchObject({ estimated: false, principal: 8_000, amount_owed: 8_000 });
    expectConsistentSchedule(schedule);
  });

  describe('with a fixed clock', () => {
    const clock = fixedClock('2026-06-01T22:00:00Z');
    const { http: client, merchant: owner } = appWithMerchant('Schedule Clock Co', { clock });

    const scheduleOf = async (id: string): Promise<Schedule> => {
      const res = await client.get(`/v2/transactions/${id}/schedule`, { auth: owner.bearer });
      expect(res.status).toBe(200);
      return res.body as Schedule;
    };

    it('starts on the UTC day of the first capture, and later captures do not move it', async () => {
      clock.set('2026-06-01T22:00:00Z');
      const tx = await authorizedTransaction(client, owner, { total: 15_500 });
      expect((await scheduleOf(tx.id)).start_date).toBe('2026-06-01');

      clock.advance(3 * HOUR_MS); // 2026-06-02T01:00Z
      await capture(client, owner, tx.id, 5_000);
      const afterFirst = await scheduleOf(tx.id);
      expect(afterFirst).toMatchObject({ start_date: '2026-06-02', estimated: false, principal: 5_000 });
      expect(afterFirst.disclosure.installments.map((i) => i.due_date)).toEqual(['2026-06-02', '2026-06-16', '2026-06-30', '2026-07-14']);

      clock.advance(3 * DAY_MS);
      await capture(client, owner, tx.id);
      expect(await scheduleOf(tx.id)).toMatchObject({ start_date: '2026-06-02', principal: 15_500 });
    });
  });

  it('answers 400 invalid_request for a malformed transaction id', async () => {
    const res = await http.get('/v2/transactions/txn-123/schedule', { auth: merchant.bearer });
    expectProblem(res, 400, 'invalid_request');
    expect(parameters(res)).toContain('transactionId');
  });

  it("answers 404 resource_not_found for another merchant's transaction", async () => {
    const other = await makeMerchant(evenpay.services.models);
    const theirs = await authorizedTransaction(http, other);
    expectProblem(await http.get(`/v2/transactions/${theirs.id}/schedule`, { auth: merchant.bearer }), 404, 'resource_not_found');
  });

  it('asks for a key when none is sent', async () => {
    const tx = await authorizedTransaction(http, merchant);
    expectProblem(await http.get(`/v2/transactions/${tx.id}/schedule`), 401, 'authentication_required');
  });
});
