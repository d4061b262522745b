// A dispute's clock (issue 20): one not answered by `response_due_by` is lost — by the job, or
// the moment it is read or answered after the deadline — and the sandbox's lender decides
// evidence that names no outcome after its 7-day review (won). On a database of its own: the job
// settles every merchant's disputes.
import { describe, expect, it } from 'vitest';
import { RESPONSE_WINDOW_MS, SANDBOX_REVIEW_MS, settleDueDisputes } from '../../../src/domain/disputes.js';
import { fixedClock } from '../../../src/kernel/clock.js';
import { disputeAction, disputeAfter, disputedTransaction } from '../../factories/disputes.js';
import { makeSandboxTwin } from '../../factories/merchants.js';
import { eventsOf } from '../../factories/transactions.js';
import { appWithMerchantOnOwnDatabase } from '../../helpers/app.js';
import { expectProblem } from '../../helpers/problem.js';

const clock = fixedClock('2026-11-27T10:00:00Z');
const { evenpay, http } = appWithMerchantOnOwnDatabase('Dispute Deadlines Co', 'dispute_deadlines', { clock });
const MINUTE_MS = 60 * 1000;

describe('a missed deadline', () => {
  it('loses the dispute by the job: the hold stays, dispute.closed is sent, nothing more is taken', async () => {
    const merchant = await makeSandboxTwin(evenpay.services.models);
    const { tx, dispute } = await disputedTransaction(http, merchant, { body: { amount: 20_000 } });
    const answered = await disputedTransaction(http, merchant, { body: { amount: 10_000 } });
    await disputeAfter(http, merchant, answered.dispute.id, 'accept');
    expect(new Date(dispute.response_due_by).getTime()).toBe(clock.now().getTime() + RESPONSE_WINDOW_MS);

    clock.advance(RESPONSE_WINDOW_MS - MINUTE_MS);
    expect(await evenpay.settleDueDisputes()).toBe(0);
    clock.advance(MINUTE_MS);
    // Only the unanswered one: the accepted one waits for nothing.
    expect(await evenpay.settleDueDisputes()).toBe(1);
    expect(await evenpay.settleDueDisputes()).toBe(0);

    const lost = (await http.get(`/v2/disputes/${dispute.id}`, { auth: merchant.bearer })).body;
    expect(lost).toMatchObject({ status: 'lost', evidence_submitted_at: null, closed_at: clock.now().toISOString() });
    expect((await http.get(`/v2/disputes/${answered.dispute.id}`, { auth: merchant.bearer })).body.status).toBe('accepted');
    expect((await http.get(`/v2/transactions/${tx.id}`, { auth: merchant.bearer })).body).toMatchObject({ disputed_amount: 20_000, refundable_amount: 60_000 });
    const events = await eventsOf(http, merchant, dispute.id);
    expect(events.map((event) => event.type)).toEqual(['dispute.closed', 'dispute.created']);
    expect(events[0]).toMatchObject({ request_id: null, data: { object: lost } });
    const late = await disputeAction(http, merchant, dispute.id, 'accept');
    expectProblem(late, 422, 'dispute_not_editable');
    expect(late.body.detail).toContain('it is closed (lost)');
  });

  it('is seen at once when the dispute is read or answered after it, before any job ran', async () => {
    const merchant = await makeSandboxTwin(evenpay.services.models);
    const due = new Date(clock.now().getTime() + 5 * MINUTE_MS).toISOString();
    const { dispute } = await disputedTransaction(http, merchant, { body: { response_due_by: due } });
    const { dispute: other } = await disputedTransaction(http, merchant, { body: { response_due_by: due } });
    expect(dispute.response_due_by).toBe(due);
    await disputeAfter(http, merchant, dispute.id, 'evidence', { explanation: 'winning_evidence' });
    clock.advance(5 * MINUTE_MS);

    const late = await disputeAction(http, merchant, dispute.id, 'submit');
    expectProblem(late, 422, 'dispute_not_editable');
    expect(late.body.detail).toContain(`its response was due by ${due} and none was submitted: it is lost`);
    // A list shows what a read shows: the unanswered ones lost.
    const open = (await http.get('/v2/disputes?status=needs_response', { auth: merchant.bearer })).body.data;
    expect(open).toEqual([]);
    expect((await http.get(`/v2/disputes/${dispute.id}`, { auth: merchant.bearer })).body.status).toBe('lost');
    expect((await http.get(`/v2/disputes/${other.id}`, { auth: merchant.bearer })).body).toMatchObject({ status: 'lost' });
    expect((await eventsOf(http, merchant, other.id)).map((event) => event.type)).toEqual(['dispute.closed', 'dispute.created']);
    expect((await eventsOf(http, merchant, dispute.id)).map((event) => event.type)).toEqual(['dispute.closed', 'dispute.updated', 'dispute.created']);
    expect(await evenpay.settleDueDisputes()).toBe(0);
  });
});

describe('the job', () => {
  it('settles the other disputes when one cannot be settled, and reports it', async () => {
    const merchant = await makeSandboxTwin(evenpay.services.models);
    const broken = await disputedTransaction(http, merchant, { total: 10_000 });
    const fine = await disputedTransaction(http, merchant, { total: 10_000 });
    for (const { dispute } of [broken, fine]) await disputeAfter(http, merchant, dispute.id, 'evidence', { explanation: 'shipped', submit: true });
    // A won dispute gives its hold back to its transaction: without the row, that one fails.
    await evenpay.services.models.Transaction.destroy({ where: { id: broken.tx.id } });
    clock.advance(SANDBOX_REVIEW_MS);
    const outcome = await settleDueDisputes(evenpay.services);
    expect(outcome.changed).toBe(1);
    expect(outcome.failed.map(({ id }) => id)).toEqual([broken.dispute.id]);
    expect((await http.get(`/v2/disputes/${fine.dispute.id}`, { auth: merchant.bearer })).body.status).toBe('won');
    expect((await http.get(`/v2/disputes/${broken.dispute.id}`, { auth: merchant.bearer })).body.status).toBe('under_review');
    // The app's job logs it and counts what changed.
    expect(await evenpay.settleDueDisputes()).toBe(0);
    await evenpay.services.models.Dispute.destroy({ where: { id: broken.dispute.id } });
  });
});

describe("the sandbox lender's review", () => {
  it('decides evidence without a magic value after 7 days: won, and the hold released', async () => {
    const merchant = await makeSandboxTwin(evenpay.services.models);
    const { tx, dispute } = await disputedTransaction(http, merchant, { body: { amount: 30_000 } });
    await disputeAfter(http, merchant, dispute.id, 'evidence', { shipping_carrier: 'UPS', shipping_tracking_number: '1Z999AA10123456784', submit: true });
    clock.advance(SANDBOX_REVIEW_MS - MINUTE_MS);
    expect(await evenpay.settleDueDisputes()).toBe(0);
    clock.advance(MINUTE_MS);
    expect(await evenpay.settleDueDisputes()).toBe(1);
    expect((await http.get(`/v2/disputes/${dispute.id}`, { auth: merchant.bearer })).body).toMatchObject({ status: 'won' });
    expect((await http.get(`/v2/transactions/${tx.id}`, { auth: merchant.bearer })).body.disputed_amount).toBe(0);
    const entries = (await http.get(`/v2/balance-entries?source=${dispute.id}`, { auth: merchant.bearer })).body.data;
    expect(entries.map((entry: { type: string; net: number }) => [entry.type, entry.net])).toEqual([
      ['dispute_release', 30_000],
      ['dispute_hold', -30_000],
    ]);
  });
});
