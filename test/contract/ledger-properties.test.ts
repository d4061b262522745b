// The ledger's invariants as properties, over random sequences of captures, refunds and voids
// (some of them refused) on random fee terms and revenue shares, through the API, on each
// database:
// - no entry ever changes: every entry seen before an operation is identical after it, and an
//   operation adds exactly one entry when it moves money, none when it is refused or moves none;
// - the balance is the sum of the entries, and every captured cent is either in the balance
//   (available or pending) or a fee: captured − refunded = balance + fees held;
// - per transaction, the entries sum to its totals and to the fee the published rule holds on
//   them (domain/fees.ts `feeHeld`), and so does the partner's share.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { components } from '../../generated/v2/client.js';
import { feeHeld } from '../../src/domain/fees.js';
import { makeMerchant, type TestMerchant } from '../factories/merchants.js';
import { makePartner } from '../factories/partners.js';
import { authorizedTransaction, type Transaction, transactionAction } from '../factories/transactions.js';
import { appWithMerchant } from '../helpers/app.js';

type BalanceEntry = components['schemas']['BalanceEntry'];

const { evenpay, http } = appWithMerchant('Ledger Properties Co');

const TOTALS = [3_500, 10_001, 149_999] as const;

const operation = fc.record({
  kind: fc.constantFrom('capture', 'refund', 'void'),
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

        let before = await allEntries(merchant);
        for (const { kind, tx, amount } of operations) {
          const target = transactions[tx]!;
          const res = await transactionAction(http, merchant, target.id, kind, kind === 'void' || amount === undefined ? undefined : { amount });
          expect([200, 422]).toContain(res.status);
          const after = await allEntries(merchant);
          // Newest first: what was there before is the tail, unchanged, field for field.
          const added = after.length - before.length;
          expect(after.slice(added)).toEqual(before);
          expect(added).toBe(res.status === 200 && kind !== 'void' ? 1 : 0);
          if (added === 1) expect(after[0]).toMatchObject({ type: kind, source: target.id, transaction: target.id });
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
          expect(sum(entries.map((entry) => entry.amount))).toBe(tx.captured_amount - tx.refunded_amount);
          expect(sum(entries.map((entry) => entry.fee))).toBe(held.fee);
          expect(sum(rows.map((row) => row.partnerShare))).toBe(held.partnerShare);
          for (const entry of entries) expect(entry.net).toBe(entry.amount - entry.fee);
          feesHeld += held.fee;
          netCaptured += tx.captured_amount - tx.refunded_amount;
        }
        expect(inBalance + feesHeld).toBe(netCaptured);
      }),
      { numRuns: 25 },
    );
  }, 240_000);
});
