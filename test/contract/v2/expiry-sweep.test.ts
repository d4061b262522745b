// The background sweep (run every 30 s by src/server.ts) expires what nobody touches, with the
// same events a read or write would have produced.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EvenpayApp } from '../../../src/app.js';
import { expireDueCheckouts } from '../../../src/domain/consumer-actions.js';
import type { SweepOutcome } from '../../../src/domain/sweep.js';
import { expireLapsedAuthorizations } from '../../../src/domain/transactions.js';
import { fixedClock } from '../../../src/kernel/clock.js';
import { checkoutBody } from '../../factories/checkouts.js';
import { makeMerchant, type TestMerchant } from '../../factories/merchants.js';
import { startTestApp } from '../../helpers/app.js';
import { api } from '../../helpers/http.js';

const clock = fixedClock('2026-11-25T12:00:00Z');
let evenpay: EvenpayApp;
let http: ReturnType<typeof api>;
let merchant: TestMerchant;

beforeAll(async () => {
  evenpay = await startTestApp({ clock });
  http = api(evenpay.app);
  merchant = await makeMerchant(evenpay.services.models);
});
afterAll(() => evenpay.close());

describe('the expiry sweep', () => {
  it('expires open checkouts after 24 h and lapsed authorizations after 30 days, each with its event', async () => {
    clock.set('2026-11-25T12:00:00Z');
    const open = await http.post('/v2/checkouts', { auth: merchant.bearer, body: checkoutBody() });
    const toAuthorize = await http.post('/v2/checkouts', { auth: merchant.bearer, body: checkoutBody() });
    await http.post(`/v2/sandbox/checkouts/${toAuthorize.body.id}/confirm`, { auth: merchant.bearer, body: { plan_id: 'pay_in_4' } });
    const tx = await http.post('/v2/transactions', { auth: merchant.bearer, body: { checkout_id: toAuthorize.body.id } });
    const partly = await (async () => {
      const checkout = await http.post('/v2/checkouts', { auth: merchant.bearer, body: checkoutBody() });
      await http.post(`/v2/sandbox/checkouts/${checkout.body.id}/confirm`, { auth: merchant.bearer, body: { plan_id: 'pay_in_4' } });
      const authorized = await http.post('/v2/transactions', { auth: merchant.bearer, body: { checkout_id: checkout.body.id } });
      await http.post(`/v2/transactions/${authorized.body.id}/capture`, {
        auth: merchant.bearer,
        body: { amount: 1_000 },
        headers: { 'Idempotency-Key': `sweep-${authorized.body.id}` },
      });
      return authorized.body.id as string;
    })();
    const { models, uow } = evenpay.services;
    // Only this merchant's objects: the clock here runs a month ahead of the other test files'.
    const mine = { merchantId: merchant.id };

    // The sweep works a batch at a time: sweep until it is done.
    const sweepAll = async (run: () => Promise<SweepOutcome>) => {
      let total = 0;
      for (let round = 0; round < 100; round++) {
        const { changed, failed } = await run();
        expect(failed).toEqual([]);
        total += changed;
        if (changed === 0) return total;
      }
      throw new Error('the sweep never finished');
    };
    const statusOf = async (id: string) => (await models.Checkout.findOne({ where: { id } }))!.status;
    const txStatusOf = async (id: string) => (await models.Transaction.findOne({ where: { id } }))!.status;
    clock.advance(23 * 60 * 60 * 1000);
    await sweepAll(() => expireDueCheckouts({ models, uow, clock }, mine));
    expect(await statusOf(open.body.id)).toBe('open');
    clock.advance(2 * 60 * 60 * 1000);
    expect(await sweepAll(() => expireDueCheckouts({ models, uow, clock }, mine))).toBeGreaterThanOrEqual(1);
    expect(await statusOf(open.body.id)).toBe('expired');
    await sweepAll(() => expireLapsedAuthorizations({ models, uow, clock }, mine));
    expect(await txStatusOf(tx.body.id)).toBe('authorized');

    clock.advance(30 * 24 * 60 * 60 * 1000);
    expect(await sweepAll(() => expireLapsedAuthorizations({ models, uow, clock }, mine))).toBeGreaterThanOrEqual(2);
    const expired = await models.Transaction.findOne({ where: { id: tx.body.id } });
    expect(expired!.status).toBe('expired');
    const partlyCaptured = await models.Transaction.findOne({ where: { id: partly } });
    expect(partlyCaptured!.status).toBe('captured');
    expect(partlyCaptured!.capturedAmount).toBe(1_000);

    for (const [objectId, type] of [
      [open.body.id, 'checkout.expired'],
      [tx.body.id, 'transaction.expired'],
      [partly, 'transaction.expired'],
    ] as const) {
      const events = await models.Event.findAll({ where: { objectId, type } });
      expect(events).toHaveLength(1);
      expect(events[0]!.requestId).toBeNull();
    }
    // A second sweep changes nothing already expired: still one event each.
    await expireLapsedAuthorizations({ models, uow, clock }, mine);
    await expireDueCheckouts({ models, uow, clock }, mine);
    for (const objectId of [open.body.id, tx.body.id, partly]) {
      expect(await models.Event.count({ where: { objectId, type: [`checkout.expired`, 'transaction.expired'] } })).toBe(1);
    }
  });
});
