import { DataTypes, type QueryInterface } from 'sequelize';
import { longText } from '../columns.js';

// Partners acting for merchants, and merchants onboarded by API:
// - merchants: who they are (legal name, website, country, category, support email), the mode a
//   partner created them in (null: both, as an operator's merchants), the partner's own id for
//   them, and where their review stands (status, requirements, when the review is due);
// - plan_terms: the merchant fee of each plan offered (basis points plus a fixed amount);
// - events: the partner that made the request that caused the change;
// - idempotency_keys: the principal that sent the key (a merchant, or a partner acting for it):
//   keys are scoped per principal and merchant.
export async function up({ context: qi }: { context: QueryInterface }): Promise<void> {
  const text = longText(qi.sequelize);
  const nullableString = (length: number) => ({ type: DataTypes.STRING(length), allowNull: true });
  await qi.addColumn('merchants', 'livemode', { type: DataTypes.BOOLEAN, allowNull: true });
  await qi.addColumn('merchants', 'external_merchant_id', nullableString(128));
  await qi.addColumn('merchants', 'legal_name', nullableString(200));
  await qi.addColumn('merchants', 'website', nullableString(2048));
  await qi.addColumn('merchants', 'country', nullableString(2));
  await qi.addColumn('merchants', 'category_code', nullableString(4));
  await qi.addColumn('merchants', 'support_email', nullableString(254));
  await qi.addColumn('merchants', 'status', { type: DataTypes.STRING(32), allowNull: false, defaultValue: 'active' });
  await qi.addColumn('merchants', 'requirement_errors', { type: text, allowNull: true });
  await qi.addColumn('merchants', 'review_due_at', { type: DataTypes.DATE(3), allowNull: true });
  await qi.addColumn('merchants', 'updated_at', { type: DataTypes.DATE(3), allowNull: true });
  await qi.addIndex('merchants', ['partner_id', 'livemode', 'external_merchant_id'], { unique: true, name: 'merchants_partner_external_id' });
  await qi.addIndex('merchants', ['status', 'review_due_at'], { name: 'merchants_review_due' });
  // Insertion order for cursor lists (data/pagination.ts): MySQL numbers the rows in a new
  // AUTO_INCREMENT column; SQLite already has one, the implicit `rowid` (models/merchant.ts).
  if (qi.sequelize.getDialect() === 'mysql') await qi.sequelize.query('ALTER TABLE merchants ADD COLUMN seq BIGINT NOT NULL AUTO_INCREMENT UNIQUE');

  await qi.addColumn('plan_terms', 'fee_rate_bps', { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 });
  await qi.addColumn('plan_terms', 'fee_fixed_amount', { type: DataTypes.BIGINT, allowNull: false, defaultValue: 0 });

  await qi.addColumn('events', 'acting_partner_id', nullableString(40));

  await qi.addColumn('idempotency_keys', 'principal_id', { type: DataTypes.STRING(40), allowNull: false, defaultValue: '' });
  await qi.sequelize.query('UPDATE idempotency_keys SET principal_id = merchant_id');
  await qi.addIndex('idempotency_keys', ['principal_id', 'merchant_id', 'livemode', 'idempotency_key'], {
    unique: true,
    name: 'idempotency_keys_principal_scope_key',
  });
  await qi.removeIndex('idempotency_keys', 'idempotency_keys_scope_key');
}

export async function down({ context: qi }: { context: QueryInterface }): Promise<void> {
  await qi.addIndex('idempotency_keys', ['merchant_id', 'livemode', 'idempotency_key'], { unique: true, name: 'idempotency_keys_scope_key' });
  await qi.removeIndex('idempotency_keys', 'idempotency_keys_principal_scope_key');
  await qi.removeColumn('idempotency_keys', 'principal_id');
  await qi.removeColumn('events', 'acting_partner_id');
  await qi.removeColumn('plan_terms', 'fee_fixed_amount');
  await qi.removeColumn('plan_terms', 'fee_rate_bps');
  if (qi.sequelize.getDialect() === 'mysql') await qi.removeColumn('merchants', 'seq');
  await qi.removeIndex('merchants', 'merchants_review_due');
  await qi.removeIndex('merchants', 'merchants_partner_external_id');
  for (const column of [
    'updated_at',
    'review_due_at',
    'requirement_errors',
    'status',
    'support_email',
    'category_code',
    'country',
    'website',
    'legal_name',
    'external_merchant_id',
    'livemode',
  ]) {
    await qi.removeColumn('merchants', column);
  }
}
