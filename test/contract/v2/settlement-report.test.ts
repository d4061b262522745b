// The settlement report over v2: a period's entries oldest first with their transaction, order,
// checkout and payout, as JSON and as CSV (Accept), the lines of a payout summing to it (the
// payout itself is no line); one
// merchant's report holds only its entries; a partner's covers all its merchants with its
// revenue share, or one merchant it acts for.
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import type { components } from '../../../generated/v2/client.js';
import { makeSandboxTwin, type TestMerchant } from '../../factories/merchants.js';
import { makePartner } from '../../factories/partners.js';
import { authorizedTransaction, capture, refund } from '../../factories/transactions.js';
import { appWithMerchant } from '../../helpers/app.js';
import { expectProblem } from '../../helpers/problem.js';

type Report = components['schemas']['SettlementReport'];
type Line = components['schemas']['SettlementReportLine'];

const { evenpay, http } = appWithMerchant('Settlement Report Co');

const sandboxTwin = (options: { partnerId?: string } = {}) => makeSandboxTwin(evenpay.services.models, options);

const DAY_MS = 24 * 60 * 60 * 1000;
const today = () => {
  const now = Date.now();
  return `from=${new Date(now - DAY_MS).toISOString()}&to=${new Date(now + DAY_MS).toISOString()}`;
};
const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);

async function report(auth: string, query = today(), headers: Record<string, string> = {}): Promise<Report> {
  const res = await http.get(`/v2/reports/settlement?${query}`, { auth, headers });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  expect(res.headers['content-type']).toMatch(/^application\/json/);
  return res.body as Report;
}

/** The CSV, parsed: every value a string, empty for null. */
async function csvReport(auth: string, headers: Record<string, string> = {}): Promise<{ header: string[]; rows: string[][] }> {
  const res = await http.get(`/v2/reports/settlement?${today()}`, { auth, headers: { Accept: 'text/csv', ...headers } });
  expect(res.status).toBe(200);
  expect(res.headers['content-type']).toMatch(/^text\/csv/);
  const [header, ...rows] = parse(res.text) as string[][];
  return { header: header!, rows };
}

async function capturedRefundedPaidOut(merchant: TestMerchant) {
  const tx = await authorizedTransaction(http, merchant, { total: 80_000, plan_id: 'monthly_12', order_id: `ORD-${merchant.id}` });
  await capture(http, merchant, tx.id, 80_000);
  await refund(http, merchant, tx.id, 20_000);
  const run = await http.post('/v2/sandbox/payouts/run', { auth: merchant.bearer });
  return { tx, payout: run.body.data[0] as components['schemas']['Payout'] };
}

describe('GET /v2/reports/settlement', () => {
  it("lists the period's entries oldest first, each with its transaction, order, checkout and payout; a payout's lines sum to it", async () => {
    const merchant = await sandboxTwin();
    const { tx, payout } = await capturedRefundedPaidOut(merchant);
    const body = await report(merchant.bearer);
    expect(body).toMatchObject({ object: 'settlement_report', livemode: false });
    const common = { merchant: merchant.id, currency: 'USD', partner_share: null, payout: payout.id };
    const ofTx = { transaction: tx.id, order_id: `ORD-${merchant.id}`, checkout: tx.checkout_id };
    expect(body.lines).toEqual([
      expect.objectContaining({ ...common, ...ofTx, type: 'capture', amount: 80_000, fee: 3_222, net: 76_778 }),
      expect.objectContaining({ ...common, ...ofTx, type: 'refund', amount: -20_000, fee: -798, net: -19_202 }),
    ]);
    // The payout is the deposit its lines add up to, not a line.
    expect(sum(body.lines.filter((line) => line.payout === payout.id).map((line) => line.net))).toBe(payout.amount);
    expect(body.lines.every((line) => line.entry.startsWith('bal_'))).toBe(true);
  });

  it('answers CSV for Accept: text/csv: a header row, then the same lines, summing to the payout to the cent', async () => {
    const merchant = await sandboxTwin();
    const { payout } = await capturedRefundedPaidOut(merchant);
    const json = await report(merchant.bearer);
    const { header, rows } = await csvReport(merchant.bearer);
    expect(header).toEqual([
      'entry',
      'type',
      'merchant',
      'currency',
      'amount',
      'fee',
      'net',
      'partner_share',
      'transaction',
      'order_id',
      'checkout',
      'payout',
      'created',
      'available_on',
    ]);
    expect(rows).toEqual(json.lines.map((line) => header.map((column) => (line[column as keyof Line] === null ? '' : String(line[column as keyof Line])))));
    const net = header.indexOf('net');
    const paidBy = header.indexOf('payout');
    const type = header.indexOf('type');
    expect(rows.map((row) => row[type])).toEqual(['capture', 'refund']);
    expect(sum(rows.filter((row) => row[paidBy] === payout.id).map((row) => Number(row[net])))).toBe(payout.amount);
  });

  it('holds only the period asked for, and only the merchant asking', async () => {
    const merchant = await sandboxTwin();
    const other = await sandboxTwin();
    await capturedRefundedPaidOut(merchant);
    await capturedRefundedPaidOut(other);
    expect((await report(merchant.bearer)).lines.every((line) => line.merchant === merchant.id)).toBe(true);
    const future = `from=${new Date(Date.now() + DAY_MS).toISOString()}&to=${new Date(Date.now() + 2 * DAY_MS).toISOString()}`;
    expect((await report(merchant.bearer, future)).lines).toEqual([]);
    expectProblem(await http.get('/v2/reports/settlement?from=yesterday&to=2026-12-01T00:00:00Z', { auth: merchant.bearer }), 400, 'invalid_request');
    expectProblem(await http.get(`/v2/reports/settlement?to=${new Date().toISOString()}`, { auth: merchant.bearer }), 400, 'invalid_request');
  });

  it("gives a partner all its merchants' lines with its revenue share, or one merchant's when it acts for it", async () => {
    const partner = await makePartner(evenpay.services.models, { revenueShareBps: 2_000 });
    const first = await sandboxTwin({ partnerId: partner.id });
    const second = await sandboxTwin({ partnerId: partner.id });
    const outsider = await sandboxTwin();
    await capturedRefundedPaidOut(first);
    await capturedRefundedPaidOut(second);
    await capturedRefundedPaidOut(outsider);

    const all = await report(partner.bearer);
    expect(new Set(all.lines.map((line) => line.merchant))).toEqual(new Set([first.id, second.id]));
    // 20 % of 3222 = 644.4 → 644 on the capture; at 60000 the share held is 20 % of 2424 = 484.8 →
    // 485, so the refund takes 644 − 485 = 159 of it back.
    const captureLine = all.lines.find((line) => line.merchant === first.id && line.type === 'capture');
    const refundLine = all.lines.find((line) => line.merchant === first.id && line.type === 'refund');
    expect([captureLine?.partner_share, refundLine?.partner_share]).toEqual([644, -159]);

    const acting = await report(partner.bearer, today(), { 'Evenpay-Merchant': first.id });
    expect(acting.lines.map((line) => line.merchant)).toEqual([first.id, first.id]);
    expect(acting.lines.map((line) => line.partner_share)).toEqual([644, -159]);
    expect((await csvReport(partner.bearer)).rows).toHaveLength(all.lines.length);
    expectProblem(
      await http.get(`/v2/reports/settlement?${today()}`, { auth: partner.bearer, headers: { 'Evenpay-Merchant': outsider.id } }),
      404,
      'merchant_not_found',
    );
  });
});
