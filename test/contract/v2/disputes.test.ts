// Disputes over v2 (issue 20): the sandbox's consumer opens one on a captured transaction, its
// amount is held from the balance and from refunds; winning evidence submitted wins it and
// releases the hold; losing evidence or an acceptance is final. Every refusal says what to fix.
// (Deadlines and the sandbox's review: dispute-deadlines.test.ts; documents:
// dispute-evidence.test.ts; races: dispute-races.test.ts.)
import { describe, expect, it } from 'vitest';
import type { components } from '../../../generated/v2/client.js';
import { disputeAction, disputeAfter, disputedTransaction, openDispute, openedDispute, PDF_BASE64 } from '../../factories/disputes.js';
import { makeSandboxTwin, type TestMerchant } from '../../factories/merchants.js';
import { authorizedTransaction, capture, eventsOf, liveBearer, refund, transactionAction } from '../../factories/transactions.js';
import { appWithMerchant } from '../../helpers/app.js';
import { expectProblem } from '../../helpers/problem.js';

type BalanceEntry = components['schemas']['BalanceEntry'];
type Dispute = components['schemas']['Dispute'];

const { evenpay, http } = appWithMerchant('Disputes Test Co');
const sandboxTwin = () => makeSandboxTwin(evenpay.services.models);

const available = async (merchant: TestMerchant) => (await http.get('/v2/balance', { auth: merchant.bearer })).body.available;
const transaction = async (merchant: TestMerchant, id: string) => (await http.get(`/v2/transactions/${id}`, { auth: merchant.bearer })).body;
async function entriesOf(merchant: TestMerchant, source: string): Promise<BalanceEntry[]> {
  const res = await http.get(`/v2/balance-entries?source=${source}`, { auth: merchant.bearer });
  expect(res.status).toBe(200);
  return res.body.data as BalanceEntry[];
}

describe('a dispute won with evidence (issue 20: Must show)', () => {
  it('holds the disputed amount, takes evidence and a document, and releases the hold when won', async () => {
    const merchant = await sandboxTwin();
    const tx = await authorizedTransaction(http, merchant, { total: 80_000, plan_id: 'monthly_12' });
    await capture(http, merchant, tx.id, 80_000);
    const before = await available(merchant);
    expect(before).toEqual([{ currency: 'USD', amount: 80_000 - 3_222 }]);

    const dispute = await openedDispute(http, merchant, tx.id, { amount: 20_000, reason: 'not_received' });
    expect(dispute).toMatchObject({
      object: 'dispute',
      livemode: false,
      merchant: merchant.id,
      transaction: tx.id,
      currency: 'USD',
      amount: 20_000,
      reason: 'not_received',
      status: 'needs_response',
      evidence_submitted_at: null,
      closed_at: null,
    });
    expect(new Date(dispute.response_due_by).getTime() - new Date(dispute.created).getTime()).toBe(14 * 24 * 60 * 60 * 1000);
    // The balance shows the hold, as an entry of its own; the transaction, what is disputed.
    expect(await available(merchant)).toEqual([{ currency: 'USD', amount: 80_000 - 3_222 - 20_000 }]);
    expect(await entriesOf(merchant, dispute.id)).toEqual([
      expect.objectContaining({ type: 'dispute_hold', amount: -20_000, fee: 0, net: -20_000, transaction: tx.id, source: dispute.id }),
    ]);
    expect(await transaction(merchant, tx.id)).toMatchObject({ disputed_amount: 20_000, refundable_amount: 60_000, status: 'captured' });
    // The consumer does not pay what they dispute while it is open.
    expect((await transaction(merchant, tx.id)).schedule.principal).toBe(60_000);

    const withEvidence = await disputeAfter(http, merchant, dispute.id, 'evidence', {
      product_description: 'A blue bicycle.',
      shipping_carrier: 'UPS',
      shipping_tracking_number: '1Z999AA10123456784',
      shipping_date: '2026-11-20',
      explanation: 'winning_evidence',
      documents: [{ filename: 'delivery-receipt.pdf', content_type: 'application/pdf', data: PDF_BASE64 }],
    });
    expect(withEvidence.status).toBe('needs_response');
    expect(withEvidence.evidence).toMatchObject({ product_description: 'A blue bicycle.', shipping_date: '2026-11-20', explanation: 'winning_evidence' });
    expect(withEvidence.evidence.documents).toEqual([
      expect.objectContaining({ filename: 'delivery-receipt.pdf', content_type: 'application/pdf', size: Buffer.from(PDF_BASE64, 'base64').length }),
    ]);

    const won = await disputeAfter(http, merchant, dispute.id, 'submit');
    expect(won).toMatchObject({ status: 'won', evidence: withEvidence.evidence });
    expect(won.evidence_submitted_at).not.toBeNull();
    expect(won.closed_at).not.toBeNull();
    expect(await available(merchant)).toEqual(before);
    expect((await entriesOf(merchant, dispute.id)).map((entry) => [entry.type, entry.net])).toEqual([
      ['dispute_release', 20_000],
      ['dispute_hold', -20_000],
    ]);
    expect(await transaction(merchant, tx.id)).toMatchObject({ disputed_amount: 0, refundable_amount: 80_000 });
    expect((await transaction(merchant, tx.id)).schedule.principal).toBe(80_000);
    expect((await http.get(`/v2/disputes/${dispute.id}`, { auth: merchant.bearer })).body).toEqual(won);

    // Each change is an event with the dispute as it stood: opened, evidence, submitted, won.
    const events = await eventsOf(http, merchant, dispute.id);
    expect(events.map((event) => [event.type, (event.data.object as Dispute).status])).toEqual([
      ['dispute.closed', 'won'],
      ['dispute.updated', 'under_review'],
      ['dispute.updated', 'needs_response'],
      ['dispute.created', 'needs_response'],
    ]);
    expect(events[0]!.data.object).toEqual(won);
  });
});

