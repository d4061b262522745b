// The operator's `disputes` commands (issue 20): a live dispute comes from the lender, so the
// operator records it (`disputes open`, its amount held) and, once the merchant's evidence is
// under review, the lender's decision (`disputes decide`: won releases the hold, lost is final).
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EvenpayApp } from '../../src/app.js';
import { systemClock } from '../../src/kernel/clock.js';
import { makeMerchant } from '../factories/merchants.js';
import { capturedLiveTransaction, liveBearer } from '../factories/transactions.js';
import { startTestApp } from '../helpers/app.js';
import { api, type Http } from '../helpers/http.js';
import { runOperatorOn } from '../helpers/operator.js';

let evenpay: EvenpayApp;
let http: Http;

beforeAll(async () => {
  evenpay = await startTestApp();
  http = api(evenpay.app);
});
afterAll(() => evenpay.close());

const operator = (...argv: string[]) => runOperatorOn(evenpay, argv);

describe('npm run operator -- disputes', () => {
  it('opens a live dispute, and records the decision on its submitted evidence', async () => {
    const merchant = await makeMerchant(evenpay.services.models, { name: 'Live Dispute Shop' });
    const tx = await capturedLiveTransaction(evenpay.services, merchant.id, systemClock);
    const balance = async () => (await http.get('/v2/balance', { auth: liveBearer(merchant) })).body;
    const before = await balance();

    const opened = await operator('disputes', 'open', tx.id, '--amount', '4000', '--reason', 'not_as_described', '--json');
    expect(opened.code, opened.err).toBe(0);
    const dispute = JSON.parse(opened.out) as { id: string; status: string; amount: number };
    expect(dispute).toMatchObject({ object: 'dispute', status: 'needs_response', amount: 4_000 });
    const held = await balance();
    expect(held.available[0].amount + held.pending[0].amount).toBe(before.available[0].amount + before.pending[0].amount - 4_000);

    // Live evidence stays under review until the lender decides: no sandbox magic.
    const submitted = await http.post(`/v2/disputes/${dispute.id}/evidence`, {
      auth: liveBearer(merchant),
      headers: { 'Idempotency-Key': randomUUID() },
      body: { explanation: 'winning_evidence', submit: true },
    });
    expect(submitted.body).toMatchObject({ livemode: true, status: 'under_review' });
    const decided = await operator('disputes', 'decide', dispute.id, '--outcome', 'won');
    expect(decided).toMatchObject({ code: 0, out: `Dispute ${dispute.id} is won.` });
    expect(await balance()).toEqual(before);

    const again = await operator('disputes', 'decide', dispute.id, '--outcome', 'lost');
    expect(again.code).toBe(1);
    expect(again.err).toContain(`Dispute ${dispute.id} is won: only a dispute under_review can be decided.`);
  });

  it('refuses what cannot be disputed, and bad arguments, with an exit code that says which', async () => {
    const merchant = await makeMerchant(evenpay.services.models, { name: 'Live Dispute Shop 2' });
    const tx = await capturedLiveTransaction(evenpay.services, merchant.id, systemClock);
    expect(await operator('disputes', 'open', tx.id, '--amount', '10001')).toMatchObject({
      code: 1,
      err: expect.stringContaining('disputable amount of 10000'),
    });
    expect(await operator('disputes', 'open', 'txn_nosuch')).toMatchObject({ code: 1, err: expect.stringContaining('No transaction txn_nosuch exists.') });
    expect((await operator('disputes', 'open', tx.id, '--amount', '12.50')).code).toBe(2);
    expect((await operator('disputes', 'decide', 'dp_nosuch', '--outcome', 'maybe')).code).toBe(2);
  });
});
