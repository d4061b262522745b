import { DataTypes, type QueryInterface } from 'sequelize';
import { longText } from '../columns.js';

const money = { type: DataTypes.BIGINT, allowNull: false };
const timestamp = (allowNull = false) => ({ type: DataTypes.DATE(3), allowNull });

export async function up({ context: qi }: { context: QueryInterface }): Promise<void> {
  const text = longText(qi.sequelize);
  await qi.createTable('merchants', {
    id: { type: DataTypes.STRING(40), primaryKey: true },
    name: { type: DataTypes.STRING(200), allowNull: false },
    currencies: { type: text, allowNull: false },
    created_at: timestamp(),
  });

  await qi.createTable('api_keys', {
    id: { type: DataTypes.STRING(40), primaryKey: true },
    merchant_id: { type: DataTypes.STRING(40), allowNull: false, references: { model: 'merchants', key: 'id' } },
    kind: { type: DataTypes.STRING(16), allowNull: false },
    livemode: { type: DataTypes.BOOLEAN, allowNull: false },
    token_hash: { type: DataTypes.CHAR(64), allowNull: false, unique: true },
    token_hint: { type: DataTypes.STRING(32), allowNull: false },
    publishable_token: { type: DataTypes.STRING(64), allowNull: true },
    created_at: timestamp(),
    revoked_at: timestamp(true),
  });
  await qi.addIndex('api_keys', ['merchant_id']);

  await qi.createTable('plan_terms', {
    id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
    merchant_id: { type: DataTypes.STRING(40), allowNull: false, references: { model: 'merchants', key: 'id' } },
    plan_id: { type: DataTypes.STRING(32), allowNull: false },
    type: { type: DataTypes.STRING(16), allowNull: false },
    installment_count: { type: DataTypes.INTEGER, allowNull: false },
    apr_bps: { type: DataTypes.INTEGER, allowNull: false },
    min_amount: money,
    max_amount: money,
    position: { type: DataTypes.INTEGER, allowNull: false },
  });
  await qi.addIndex('plan_terms', ['merchant_id', 'plan_id'], { unique: true });

  await qi.createTable('checkouts', {
    seq: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
    id: { type: DataTypes.STRING(64), allowNull: false, unique: true },
    merchant_id: { type: DataTypes.STRING(40), allowNull: false, references: { model: 'merchants', key: 'id' } },
    livemode: { type: DataTypes.BOOLEAN, allowNull: false },
    status: { type: DataTypes.STRING(32), allowNull: false },
    order_id: { type: DataTypes.STRING(128), allowNull: false },
    currency: { type: DataTypes.CHAR(3), allowNull: false },
    items: { type: text, allowNull: false },
    shipping_amount: money,
    tax_amount: money,
    discount_amount: money,
    total_amount: money,
    customer: { type: text, allowNull: false },
    confirm_url: { type: DataTypes.STRING(2048), allowNull: false },
    cancel_url: { type: DataTypes.STRING(2048), allowNull: false },
    metadata: { type: text, allowNull: false },
    created_at: timestamp(),
    expires_at: timestamp(),
  });
  // The list query: one merchant's objects in one mode, newest first.
  await qi.addIndex('checkouts', ['merchant_id', 'livemode', 'seq']);

  await qi.createTable('idempotency_keys', {
    id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
    merchant_id: { type: DataTypes.STRING(40), allowNull: false },
    livemode: { type: DataTypes.BOOLEAN, allowNull: false },
    idempotency_key: { type: DataTypes.STRING(255), allowNull: false },
    fingerprint: { type: DataTypes.CHAR(64), allowNull: false },
    operation_id: { type: DataTypes.STRING(64), allowNull: false },
    locked_at: timestamp(true),
    response_status: { type: DataTypes.INTEGER, allowNull: true },
    response_body: { type: text, allowNull: true },
    response_headers: { type: DataTypes.TEXT, allowNull: true },
    created_at: timestamp(),
    expires_at: timestamp(),
  });
  await qi.addIndex('idempotency_keys', ['merchant_id', 'livemode', 'idempotency_key'], {
    unique: true,
    name: 'idempotency_keys_scope_key',
  });
  await qi.addIndex('idempotency_keys', ['expires_at']);
}

export async function down({ context: qi }: { context: QueryInterface }): Promise<void> {
  for (const table of ['idempotency_keys', 'checkouts', 'plan_terms', 'api_keys', 'merchants']) {
    await qi.dropTable(table);
  }
}
