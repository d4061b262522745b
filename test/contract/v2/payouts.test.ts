// Payouts over v2: the sandbox run pays the available balance out (issue 19's "capture 80000 on
// monthly_12, refund 20000, run payouts"), a payout's entries sum to zero with its own, a failed
// payout's money comes back and goes out with the next, a negative balance waits, and live keys
// and other merchants are refused. (The daily schedule: payout-schedule.test.ts.)
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { components } from '../../../generated/v2/client.js';
import { makeSandboxTwin, type TestMerchant } from '../../factories/merchants.js';
import { makePartner } from '../../factories/partners.js';
import { authorizedTransaction, capture, liveBearer, refund } from '../../factories/transactions.js';
import { appWithMerchant } from '../../helpers/app.js';
import { expectProblem } from '../../helpers/problem.js';

type Payout = components['schemas']['Payout'];
type BalanceEntry = components['schemas']['BalanceEntry'];

const { evenpay, http } = appWithMerchant('Payouts Test Co');

const sandboxTwin = (options: { partnerId?: string } = {}) => makeSandboxTwin(evenpay.services.models, options);

async function runPayouts(merchant: TestMerchant, body?: object, key = randomUUID()) {
  return http.post('/v2/sandbox/payouts/run', { auth: merchant.bearer, headers: { 'Idempotency-Key': key }, ...(body ? { body } : {}) });
}

async function paidOut(merchant: TestMerchant, body?: object): Promise<Payout[]> {
  const res = await runPayouts(merchant, body);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.data as Payout[];
}

async function entries(merchant: TestMerchant, query = ''): Promise<BalanceEntry[]> {
  const res = await http.get(`/v2/balance-entries?limit=100${query}`, { auth: merchant.bearer });
  expect(res.status).toBe(200);
  return res.body.data as BalanceEntry[];
}

const available = async (merchant: TestMerchant) => (await http.get('/v2/balance', { auth: merchant.bearer })).body.available;
const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);

