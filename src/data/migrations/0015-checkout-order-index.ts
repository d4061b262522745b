import type { QueryInterface } from 'sequelize';

// GET /v2/checkouts?order_id= finds an order's checkouts: an index on the owner's order ids, in
// the list's order.
export async function up({ context: qi }: { context: QueryInterface }): Promise<void> {
  await qi.addIndex('checkouts', ['merchant_id', 'livemode', 'order_id', 'seq'], { name: 'checkouts_order' });
}

export async function down({ context: qi }: { context: QueryInterface }): Promise<void> {
  await qi.removeIndex('checkouts', 'checkouts_order');
}
