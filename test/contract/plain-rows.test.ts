// Plain rows (data/plain-rows.ts) hold exactly the values Sequelize's instances hold, for every
// model and every row a realistic flow writes — amounts, booleans, timestamps to the millisecond,
// JSON documents, NULLs — on each engine. The hot reads (data/find-owned.ts) depend on it.
import type { Model, ModelStatic } from 'sequelize';
import { describe, expect, it } from 'vitest';
import { selectRows } from '../../src/data/driver.js';
import { findOwned } from '../../src/data/find-owned.js';
import { insertPlain } from '../../src/data/insert-plain.js';
import { rowShapeOf } from '../../src/data/plain-rows.js';
import { checkoutBody } from '../factories/checkouts.js';
import { disputedTransaction } from '../factories/disputes.js';
import { authorizedTransaction, canceledCheckout, capture, openCheckout } from '../factories/transactions.js';
import { appWithMerchantOnOwnDatabase } from '../helpers/app.js';

const { evenpay, http, merchant } = appWithMerchantOnOwnDatabase('Plain Rows', 'plainrows');

describe('plain rows read through the driver', () => {
  it('equal the instances Sequelize reads, for every row of every model', async () => {
    await openCheckout(http, merchant);
    await canceledCheckout(http, merchant);
    const partly = await authorizedTransaction(http, merchant);
    await capture(http, merchant, partly.id, 1_000);
    await disputedTransaction(http, merchant);
    const res = await http.post('/v2/webhook-endpoints', { auth: merchant.bearer, body: { url: 'http://127.0.0.1:9/hooks', enabled_events: ['*'] } });
    expect(res.status, JSON.stringify(res.body)).toBe(201);

    const { sequelize, models } = evenpay.services;
    let compared = 0;
    for (const model of Object.values(models) as ModelStatic<Model>[]) {
      const shape = rowShapeOf(model);
      const key = shape.quote(model.primaryKeyAttributes.map((name) => model.getAttributes()[name]!.field ?? name)[0]!);
      const raw = await selectRows(sequelize, `SELECT ${shape.columns} FROM ${shape.table} ORDER BY ${key}`, []);
      const instances = await model.findAll({ order: [[model.primaryKeyAttributes[0]!, 'ASC']] });
      expect(
        raw.map((row) => shape.plain(row)),
        model.name,
      ).toEqual(instances.map((instance) => instance.get({ plain: true })));
      compared += raw.length;
    }
    expect(compared).toBeGreaterThan(20);
    for (const table of ['transactions', 'checkouts', 'events', 'disputes', 'balance_entries']) {
      const [{ n }] = (await selectRows(sequelize, `SELECT COUNT(*) AS n FROM ${table}`, [])) as [{ n: number }];
      expect(Number(n), table).toBeGreaterThan(0);
    }
  });

  it("find one of the owner's objects by id, and none of another owner's or mode's", async () => {
    const tx = await authorizedTransaction(http, merchant);
    const { models } = evenpay.services;
    const owner = { merchantId: merchant.id, livemode: false };
    const found = await findOwned(models.Transaction, owner, tx.id);
    const instance = await models.Transaction.findOne({ where: { id: tx.id } });
    expect(found).toEqual(instance!.get({ plain: true }));
    expect(found).not.toBeInstanceOf(models.Transaction);
    expect(await findOwned(models.Transaction, { ...owner, livemode: true }, tx.id)).toBeNull();
    expect(await findOwned(models.Transaction, { ...owner, merchantId: 'mer_someoneelse' }, tx.id)).toBeNull();
    expect(await findOwned(models.Transaction, owner, 'txn_missing')).toBeNull();
  });

  it('are written as Sequelize writes them, and returned as they read back', async () => {
    const { models, uow } = evenpay.services;
    const body = checkoutBody();
    const values = {
      id: `chk_plain${Date.now()}`,
      merchantId: merchant.id,
      livemode: true,
      status: 'open' as const,
      planId: null,
      declineCategory: null,
      transactionId: null,
      authorizationTtlSeconds: 90,
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
      metadata: { note: 'ünïcødé "quoted"' },
      createdAt: new Date('2026-11-25T12:00:00.123Z'),
      expiresAt: new Date('2026-11-26T12:00:00.987Z'),
    };
    const inserted = await uow.transaction((transaction) => insertPlain(models.Checkout, transaction, values));
    const read = await models.Checkout.findOne({ where: { id: values.id } });
    expect(inserted).toEqual(read!.get({ plain: true }));
    expect(inserted.seq).toBeGreaterThan(0);
    expect(inserted).toMatchObject({ livemode: true, metadata: values.metadata, items: body.items, expiresAt: values.expiresAt });
  });
});