describe('closing a dispute', () => {
  it('losing evidence loses it: the hold stays and the disputed money can never be refunded', async () => {
    const merchant = await sandboxTwin();
    const { tx, dispute } = await disputedTransaction(http, merchant, { body: { amount: 20_000 } });
    const lost = await disputeAfter(http, merchant, dispute.id, 'evidence', { explanation: 'losing_evidence', submit: true });
    expect(lost).toMatchObject({ status: 'lost', evidence: { explanation: 'losing_evidence' } });
    expect((await entriesOf(merchant, dispute.id)).map((entry) => entry.type)).toEqual(['dispute_hold']);
    expect(await transaction(merchant, tx.id)).toMatchObject({ disputed_amount: 20_000, refundable_amount: 60_000 });
    // The consumer won: they never owe the disputed 20000.
    expect((await transaction(merchant, tx.id)).schedule.principal).toBe(60_000);
    const tooMuch = await transactionAction(http, merchant, tx.id, 'refund', { amount: 60_001 });
    expectProblem(tooMuch, 422, 'refund_exceeds_captured');
    expect(tooMuch.body.detail).toContain('20000 of what was captured is disputed');
    expect(await refund(http, merchant, tx.id, 60_000)).toMatchObject({ refunded_amount: 60_000, refundable_amount: 0 });
    // A lost dispute is final: a new one may be opened only on what is left (nothing here).
    expectProblem(await openDispute(http, merchant, tx.id), 422, 'dispute_amount_exceeds_disputable');
  });

  it('accepting closes it as final; nothing more is taken', async () => {
    const merchant = await sandboxTwin();
    const { dispute } = await disputedTransaction(http, merchant);
    const accepted = await disputeAfter(http, merchant, dispute.id, 'accept');
    expect(accepted).toMatchObject({ status: 'accepted', amount: 80_000, evidence_submitted_at: null });
    expect(accepted.closed_at).not.toBeNull();
    for (const [action, body] of [
      ['evidence', { explanation: 'too late' }],
      ['submit', undefined],
      ['accept', undefined],
    ] as const) {
      const refused = await disputeAction(http, merchant, dispute.id, action, body);
      expectProblem(refused, 422, 'dispute_not_editable');
      expect(refused.body.detail).toContain('it is closed (accepted)');
    }
    expect((await eventsOf(http, merchant, dispute.id)).map((event) => event.type)).toEqual(['dispute.closed', 'dispute.created']);
  });

  it('takes sandbox evidence named like an object property as evidence, not as an outcome', async () => {
    const merchant = await sandboxTwin();
    for (const explanation of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) {
      const { dispute } = await disputedTransaction(http, merchant, { total: 10_000 });
      const res = await disputeAction(http, merchant, dispute.id, 'evidence', { explanation, submit: true });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(res.body).toMatchObject({ status: 'under_review', evidence: { explanation } });
    }
  });

  it('submitted evidence is under review: no more evidence, no acceptance', async () => {
    const merchant = await sandboxTwin();
    const { dispute } = await disputedTransaction(http, merchant);
    const submitted = await disputeAfter(http, merchant, dispute.id, 'evidence', { product_description: 'Shoes.', submit: true });
    expect(submitted.status).toBe('under_review');
    for (const action of ['evidence', 'submit', 'accept'] as const) {
      const refused = await disputeAction(http, merchant, dispute.id, action, action === 'evidence' ? { explanation: 'more' } : undefined);
      expectProblem(refused, 422, 'dispute_not_editable');
      expect(refused.body.detail).toContain('under_review');
    }
  });

  it('evidence fields replace what was given, null clears one, documents add up', async () => {
    const merchant = await sandboxTwin();
    const { dispute } = await disputedTransaction(http, merchant);
    await disputeAfter(http, merchant, dispute.id, 'evidence', { product_description: 'Shoes.', refund_policy: 'Thirty days.' });
    const second = await disputeAfter(http, merchant, dispute.id, 'evidence', {
      product_description: 'Blue shoes.',
      refund_policy: null,
      documents: [{ filename: 'a.pdf', content_type: 'application/pdf', data: PDF_BASE64 }],
    });
    const third = await disputeAfter(http, merchant, dispute.id, 'evidence', {
      documents: [{ filename: 'b.pdf', content_type: 'application/pdf', data: PDF_BASE64 }],
    });
    expect(second.evidence).toMatchObject({ product_description: 'Blue shoes.', refund_policy: null });
    expect(third.evidence.product_description).toBe('Blue shoes.');
    expect(third.evidence.documents.map((document) => document.filename)).toEqual(['a.pdf', 'b.pdf']);
    expect(new Set(third.evidence.documents.map((document) => document.id)).size).toBe(2);
  });
});

