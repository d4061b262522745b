import { DataTypes, type QueryInterface } from 'sequelize';
import { longText } from '../columns.js';

const money = { type: DataTypes.BIGINT, allowNull: false };
const timestamp = (allowNull = false) => ({ type: DataTypes.DATE(3), allowNull });

export async function up({ context: qi }: { context: QueryInterface }): Promise<void> {
  await qi.addColumn('checkouts', 'plan_id', { type: DataTypes.STRING(32), allowNull: true });
  await qi.addColumn('checkouts', 'decline_category', { type: DataTypes.STRING(32), allowNull: true });
  await qi.addColumn('checkouts', 'transaction_id', { type: DataTypes.STRING(64), allowNull: true });
  await qi.addColumn('checkouts', 'authorization_ttl_seconds', { type: DataTypes.INTEGER, allowNull: true });
  // The sweeper looks for open checkouts past their expiry.
  await qi.addIndex('checkouts', ['status', 'expires_at']);

  await qi.createTable('transactions', {
    seq: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
    id: { type: DataTypes.STRING(64), allowNull: false, unique: true },
    merchant_id: { type: DataTypes.STRING(40), allowNull: false, references: { model: 'merchants', key: 'id' } },
    livemode: { type: DataTypes.BOOLEAN, allowNull: false },
    // One transaction per checkout, enforced by the database across every replica.
    checkout_id: { type: DataTypes.STRING(64), allowNull: false, unique: true },
    status: { type: DataTypes.STRING(32), allowNull: false },
    order_id: { type: DataTypes.STRING(128), allowNull: false },
    currency: { type: DataTypes.CHAR(3), allowNull: false },
    amount: money,
    captured_amount: money,
    refunded_amount: money,
    plan_id: { type: DataTypes.STRING(32), allowNull: false },
    plan_type: { type: DataTypes.STRING(16), allowNull: false },
    installment_count: { type: DataTypes.INTEGER, allowNull: false },
    apr_bps: { type: DataTypes.INTEGER, allowNull: false },
    shipping_carrier: { type: DataTypes.STRING(100), allowNull: true },
    shipping_tracking_number: { type: DataTypes.STRING(100), allowNull: true },
    authorization_expires_at: timestamp(),
    first_captured_at: timestamp(true),
    voided_at: timestamp(true),
    expired_at: timestamp(true),
    created_at: timestamp(),
    updated_at: timestamp(),
  });
  await qi.addIndex('transactions', ['merchant_id', 'livemode', 'seq']);
  await qi.addIndex('transactions', ['merchant_id', 'livemode', 'status', 'seq']);
  await qi.addIndex('transactions', ['status', 'authorization_expires_at']);

  await qi.createTable('events', {
    seq: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
    id: { type: DataTypes.STRING(64), allowNull: false, unique: true },
    merchant_id: { type: DataTypes.STRING(40), allowNull: false, references: { model: 'merchants', key: 'id' } },
    livemode: { type: DataTypes.BOOLEAN, allowNull: false },
    type: { type: DataTypes.STRING(64), allowNull: false },
    object_type: { type: DataTypes.STRING(32), allowNull: false },
    object_id: { type: DataTypes.STRING(64), allowNull: false },
    amount: { type: DataTypes.BIGINT, allowNull: true },
    request_id: { type: DataTypes.STRING(64), allowNull: true },
    snapshot: { type: longText(qi.sequelize), allowNull: false },
    created_at: timestamp(),
  });
  await qi.addIndex('events', ['merchant_id', 'livemode', 'seq']);
  await qi.addIndex('events', ['merchant_id', 'livemode', 'type', 'seq']);
  await qi.addIndex('events', ['object_id', 'seq']);
}

export async function down({ context: qi }: { context: QueryInterface }): Promise<void> {
  await qi.dropTable('events');
  await qi.dropTable('transactions');
  await qi.removeIndex('checkouts', ['status', 'expires_at']);
  for (const column of ['authorization_ttl_seconds', 'transaction_id', 'decline_category', 'plan_id']) {
    await qi.removeColumn('checkouts', column);
  }
}
