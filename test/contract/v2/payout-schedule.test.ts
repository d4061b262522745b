// The daily payout schedule, on a database of its own (it pays out every merchant it finds): the
// last cut-off, one payout per merchant and period even with two runs at once, later entries
// waiting for the next cut-off, and a live payout made two days after its capture, pending until
// its arrival date, then paid.
import { describe, expect, it } from 'vitest';
import type { components } from '../../../generated/v2/client.js';
import { lastCutoff, runPayoutSchedule } from '../../../src/domain/payouts.js';
import { fixedClock } from '../../../src/kernel/clock.js';
import { makeSandboxTwin } from '../../factories/merchants.js';
import { authorizedTransaction, capture, capturedLiveTransaction } from '../../factories/transactions.js';
import { appWithMerchantOnOwnDatabase } from '../../helpers/app.js';

type Payout = components['schemas']['Payout'];

const { evenpay, http } = appWithMerchantOnOwnDatabase('Payout Schedule Co', 'payout_schedule');

const sandboxTwin = (options: { partnerId?: string } = {}) => makeSandboxTwin(evenpay.services.models, options);

describe('the daily payout schedule', () => {
  it('finds the last cut-off: today at the set time once it has passed, else yesterday', () => {
    expect(lastCutoff(new Date('2031-05-04T10:00:00Z'), '00:00')).toEqual({ cutoff: new Date('2031-05-04T00:00:00Z'), period: '2031-05-04' });
    expect(lastCutoff(new Date('2031-05-04T10:00:00Z'), '18:30')).toEqual({ cutoff: new Date('2031-05-03T18:30:00Z'), period: '2031-05-03' });
    expect(lastCutoff(new Date('2031-05-04T18:30:00Z'), '18:30')).toEqual({ cutoff: new Date('2031-05-04T18:30:00Z'), period: '2031-05-04' });
  });

  it('pays each merchant once per period, what was available by the cut-off, even with two runs at once', async () => {
    const merchant = await sandboxTwin();
    const tx = await authorizedTransaction(http, merchant, { total: 10_000, plan_id: 'pay_in_4' });
    await capture(http, merchant, tx.id);
    const { models, uow } = evenpay.services;
    // Tomorrow at 00:30 UTC: today's entries were available by tomorrow's 00:00 cut-off.
    const tomorrow = new Date(Date.now() + 24 * 60 * 60 * 1000);
    const clock = fixedClock(`${tomorrow.toISOString().slice(0, 10)}T00:30:00.000Z`);
    const read = { models, uow, clock };
    const [a, b] = await Promise.all([runPayoutSchedule(read, { cutoffUtc: '00:00' }), runPayoutSchedule(read, { cutoffUtc: '00:00' })]);
    const mine = [...a!, ...b!].filter((payout) => payout.merchantId === merchant.id);
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ status: 'paid', amount: 9_371, period: tomorrow.toISOString().slice(0, 10) });
    // A later capture waits for the next day's cut-off.
    const later = await authorizedTransaction(http, merchant, { total: 10_000, plan_id: 'pay_in_4' });
    await capture(http, merchant, later.id);
    clock.advance(60 * 60 * 1000);
    expect((await runPayoutSchedule(read, { cutoffUtc: '00:00' })).filter((payout) => payout.merchantId === merchant.id)).toEqual([]);
    const listed = (await http.get('/v2/payouts', { auth: merchant.bearer })).body.data as Payout[];
    expect(listed.map((payout) => payout.period)).toEqual([tomorrow.toISOString().slice(0, 10)]);
  });

  it('pays a live merchant two days after its capture, pending until the next day, then paid with its events', async () => {
    const merchant = await sandboxTwin();
    const { models, uow } = evenpay.services;
    const clock = fixedClock('2031-05-04T10:00:00.000Z');
    const read = { models, uow, clock };
    await capturedLiveTransaction({ models, uow }, merchant.id, clock);
    const live = (payout: { merchantId: string; livemode: boolean }) => payout.merchantId === merchant.id && payout.livemode;

    // Available on 05-06 at 10:00: not by the 05-06 00:00 cut-off, so paid after 05-07's.
    clock.set('2031-05-06T12:00:00.000Z');
    expect((await runPayoutSchedule(read, { cutoffUtc: '00:00' })).filter(live)).toEqual([]);
    clock.set('2031-05-07T00:05:00.000Z');
    const [payout, ...more] = (await runPayoutSchedule(read, { cutoffUtc: '00:00' })).filter(live);
    expect(more).toEqual([]);
    expect(payout).toMatchObject({ status: 'pending', amount: 9_371, period: '2031-05-07', arrivalDate: new Date('2031-05-08T00:00:00.000Z') });
    clock.set('2031-05-07T23:59:59.999Z');
    await runPayoutSchedule(read, { cutoffUtc: '00:00' });
    expect(await models.Payout.findByPk(payout!.seq)).toMatchObject({ status: 'pending' });
    clock.set('2031-05-08T00:00:00.000Z');
    await runPayoutSchedule(read, { cutoffUtc: '00:00' });
    expect(await models.Payout.findByPk(payout!.seq)).toMatchObject({ status: 'paid' });
    const events = await models.Event.findAll({ where: { objectId: payout!.id }, order: [['seq', 'ASC']] });
    expect(events.map((event) => event.type)).toEqual(['payout.created', 'payout.paid']);
  });
});