describe('opening a dispute (sandbox)', () => {
  it('refuses a second open dispute, more than is disputable, nothing captured, a past deadline and live keys', async () => {
    const merchant = await sandboxTwin();
    const { tx, dispute } = await disputedTransaction(http, merchant, { body: { amount: 30_000 } });
    const again = await openDispute(http, merchant, tx.id, { amount: 1 });
    expectProblem(again, 409, 'dispute_already_open');
    expect(again.body.detail).toContain(dispute.id);
    // A refund of disputed money is refused while the dispute is open; the rest may be refunded.
    expectProblem(await transactionAction(http, merchant, tx.id, 'refund', { amount: 50_001 }), 422, 'refund_exceeds_captured');
    expect(await refund(http, merchant, tx.id)).toMatchObject({ refunded_amount: 50_000, refundable_amount: 0, disputed_amount: 30_000 });

    const other = await authorizedTransaction(http, merchant, { total: 10_000 });
    const nothing = await openDispute(http, merchant, other.id);
    expectProblem(nothing, 422, 'dispute_amount_exceeds_disputable');
    expect(nothing.body.detail).toBe(
      `Transaction ${other.id} has nothing left to dispute: it is authorized, with 0 captured, 0 refunded and 0 disputed. Capture it first.`,
    );
    expect(nothing.body.errors).toBeUndefined();
    await capture(http, merchant, other.id, 10_000);
    const tooMuch = await openDispute(http, merchant, other.id, { amount: 10_001 });
    expectProblem(tooMuch, 422, 'dispute_amount_exceeds_disputable');
    expect(tooMuch.body.errors).toEqual([{ pointer: '/amount', detail: 'must be at most 10000' }]);
    const past = await openDispute(http, merchant, other.id, { response_due_by: '2020-01-01T00:00:00Z' });
    expectProblem(past, 400, 'invalid_request');
    expect(past.body.errors).toEqual([{ pointer: '/response_due_by', detail: 'must be in the future and within a year' }]);
    expectProblem(await openDispute(http, merchant, other.id, { response_due_by: '9999-12-31T23:59:59+14:00' }), 400, 'invalid_request');
    const live = await http.post(`/v2/sandbox/transactions/${other.id}/dispute`, { auth: liveBearer(merchant), body: {} });
    expectProblem(live, 403, 'sandbox_only');
    expectProblem(await openDispute(http, merchant, 'txn_doesnotexist'), 404, 'resource_not_found');
  });

  it('a won dispute frees its amount: another may be opened on the same transaction', async () => {
    const merchant = await sandboxTwin();
    const { tx, dispute } = await disputedTransaction(http, merchant, { body: { amount: 5_000 } });
    await disputeAfter(http, merchant, dispute.id, 'evidence', { explanation: 'winning_evidence', submit: true });
    const second = await openedDispute(http, merchant, tx.id, { reason: 'duplicate' });
    expect(second).toMatchObject({ amount: 80_000, reason: 'duplicate', status: 'needs_response' });
  });
});

