// The ledger's invariants as properties, over random sequences of captures, refunds, voids,
// sandbox payout runs (some refused, some failing) and disputes (opened, won, lost) on random fee
// terms and revenue shares, through the API, on each database:
// - no entry ever changes: every entry seen before an operation is identical after it (its
//   `payout` aside, which a payout fills in once), and an operation adds exactly the entries it
//   should: one per capture or refund, one per payout (two when it fails), one per dispute opened
//   (its hold) and won (its release), none when refused or lost;
// - the balance is the sum of the entries, and every captured cent is paid out, in the balance
//   (available or pending), a fee or a dispute not won: captured − refunded − disputed = paid out +
//   balance + fees held;
// - a payout's entries, its own included, sum to zero;
// - per transaction, the entries sum to its totals and to the fee the published rule holds on
//   them (domain/fees.ts `feeHeld`), and so does the partner's share.
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { components } from '../../generated/v2/client.js';
import { feeHeld } from '../../src/domain/fees.js';
import { makeMerchant, type TestMerchant } from '../factories/merchants.js';
import { makePartner } from '../factories/partners.js';
import { authorizedTransaction, type Transaction, transactionAction } from '../factories/transactions.js';
import { appWithMerchant } from '../helpers/app.js';

type BalanceEntry = components['schemas']['BalanceEntry'];
type Payout = components['schemas']['Payout'];

const { evenpay, http } = appWithMerchant('Ledger Properties Co');

const TOTALS = [3_500, 10_001, 149_999] as const;

const operation = fc.record({
  kind: fc.constantFrom('capture', 'refund', 'void', 'payout', 'failed payout', 'dispute', 'win', 'lose'),
  tx: fc.nat({ max: TOTALS.length - 1 }),
  // undefined: "all that is left"; otherwise anything up to a bit more than the largest total, so
  // some requests are refused for asking too much.
  amount: fc.option(fc.integer({ min: 1, max: 160_000 }), { nil: undefined }),
});

const terms = fc.record({
  feeRateBps: fc.integer({ min: 0, max: 1_500 }),
  feeFixedAmount: fc.integer({ min: 0, max: 5_000 }),
  revenueShareBps: fc.integer({ min: 0, max: 10_000 }),
});

async function allEntries(merchant: TestMerchant): Promise<BalanceEntry[]> {
  const entries: BalanceEntry[] = [];
  for (let after: string | undefined; ; ) {
    const res = await http.get(`/v2/balance-entries?limit=100${after ? `&starting_after=${after}` : ''}`, { auth: merchant.bearer });
    expect(res.status).toBe(200);
    entries.push(...(res.body.data as BalanceEntry[]));
    if (!res.body.has_more) return entries;
    after = entries.at(-1)!.id;
  }
}

const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);

