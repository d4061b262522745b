// findOwned answers what findOne({ where: { id, merchantId, livemode } }) answers, from a statement
// built once; here on a temporary SQLite file (the contract suite runs it on both databases).
import { describe, expect, it } from 'vitest';
import { findOwned } from '../../src/data/find-owned.js';
import { createMerchant } from '../../src/domain/merchants.js';
import { systemClock } from '../../src/kernel/clock.js';
import { checkoutBody } from '../factories/checkouts.js';
import { useScratchSqlite } from '../helpers/scratch-sqlite.js';

const scratch = useScratchSqlite();

describe('findOwned', () => {
  it("returns the owner's object as findOne would, and nothing for another merchant or the other mode", async () => {
    const create = (name: string) =>
      scratch.sequelize.transaction((transaction) => createMerchant({ models: scratch.models, clock: systemClock, transaction, requestId: null }, { name }));
    const [mine, theirs] = [await create('Mine'), await create('Theirs')];
    const body = checkoutBody();
    const created = await scratch.models.Checkout.create({
      id: 'chk_findowned1',
      merchantId: mine.id,
      livemode: false,
      status: 'open',
      planId: null,
      declineCategory: null,
      transactionId: null,
      authorizationTtlSeconds: null,
      orderId: body.order_id,
      currency: body.currency,
      items: body.items,
      shippingAmount: 0,
      taxAmount: 0,
      discountAmount: 0,
      totalAmount: body.total_amount,
      customer: body.customer,
      confirmUrl: body.confirm_url,
      cancelUrl: body.cancel_url,
      metadata: { note: 'x' },
      createdAt: new Date('2026-11-25T12:00:00.123Z'),
      expiresAt: new Date('2026-11-26T12:00:00.123Z'),
    });
    const found = await findOwned(scratch.models.Checkout, { merchantId: mine.id, livemode: false }, created.id);
    const viaFindOne = await scratch.models.Checkout.findOne({ where: { id: created.id, merchantId: mine.id, livemode: false } });
    expect(found).toBeInstanceOf(scratch.models.Checkout);
    expect(found!.get({ plain: true })).toEqual(viaFindOne!.get({ plain: true }));
    expect(found!.items).toEqual(body.items);
    expect(found!.createdAt).toEqual(new Date('2026-11-25T12:00:00.123Z'));
    expect(found!.livemode).toBe(false);
    expect(await findOwned(scratch.models.Checkout, { merchantId: theirs.id, livemode: false }, created.id)).toBeNull();
    expect(await findOwned(scratch.models.Checkout, { merchantId: mine.id, livemode: true }, created.id)).toBeNull();
    expect(await findOwned(scratch.models.Checkout, { merchantId: mine.id, livemode: false }, 'chk_missing')).toBeNull();
  });
});
