// docs/guides/reconciling-payouts.md's worked example, run: a merchant with the sandbox merchant's fees
// (seed.ts) captures 80000 on monthly_12, refunds 20000 and runs the sandbox payouts; the entries,
// the balance and the payout the API answers are the ones the guide shows, to the cent.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../scripts/lib/apis.js';
import { makeSandboxTwin } from '../factories/merchants.js';
import { authorizedTransaction, capture, refund } from '../factories/transactions.js';
import { appWithMerchant } from '../helpers/app.js';

const { evenpay, http } = appWithMerchant('Balance Guide Co');

const guide = () => readFileSync(path.join(repoRoot, 'docs', 'guides', 'reconciling-payouts.md'), 'utf8');
const marked = (language: string) =>
  new RegExp(`<!-- checked by test/journeys/reconciling-payouts-guide\\.test\\.ts[^>]*-->\\n\`\`\`${language}\\n([\\s\\S]*?)\\n\`\`\``, 'g');

/** The JSON blocks the guide marks as checked by this file, in order. */
function checkedBlocks(): unknown[] {
  return [...guide().matchAll(marked('json'))].map((match) => JSON.parse(match[1]!));
}

/** The guide's CSV block: its header, and per line what does not change between runs (ids and times do). */
function checkedCsv(): { header: string[]; lines: string[][] } {
  const [block] = [...guide().matchAll(marked('csv'))].map((match) => match[1]!);
  const [header, ...lines] = (block ?? '').split('\n').map((line) => line.split(','));
  return { header: header ?? [], lines };
}

/** type, amount, fee, net, partner_share, whether it has a transaction, whether a payout settled it. */
const stable = (header: string[], line: string[]) => [
  ...['type', 'amount', 'fee', 'net', 'partner_share'].map((column) => line[header.indexOf(column)]),
  line[header.indexOf('transaction')] !== '',
  line[header.indexOf('payout')] !== '',
];

describe('the balance guide', () => {
  it('shows the entries, the balance and the payout the API answers after its capture, refund and payout run', async () => {
    const [entries, balance, payouts] = checkedBlocks();
    expect(entries).toBeDefined();
    expect(balance).toBeDefined();
    expect(payouts).toBeDefined();
    const merchant = await makeSandboxTwin(evenpay.services.models);
    const tx = await authorizedTransaction(http, merchant, { total: 80_000, plan_id: 'monthly_12' });
    await capture(http, merchant, tx.id, 80_000);
    await refund(http, merchant, tx.id, 20_000);

    const listed = await http.get('/v2/balance-entries', { auth: merchant.bearer });
    expect(listed.body).toMatchObject(entries as object);
    expect(listed.body.data).toHaveLength((entries as { data: unknown[] }).data.length);
    expect((await http.get('/v2/balance', { auth: merchant.bearer })).body).toEqual(balance);

    const run = await http.post('/v2/sandbox/payouts/run', { auth: merchant.bearer });
    expect(run.body).toMatchObject(payouts as object);
    const [payout] = run.body.data;
    const settled = await http.get(`/v2/balance-entries?payout=${payout.id}`, { auth: merchant.bearer });
    expect(settled.body.data.map((entry: { type: string; amount: number }) => [entry.type, entry.amount])).toEqual([
      ['payout', -57_576],
      ['refund', -20_000],
      ['capture', 80_000],
    ]);

    const csv = checkedCsv();
    expect(csv.lines).toHaveLength(2);
    const day = `from=${new Date(Date.now() - 86_400_000).toISOString()}&to=${new Date(Date.now() + 60_000).toISOString()}`;
    const report = await http.get(`/v2/reports/settlement?${day}`, { auth: merchant.bearer, headers: { Accept: 'text/csv' } });
    const [header, ...lines] = report.text
      .trimEnd()
      .split('\n')
      .map((line: string) => line.split(','));
    expect(header).toEqual(csv.header);
    expect(lines.map((line: string[]) => stable(header!, line))).toEqual(csv.lines.map((line) => stable(csv.header, line)));
  });
});