describe('whose disputes', () => {
  it('another merchant cannot see, answer or learn of a dispute; lists filter by status and transaction', async () => {
    const merchant = await sandboxTwin();
    const stranger = await sandboxTwin();
    const { tx, dispute } = await disputedTransaction(http, merchant, { total: 10_000 });
    const { dispute: accepted } = await disputedTransaction(http, merchant, { total: 10_000 });
    await disputeAfter(http, merchant, accepted.id, 'accept');

    expectProblem(await http.get(`/v2/disputes/${dispute.id}`, { auth: stranger.bearer }), 404, 'resource_not_found');
    for (const action of ['evidence', 'submit', 'accept'] as const) {
      expectProblem(
        await disputeAction(http, stranger, dispute.id, action, action === 'evidence' ? { explanation: 'x' } : undefined),
        404,
        'resource_not_found',
      );
    }
    expectProblem(await openDispute(http, stranger, tx.id), 404, 'resource_not_found');
    expect((await http.get('/v2/disputes', { auth: stranger.bearer })).body.data).toEqual([]);
    expect((await http.get(`/v2/disputes?merchant=${merchant.id}`, { auth: stranger.bearer })).body.data).toEqual([]);
    expect((await http.get('/v2/disputes', { auth: liveBearer(merchant) })).body.data).toEqual([]);

    const ids = async (query: string) => ((await http.get(`/v2/disputes${query}`, { auth: merchant.bearer })).body.data as Dispute[]).map((d) => d.id);
    expect(await ids('')).toEqual([accepted.id, dispute.id]);
    expect(await ids('?status=needs_response')).toEqual([dispute.id]);
    expect(await ids('?status=accepted')).toEqual([accepted.id]);
    expect(await ids(`?transaction=${tx.id}`)).toEqual([dispute.id]);
    expect(await ids(`?created[gte]=${encodeURIComponent(dispute.created)}&limit=1`)).toEqual([accepted.id]);
    expectProblem(await http.get('/v2/disputes?status=open', { auth: merchant.bearer }), 400, 'invalid_request');
  });
});
