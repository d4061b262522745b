// The ledger over v2: every capture and refund books one balance entry with its fee by the
// published rule (domain/fees.ts), `GET /v2/balance` is the sum of the entries, lists filter and
// page like every list, and one merchant never sees another's entries. The entries are immutable
// in the database itself, and a live capture stays pending for two days.
import { describe, expect, it } from 'vitest';
import type { components } from '../../../generated/v2/client.js';
import { balanceOf as ledgerBalance } from '../../../src/domain/ledger.js';
import { fixedClock } from '../../../src/kernel/clock.js';
import { makeMerchant, type TestMerchant } from '../../factories/merchants.js';
import { makePartner } from '../../factories/partners.js';
import { authorizedTransaction, capture, capturedLiveTransaction, refund, voidTransaction } from '../../factories/transactions.js';
import { appWithMerchant } from '../../helpers/app.js';
import { expectProblem } from '../../helpers/problem.js';
import { DAY_MS } from '../../helpers/transactions.js';

type BalanceEntry = components['schemas']['BalanceEntry'];
type Balance = components['schemas']['Balance'];

const { evenpay, http } = appWithMerchant('Ledger Test Co');

/** The standard line-up with a fee on every plan: monthly_12 at 3.99 % + 30, the sandbox's. */
const feePlans = () =>
  [
    { planId: 'pay_in_4', type: 'pay_in_4', installmentCount: 4, aprBps: 0, minAmount: 3_500, maxAmount: 150_000, feeRateBps: 599, feeFixedAmount: 30 },
    {
      planId: 'monthly_12',
      type: 'monthly',
      installmentCount: 12,
      aprBps: 1_500,
      minAmount: 50_000,
      maxAmount: 3_000_000,
      feeRateBps: 399,
      feeFixedAmount: 30,
    },
  ] as const;

const merchantWithFees = (options: { partnerId?: string } = {}) =>
  makeMerchant(evenpay.services.models, { name: 'Fee Paying Co', planTerms: feePlans().map((term) => ({ ...term })), ...options });

async function entriesOf(merchant: TestMerchant, query = ''): Promise<BalanceEntry[]> {
  const res = await http.get(`/v2/balance-entries?limit=100${query}`, { auth: merchant.bearer });
  expect(res.status).toBe(200);
  return res.body.data as BalanceEntry[];
}

async function balanceOf(merchant: TestMerchant): Promise<Balance> {
  const res = await http.get('/v2/balance', { auth: merchant.bearer });
  expect(res.status).toBe(200);
  return res.body as Balance;
}

const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);

