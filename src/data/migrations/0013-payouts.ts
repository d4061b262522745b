import { DataTypes, type QueryInterface } from 'sequelize';

// Payouts: the available balance paid out to the merchant's bank account. Which entries a payout
// settled is a table of its own (`payout_entries`), so a balance entry never changes when it is
// paid out; its primary key, the entry, makes paying an entry out twice impossible on any
// replica. One scheduled payout per merchant, mode, currency and period (the unique index); a
// sandbox run on demand has no period.
export async function up({ context: qi }: { context: QueryInterface }): Promise<void> {
  await qi.createTable('payouts', {
    seq: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
    id: { type: DataTypes.STRING(64), allowNull: false, unique: true },
    merchant_id: { type: DataTypes.STRING(40), allowNull: false },
    partner_id: { type: DataTypes.STRING(40), allowNull: true },
    livemode: { type: DataTypes.BOOLEAN, allowNull: false },
    status: { type: DataTypes.STRING(32), allowNull: false },
    currency: { type: DataTypes.CHAR(3), allowNull: false },
    amount: { type: DataTypes.BIGINT, allowNull: false },
    period: { type: DataTypes.STRING(10), allowNull: true },
    arrival_date: { type: DataTypes.DATE(3), allowNull: false },
    failure_code: { type: DataTypes.STRING(64), allowNull: true },
    failure_message: { type: DataTypes.STRING(500), allowNull: true },
    created_at: { type: DataTypes.DATE(3), allowNull: false },
    updated_at: { type: DataTypes.DATE(3), allowNull: false },
  });
  await qi.addIndex('payouts', ['merchant_id', 'livemode', 'seq'], { name: 'payouts_scope' });
  await qi.addIndex('payouts', ['merchant_id', 'livemode', 'currency', 'period'], { name: 'payouts_one_per_period', unique: true });
  await qi.addIndex('payouts', ['status', 'arrival_date'], { name: 'payouts_due' });

  await qi.createTable('payout_entries', {
    entry_id: { type: DataTypes.STRING(64), primaryKey: true },
    payout_id: { type: DataTypes.STRING(64), allowNull: false },
  });
  await qi.addIndex('payout_entries', ['payout_id'], { name: 'payout_entries_payout' });
}

export async function down({ context: qi }: { context: QueryInterface }): Promise<void> {
  await qi.dropTable('payout_entries');
  await qi.dropTable('payouts');
}
