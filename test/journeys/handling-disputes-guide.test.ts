// docs/guides/handling-disputes.md's sandbox walk, run: a merchant with the sandbox merchant's
// fees (seed.ts) captures 80000 on monthly_12, the sandbox's consumer disputes 20000, the merchant
// answers with winning evidence and a document, and downloads it back. The JSON the guide shows is
// what the API answers (its fields: ids and times differ), and the balance comes back after the win.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../scripts/lib/apis.js';
import { disputeAfter, openedDispute, PDF_BASE64 } from '../factories/disputes.js';
import { makeSandboxTwin } from '../factories/merchants.js';
import { authorizedTransaction, capture } from '../factories/transactions.js';
import { appWithMerchant } from '../helpers/app.js';

const { evenpay, http } = appWithMerchant('Disputes Guide Co');

const guide = () => readFileSync(path.join(repoRoot, 'docs', 'guides', 'handling-disputes.md'), 'utf8');

/** The JSON blocks the guide marks as checked by this file, in order. */
function checkedBlocks(): unknown[] {
  const marked = /<!-- checked by test\/journeys\/handling-disputes-guide\.test\.ts[^>]*-->\n```json\n([\s\S]*?)\n```/g;
  return [...guide().matchAll(marked)].map((match) => JSON.parse(match[1]!));
}

describe('the disputes guide', () => {
  it('shows the dispute, the balance with its hold and the won dispute the API answers', async () => {
    const [opened, balance, won, download] = checkedBlocks();
    expect(download).toBeDefined();
    const merchant = await makeSandboxTwin(evenpay.services.models);
    const tx = await authorizedTransaction(http, merchant, { total: 80_000, plan_id: 'monthly_12' });
    await capture(http, merchant, tx.id, 80_000);

    const dispute = await openedDispute(http, merchant, tx.id, { amount: 20_000, reason: 'not_received' });
    expect(dispute).toMatchObject(opened as object);
    expect((await http.get('/v2/balance', { auth: merchant.bearer })).body).toEqual(balance);

    const after = await disputeAfter(http, merchant, dispute.id, 'evidence', {
      shipping_carrier: 'UPS',
      shipping_tracking_number: '1Z999AA10123456784',
      shipping_date: '2026-11-20',
      explanation: 'winning_evidence',
      documents: [{ filename: 'receipt.pdf', content_type: 'application/pdf', data: PDF_BASE64 }],
      submit: true,
    });
    expect(after).toMatchObject(won as object);
    expect((await http.get('/v2/balance', { auth: merchant.bearer })).body.available).toEqual([{ currency: 'USD', amount: 76_778 }]);
    expect(guide()).toContain('shows 76778 available again');

    // The document, downloaded back after the dispute closed: the headers the guide shows, the bytes sent.
    const [document] = after.evidence.documents;
    const res = await http.get(`/v2/disputes/${dispute.id}/documents/${document!.id}`, { auth: merchant.bearer });
    expect(res.status).toBe(200);
    expect(res.headers).toMatchObject(download as object);
    expect(
      createHash('sha256')
        .update(res.body as Buffer)
        .digest('hex'),
    ).toBe(document!.sha256);
    expect((res.body as Buffer).equals(Buffer.from(PDF_BASE64, 'base64'))).toBe(true);
  });
});