describe('balance entries', () => {
  it('books a capture and a refund with the fee by the published rule: 80000 on monthly_12, then 20000 back', async () => {
    const merchant = await merchantWithFees();
    const tx = await authorizedTransaction(http, merchant, { total: 80_000, plan_id: 'monthly_12' });
    expect(await entriesOf(merchant)).toEqual([]);
    await capture(http, merchant, tx.id);
    await refund(http, merchant, tx.id, 20_000);

    const [refunded, captured] = await entriesOf(merchant);
    // 3.99 % of 80000 is 3192, plus 30; at 60000 the fee held is 2394 + 30, so the refund returns 798.
    expect(captured).toMatchObject({ object: 'balance_entry', type: 'capture', livemode: false, currency: 'USD', amount: 80_000, fee: 3_222, net: 76_778 });
    expect(refunded).toMatchObject({ type: 'refund', amount: -20_000, fee: -798, net: -19_202 });
    for (const entry of [captured!, refunded!]) {
      expect(entry).toMatchObject({ source: tx.id, transaction: tx.id });
      expect(entry.id).toMatch(/^bal_/);
      expect(entry.available_on).toBe(entry.created); // test mode: available at once
    }
    expect(await balanceOf(merchant)).toEqual({
      object: 'balance',
      livemode: false,
      available: [{ currency: 'USD', amount: 57_576 }],
      pending: [{ currency: 'USD', amount: 0 }],
    });
  });

  it('returns every fee cent on a full refund, however the captures and refunds were split', async () => {
    const merchant = await merchantWithFees();
    const tx = await authorizedTransaction(http, merchant, { total: 15_005, plan_id: 'pay_in_4' });
    await capture(http, merchant, tx.id, 5_001);
    await capture(http, merchant, tx.id, 10_004);
    await refund(http, merchant, tx.id, 7);
    await refund(http, merchant, tx.id, 14_000);
    await refund(http, merchant, tx.id);
    const entries = await entriesOf(merchant, `&source=${tx.id}`);
    expect(entries.map((e) => e.type)).toEqual(['refund', 'refund', 'refund', 'capture', 'capture']);
    expect(sum(entries.map((e) => e.amount))).toBe(0);
    expect(sum(entries.map((e) => e.fee))).toBe(0);
    // Split captures cost what one would: 5.99 % of 15005 is 898.7995 → 899, plus 30.
    expect(sum(entries.filter((e) => e.type === 'capture').map((e) => e.fee))).toBe(929);
    for (const e of entries) {
      expect(e.net).toBe(e.amount - e.fee);
      expect(Math.sign(e.fee) * Math.sign(e.amount)).not.toBe(-1);
    }
    expect((await balanceOf(merchant)).available).toEqual([{ currency: 'USD', amount: 0 }]);
  });

  it('charges nothing on a plan without a fee, and nothing for an authorization or a void', async () => {
    const merchant = await makeMerchant(evenpay.services.models, { name: 'No Fee Co' });
    const voided = await authorizedTransaction(http, merchant, { total: 10_000 });
    await voidTransaction(http, merchant, voided.id);
    const tx = await authorizedTransaction(http, merchant, { total: 10_000 });
    await capture(http, merchant, tx.id, 2_500);
    expect(await entriesOf(merchant)).toEqual([expect.objectContaining({ type: 'capture', amount: 2_500, fee: 0, net: 2_500, source: tx.id })]);
  });

  it('filters by type, source and creation time, and pages with cursors', async () => {
    const merchant = await merchantWithFees();
    const first = await authorizedTransaction(http, merchant, { total: 10_000, plan_id: 'pay_in_4' });
    const second = await authorizedTransaction(http, merchant, { total: 10_000, plan_id: 'pay_in_4' });
    await capture(http, merchant, first.id);
    await capture(http, merchant, second.id);
    await refund(http, merchant, first.id, 1_000);
    const all = await entriesOf(merchant);
    expect(all).toHaveLength(3);
    expect((await entriesOf(merchant, '&type=refund')).map((e) => e.id)).toEqual([all[0]!.id]);
    expect((await entriesOf(merchant, '&type=capture')).map((e) => e.id)).toEqual([all[1]!.id, all[2]!.id]);
    expect((await entriesOf(merchant, `&source=${first.id}`)).map((e) => e.type)).toEqual(['refund', 'capture']);
    expect(await entriesOf(merchant, `&created[gt]=${encodeURIComponent(new Date(Date.now() + DAY_MS).toISOString())}`)).toEqual([]);
    expect(await entriesOf(merchant, `&created[lte]=${encodeURIComponent(new Date(Date.now() + DAY_MS).toISOString())}`)).toHaveLength(3);

    const page = await http.get('/v2/balance-entries?limit=2', { auth: merchant.bearer });
    expect(page.body).toMatchObject({ object: 'list', url: '/v2/balance-entries', has_more: true });
    const next = await http.get(`/v2/balance-entries?limit=2&starting_after=${page.body.data[1].id}`, { auth: merchant.bearer });
    expect(next.body).toMatchObject({ has_more: false, data: [{ id: all[2]!.id }] });
    expectProblem(await http.get('/v2/balance-entries?type=bogus', { auth: merchant.bearer }), 400, 'invalid_request');
    expectProblem(await http.get('/v2/balance-entries?starting_after=bal_doesNotExist1', { auth: merchant.bearer }), 400, 'invalid_cursor');
  });

  it("never shows one merchant another's entries, nor lets it page from one", async () => {
    const owner = await merchantWithFees();
    const other = await merchantWithFees();
    const tx = await authorizedTransaction(http, owner, { total: 10_000, plan_id: 'pay_in_4' });
    await capture(http, owner, tx.id);
    const [entry] = await entriesOf(owner);
    expect(await entriesOf(other)).toEqual([]);
    expect(await entriesOf(other, `&source=${tx.id}`)).toEqual([]);
    expect((await balanceOf(other)).available).toEqual([]);
    expectProblem(await http.get(`/v2/balance-entries?starting_after=${entry!.id}`, { auth: other.bearer }), 400, 'invalid_cursor');
  });

  it("books the partner's revenue share on its merchants' entries, fixed when the transaction was authorized", async () => {
    const partner = await makePartner(evenpay.services.models, { revenueShareBps: 2_500 });
    const merchant = await merchantWithFees({ partnerId: partner.id });
    const tx = await authorizedTransaction(http, merchant, { total: 80_000, plan_id: 'monthly_12' });
    await capture(http, merchant, tx.id);
    const acting = await http.get('/v2/balance-entries', { auth: partner.bearer, headers: { 'Evenpay-Merchant': merchant.id } });
    expect(acting.status).toBe(200);
    expect(acting.body.data).toEqual([expect.objectContaining({ amount: 80_000, fee: 3_222 })]);
    const row = await evenpay.services.models.BalanceEntry.findOne({ where: { transactionId: tx.id } });
    // 25 % of 3222 is 805.5: ties go to Evenpay.
    expect(row).toMatchObject({ partnerId: partner.id, partnerShare: 805 });
    expectProblem(await http.get('/v2/balance', { auth: partner.bearer, headers: { 'Evenpay-Merchant': 'mer_notMine1234567890' } }), 404, 'merchant_not_found');
  });
});

