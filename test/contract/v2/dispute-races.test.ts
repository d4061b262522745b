// Disputes under concurrency (issue 20), on both databases: racing opens, evidence, submissions,
// acceptances and refunds on one transaction take turns under the row locks (domain/disputes.ts),
// so exactly one of two conflicting answers wins and the money always adds up.
import { describe, expect, it } from 'vitest';
import type { components } from '../../../generated/v2/client.js';
import { disputeAction, disputedTransaction, openDispute, PDF_BASE64 } from '../../factories/disputes.js';
import { makeSandboxTwin } from '../../factories/merchants.js';
import { authorizedTransaction, capture, eventsOf, transactionAction } from '../../factories/transactions.js';
import { appWithMerchant } from '../../helpers/app.js';

type Dispute = components['schemas']['Dispute'];

const { evenpay, http } = appWithMerchant('Dispute Races Co');
const CONCURRENCY = 12;
const statuses = (results: { status: number }[]) => results.map((res) => res.status).sort();

describe('concurrent requests on one dispute', () => {
  it('submit and accept at once: one wins, the other is refused, one closing event', async () => {
    const merchant = await makeSandboxTwin(evenpay.services.models);
    const { dispute } = await disputedTransaction(http, merchant);
    await disputeAction(http, merchant, dispute.id, 'evidence', { explanation: 'winning_evidence' });
    const results = await Promise.all([
      ...Array.from({ length: CONCURRENCY / 2 }, () => disputeAction(http, merchant, dispute.id, 'submit')),
      ...Array.from({ length: CONCURRENCY / 2 }, () => disputeAction(http, merchant, dispute.id, 'accept')),
    ]);
    const ok = results.filter((res) => res.status === 200);
    expect(ok).toHaveLength(1);
    expect(results.filter((res) => res.status === 422).every((res) => res.body.code === 'dispute_not_editable')).toBe(true);
    const final = (await http.get(`/v2/disputes/${dispute.id}`, { auth: merchant.bearer })).body as Dispute;
    expect(final.status).toBe((ok[0]!.body as Dispute).status);
    expect(['won', 'accepted']).toContain(final.status);
    const closed = (await eventsOf(http, merchant, dispute.id)).filter((event) => event.type === 'dispute.closed');
    expect(closed).toHaveLength(1);
    // Won releases the hold once; accepted keeps it.
    const entries = (await http.get(`/v2/balance-entries?source=${dispute.id}`, { auth: merchant.bearer })).body.data as { type: string }[];
    expect(entries.map((entry) => entry.type)).toEqual(final.status === 'won' ? ['dispute_release', 'dispute_hold'] : ['dispute_hold']);
  });

  it('evidence with documents at once: every document kept once, none past the limit of 10', async () => {
    const merchant = await makeSandboxTwin(evenpay.services.models);
    const { dispute } = await disputedTransaction(http, merchant);
    const document = (n: number) => ({ filename: `receipt-${n}.pdf`, content_type: 'application/pdf', data: PDF_BASE64 });
    const results = await Promise.all(
      Array.from({ length: CONCURRENCY }, (_, n) => disputeAction(http, merchant, dispute.id, 'evidence', { documents: [document(n)] })),
    );
    expect(statuses(results)).toEqual([...Array(10).fill(200), 400, 400]);
    const kept = ((await http.get(`/v2/disputes/${dispute.id}`, { auth: merchant.bearer })).body as Dispute).evidence.documents;
    expect(kept).toHaveLength(10);
    expect(new Set(kept.map((doc) => doc.filename)).size).toBe(10);
    expect(await evenpay.services.models.DisputeDocument.count({ where: { disputeId: dispute.id } })).toBe(10);
  });
});

describe('concurrent requests on one transaction', () => {
  it('opens at once: one dispute, the rest refused as already open; one hold', async () => {
    const merchant = await makeSandboxTwin(evenpay.services.models);
    const tx = await authorizedTransaction(http, merchant, { total: 10_000 });
    await capture(http, merchant, tx.id, 10_000);
    const results = await Promise.all(Array.from({ length: CONCURRENCY }, () => openDispute(http, merchant, tx.id, { amount: 4_000 })));
    expect(statuses(results)).toEqual([200, ...Array(CONCURRENCY - 1).fill(409)]);
    expect((await http.get(`/v2/transactions/${tx.id}`, { auth: merchant.bearer })).body).toMatchObject({ disputed_amount: 4_000, refundable_amount: 6_000 });
    const holds = (await http.get('/v2/balance-entries?type=dispute_hold', { auth: merchant.bearer })).body.data;
    expect(holds).toHaveLength(1);
  });

  it('refunds racing an open: refunded + disputed never exceeds what was captured', async () => {
    const merchant = await makeSandboxTwin(evenpay.services.models);
    const tx = await authorizedTransaction(http, merchant, { total: 10_000 });
    await capture(http, merchant, tx.id, 10_000);
    const results = await Promise.all([
      openDispute(http, merchant, tx.id, { amount: 6_000 }),
      ...Array.from({ length: CONCURRENCY - 1 }, () => transactionAction(http, merchant, tx.id, 'refund', { amount: 1_000 })),
    ]);
    const after = (await http.get(`/v2/transactions/${tx.id}`, { auth: merchant.bearer })).body;
    expect(after.refunded_amount + after.disputed_amount).toBeLessThanOrEqual(10_000);
    expect(after.refunded_amount).toBe(1_000 * results.slice(1).filter((res) => res.status === 200).length);
    expect(after.disputed_amount).toBe(results[0]!.status === 200 ? 6_000 : 0);
    expect(results.every((res) => res.status === 200 || res.status === 422)).toBe(true);
    // The ledger agrees: the transaction's entries net to what was captured less refunds, fees and the hold.
    const entries = (await http.get(`/v2/balance-entries?limit=100`, { auth: merchant.bearer })).body.data as { transaction: string; amount: number }[];
    const moved = entries.filter((entry) => entry.transaction === tx.id).reduce((sum, entry) => sum + entry.amount, 0);
    expect(moved).toBe(10_000 - after.refunded_amount - after.disputed_amount);
  });
});