describe('the ledger, as properties over random operation sequences', () => {
  it('never changes an entry, sums to the balance, and accounts for every captured cent', async () => {
    await fc.assert(
      fc.asyncProperty(terms, fc.array(operation, { minLength: 1, maxLength: 12 }), async (fee, operations) => {
        const { models } = evenpay.services;
        const partner = await makePartner(models, { revenueShareBps: fee.revenueShareBps });
        const plan = { planId: 'pay_in_4', type: 'pay_in_4', installmentCount: 4, aprBps: 0, minAmount: 1, maxAmount: 200_000 } as const;
        const merchant = await makeMerchant(models, {
          name: 'Random Fees Co',
          partnerId: partner.id,
          planTerms: [{ ...plan, feeRateBps: fee.feeRateBps, feeFixedAmount: fee.feeFixedAmount }],
        });
        const transactions: Transaction[] = [];
        for (const total of TOTALS) transactions.push(await authorizedTransaction(http, merchant, { total, plan_id: 'pay_in_4' }));

        const payouts: Payout[] = [];
        let before = await allEntries(merchant);
        for (const { kind, tx, amount } of operations) {
          let expected: number;
          if (kind === 'payout' || kind === 'failed payout') {
            const body = kind === 'failed payout' ? { failure_code: 'could_not_process' } : undefined;
            const res = await http.post('/v2/sandbox/payouts/run', {
              auth: merchant.bearer,
              headers: { 'Idempotency-Key': randomUUID() },
              ...(body ? { body } : {}),
            });
            expect(res.status).toBe(200);
            const made = res.body.data as Payout[];
            payouts.push(...made);
            expected = made.reduce((count, payout) => count + (payout.status === 'failed' ? 2 : 1), 0);
          } else if (kind === 'dispute') {
            const target = transactions[tx]!;
            const res = await http.post(`/v2/sandbox/transactions/${target.id}/dispute`, {
              auth: merchant.bearer,
              headers: { 'Idempotency-Key': randomUUID() },
              body: amount === undefined ? {} : { amount },
            });
            expect([200, 409, 422]).toContain(res.status);
            expected = res.status === 200 ? 1 : 0;
          } else if (kind === 'win' || kind === 'lose') {
            const target = transactions[tx]!;
            const open = (await http.get(`/v2/disputes?transaction=${target.id}&status=needs_response`, { auth: merchant.bearer })).body.data;
            expected = 0;
            if (open.length) {
              const explanation = kind === 'win' ? 'winning_evidence' : 'losing_evidence';
              const res = await http.post(`/v2/disputes/${open[0].id}/evidence`, {
                auth: merchant.bearer,
                headers: { 'Idempotency-Key': randomUUID() },
                body: { explanation, submit: true },
              });
              expect(res.body.status).toBe(kind === 'win' ? 'won' : 'lost');
              expected = kind === 'win' ? 1 : 0;
            }
          } else {
            const target = transactions[tx]!;
            const res = await transactionAction(http, merchant, target.id, kind, kind === 'void' || amount === undefined ? undefined : { amount });
            expect([200, 422]).toContain(res.status);
            expected = res.status === 200 && kind !== 'void' ? 1 : 0;
            if (expected === 1) expect((await allEntries(merchant))[0]).toMatchObject({ type: kind, source: target.id, transaction: target.id });
          }
          const after = await allEntries(merchant);
          // Newest first: what was there before is the tail, unchanged field for field (a payout
          // fills in `payout` on what it settles, once).
          const added = after.length - before.length;
          expect(added).toBe(expected);
          const unpaid = (entry: BalanceEntry) => ({ ...entry, payout: null });
          expect(after.slice(added).map(unpaid)).toEqual(before.map(unpaid));
          after.slice(added).forEach((entry, i) => {
            if (before[i]!.payout !== null) expect(entry.payout).toBe(before[i]!.payout);
          });
          before = after;
        }

        const balance = (await http.get('/v2/balance', { auth: merchant.bearer })).body as components['schemas']['Balance'];
        const inBalance = sum([...balance.available, ...balance.pending].map((line) => line.amount));
        expect(inBalance).toBe(sum(before.map((entry) => entry.net)));

        let feesHeld = 0;
        let netCaptured = 0;
        for (const { id } of transactions) {
          const tx = (await http.get(`/v2/transactions/${id}`, { auth: merchant.bearer })).body as Transaction;
          const entries = before.filter((entry) => entry.transaction === id);
          const rows = await models.BalanceEntry.findAll({ where: { transactionId: id } });
          const totals = { capturedAmount: tx.captured_amount, refundedAmount: tx.refunded_amount };
          const held = feeHeld({ feeRateBps: fee.feeRateBps, feeFixedAmount: fee.feeFixedAmount, partnerShareBps: fee.revenueShareBps }, totals);
          expect(sum(entries.map((entry) => entry.amount))).toBe(tx.captured_amount - tx.refunded_amount - tx.disputed_amount);
          expect(sum(entries.map((entry) => entry.fee))).toBe(held.fee);
          expect(sum(rows.map((row) => row.partnerShare))).toBe(held.partnerShare);
          for (const entry of entries) expect(entry.net).toBe(entry.amount - entry.fee);
          feesHeld += held.fee;
          netCaptured += tx.captured_amount - tx.refunded_amount - tx.disputed_amount;
        }
        const paidOut = sum(payouts.filter((payout) => payout.status === 'paid').map((payout) => payout.amount));
        expect(paidOut + inBalance + feesHeld).toBe(netCaptured);
        for (const payout of payouts) {
          const settled = before.filter((entry) => entry.payout === payout.id);
          expect(sum(settled.map((entry) => entry.net))).toBe(0);
          expect(sum(payout.entry_totals.map((line) => line.net))).toBe(payout.amount);
        }
      }),
      { numRuns: 25 },
    );
  }, 240_000);
});