describe('the ledger in the database', () => {
  it('refuses to change or delete a balance entry: the triggers of migration 0012', async () => {
    const merchant = await merchantWithFees();
    const tx = await authorizedTransaction(http, merchant, { total: 10_000, plan_id: 'pay_in_4' });
    await capture(http, merchant, tx.id);
    const { BalanceEntry } = evenpay.services.models;
    const sequelize = BalanceEntry.sequelize!;
    // The driver's own error (Sequelize wraps SQLite's as a generic "Validation error").
    const refusal = (statement: string) =>
      sequelize.query(statement, { replacements: [tx.id] }).then(
        () => 'done',
        (error: { parent?: Error }) => error.parent?.message,
      );
    expect(await refusal('UPDATE balance_entries SET amount = 1 WHERE transaction_id = ?')).toMatch(/balance entries are immutable/);
    expect(await refusal('DELETE FROM balance_entries WHERE transaction_id = ?')).toMatch(/balance entries are immutable/);
    expect(await BalanceEntry.findOne({ where: { transactionId: tx.id } })).toMatchObject({ amount: 10_000 });
  });

  it('keeps a live capture pending for two days, and takes a live refund at once', async () => {
    const merchant = await merchantWithFees();
    const { models, uow } = evenpay.services;
    const created = new Date('2031-05-04T10:00:00.000Z');
    const clock = fixedClock(created);
    const owner = { merchantId: merchant.id, livemode: true };
    await capturedLiveTransaction({ models, uow }, merchant.id, clock);
    const read = { models, uow, clock };
    expect(await ledgerBalance(read, owner)).toEqual({ available: [{ currency: 'USD', amount: 0 }], pending: [{ currency: 'USD', amount: 9_371 }] });
    clock.advance(2 * DAY_MS - 1);
    expect((await ledgerBalance(read, owner)).pending).toEqual([{ currency: 'USD', amount: 9_371 }]);
    clock.advance(1);
    expect(await ledgerBalance(read, owner)).toEqual({ available: [{ currency: 'USD', amount: 9_371 }], pending: [{ currency: 'USD', amount: 0 }] });
    // The test-mode balance of the same merchant is another ledger.
    expect(await ledgerBalance(read, { merchantId: merchant.id, livemode: false })).toEqual({ available: [], pending: [] });
  });
});