describe('POST /v2/sandbox/payouts/run', () => {
  it('pays out captures − refunds − fees by the published rule: 80000 on monthly_12, 20000 refunded → 57576', async () => {
    const merchant = await sandboxTwin();
    const tx = await authorizedTransaction(http, merchant, { total: 80_000, plan_id: 'monthly_12' });
    await capture(http, merchant, tx.id, 80_000);
    await refund(http, merchant, tx.id, 20_000);

    const [payout, ...more] = await paidOut(merchant);
    expect(more).toEqual([]);
    expect(payout).toMatchObject({ object: 'payout', livemode: false, status: 'paid', currency: 'USD', amount: 57_576, period: null, failure_code: null });
    expect(payout!.entry_totals).toEqual([
      { type: 'capture', count: 1, amount: 80_000, fee: 3_222, net: 76_778 },
      { type: 'refund', count: 1, amount: -20_000, fee: -798, net: -19_202 },
    ]);
    expect(sum(payout!.entry_totals.map((line) => line.net))).toBe(payout!.amount);
    expect(payout!.amount).toBe(80_000 - 20_000 - (3_222 - 798));

    // The payout's entries, its own included, sum to zero; each names the payout.
    const settled = await entries(merchant, `&payout=${payout!.id}`);
    expect(settled.map((entry) => entry.type)).toEqual(['payout', 'refund', 'capture']);
    expect(sum(settled.map((entry) => entry.net))).toBe(0);
    expect(settled.every((entry) => entry.payout === payout!.id)).toBe(true);
    expect(settled[0]).toMatchObject({ amount: -57_576, fee: 0, net: -57_576, source: payout!.id, transaction: null });
    expect(await available(merchant)).toEqual([{ currency: 'USD', amount: 0 }]);

    expect((await http.get(`/v2/payouts/${payout!.id}`, { auth: merchant.bearer })).body).toEqual(payout);
    expect((await http.get('/v2/payouts', { auth: merchant.bearer })).body).toMatchObject({ object: 'list', has_more: false, data: [payout] });
    expect((await http.get('/v2/payouts?status=paid', { auth: merchant.bearer })).body.data).toEqual([payout]);
    expect((await http.get('/v2/payouts?status=failed', { auth: merchant.bearer })).body.data).toEqual([]);
    // Nothing is left to pay out.
    expect(await paidOut(merchant)).toEqual([]);

    // Made pending, then paid at once: an event for each, with the payout as it stood.
    const events = (await http.get('/v2/events?limit=100', { auth: merchant.bearer })).body.data as components['schemas']['Event'][];
    const aboutPayout = events.filter((event) => event.data.object.id === payout!.id);
    expect(aboutPayout.map((event) => [event.type, (event.data.object as Payout).status])).toEqual([
      ['payout.paid', 'paid'],
      ['payout.created', 'pending'],
    ]);
    expect(aboutPayout[1]!.data.object).toEqual({ ...payout, status: 'pending' });
  });

  it('fails every payout of a run asked to (failure_code), puts the money back, and pays it with the next run', async () => {
    const merchant = await sandboxTwin();
    const tx = await authorizedTransaction(http, merchant, { total: 10_000, plan_id: 'pay_in_4' });
    await capture(http, merchant, tx.id);
    const [failed] = await paidOut(merchant, { failure_code: 'account_closed' });
    expect(failed).toMatchObject({ status: 'failed', amount: 9_371, failure_code: 'account_closed', failure_message: 'The bank account has been closed.' });
    // 10000 − (599 + 30): back in the balance by a payout_failure entry, which no payout settled yet.
    expect(await available(merchant)).toEqual([{ currency: 'USD', amount: 9_371 }]);
    const [back] = await entries(merchant, '&type=payout_failure');
    expect(back).toMatchObject({ amount: 9_371, net: 9_371, source: failed!.id, payout: null });

    const failedEvents = await http.get('/v2/events?type=payout.failed', { auth: merchant.bearer });
    expect(failedEvents.body.data).toEqual([expect.objectContaining({ type: 'payout.failed', data: { object: failed } })]);

    const [retried] = await paidOut(merchant);
    expect(retried).toMatchObject({ status: 'paid', amount: 9_371, entry_totals: [{ type: 'payout_failure', count: 1, amount: 9_371, fee: 0, net: 9_371 }] });
    expect(await available(merchant)).toEqual([{ currency: 'USD', amount: 0 }]);
    // The capture stays settled by the failed payout: entries never change.
    expect((await entries(merchant, '&type=capture'))[0]!.payout).toBe(failed!.id);
  });

  it('pays nothing while refunds leave the balance at zero or below, and pays once captures bring it above', async () => {
    const merchant = await sandboxTwin();
    const tx = await authorizedTransaction(http, merchant, { total: 10_000, plan_id: 'pay_in_4' });
    await capture(http, merchant, tx.id);
    expect(await paidOut(merchant)).toHaveLength(1);
    await refund(http, merchant, tx.id, 4_000);
    expect(await paidOut(merchant)).toEqual([]);
    expect(await available(merchant)).toEqual([{ currency: 'USD', amount: -(4_000 - 240) }]);
    const next = await authorizedTransaction(http, merchant, { total: 10_000, plan_id: 'pay_in_4' });
    await capture(http, merchant, next.id);
    const [payout] = await paidOut(merchant);
    // 9371 (the capture's net; its fee is 599 + 30) − 3760 (the refund took 4000, 240 of fee came back).
    expect(payout).toMatchObject({ amount: 9_371 - 3_760 });
  });

  it('replays under its Idempotency-Key, and refuses a live key, a bad failure code and another merchant', async () => {
    const merchant = await sandboxTwin();
    const tx = await authorizedTransaction(http, merchant, { total: 10_000, plan_id: 'pay_in_4' });
    await capture(http, merchant, tx.id);
    const key = randomUUID();
    const first = await runPayouts(merchant, undefined, key);
    const again = await runPayouts(merchant, undefined, key);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toEqual(first.body);
    expect((await http.get('/v2/payouts', { auth: merchant.bearer })).body.data).toHaveLength(1);

    // The same key with another body; and a key whose first request is still running.
    expectProblem(await runPayouts(merchant, { failure_code: 'account_closed' }, key), 422, 'idempotency_key_reused');
    const inFlight = randomUUID();
    const body = { failure_code: 'account_frozen' };
    await evenpay.services.idempotency.claim({
      principalId: merchant.id,
      merchantId: merchant.id,
      livemode: false,
      key: inFlight,
      operationId: 'runSandboxPayouts',
      request: { params: {}, body },
    });
    const busy = await runPayouts(merchant, body, inFlight);
    expectProblem(busy, 409, 'idempotency_request_in_flight');
    expect(busy.headers['retry-after']).toBeDefined();

    const live = await http.post('/v2/sandbox/payouts/run', { auth: liveBearer(merchant), headers: { 'Idempotency-Key': randomUUID() } });
    expectProblem(live, 403, 'sandbox_only');
    expectProblem(await runPayouts(merchant, { failure_code: 'bank_exploded' }), 400, 'invalid_request');

    const other = await sandboxTwin();
    const payoutId = first.body.data[0].id as string;
    expectProblem(await http.get(`/v2/payouts/${payoutId}`, { auth: other.bearer }), 404, 'resource_not_found');
    expect(await entries(other, `&payout=${payoutId}`)).toEqual([]);
    expectProblem(await http.get('/v2/payouts/po_doesNotExist1', { auth: merchant.bearer }), 404, 'resource_not_found');
  });

  it("runs for a partner's merchant when the partner acts for it", async () => {
    const partner = await makePartner(evenpay.services.models);
    const merchant = await sandboxTwin({ partnerId: partner.id });
    const tx = await authorizedTransaction(http, merchant, { total: 10_000, plan_id: 'pay_in_4' });
    await capture(http, merchant, tx.id);
    const acting = { auth: partner.bearer, headers: { 'Evenpay-Merchant': merchant.id, 'Idempotency-Key': randomUUID() } };
    const res = await http.post('/v2/sandbox/payouts/run', acting);
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual([expect.objectContaining({ amount: 9_371, status: 'paid' })]);
    expectProblem(
      await http.post('/v2/sandbox/payouts/run', {
        ...acting,
        headers: { ...acting.headers, 'Evenpay-Merchant': 'mer_notMine1234567890', 'Idempotency-Key': randomUUID() },
      }),
      404,
      'merchant_not_found',
    );
  });
});
