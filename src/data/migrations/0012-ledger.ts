import { DataTypes, type QueryInterface } from 'sequelize';

// The merchant's ledger: one immutable balance entry per capture and refund (later payouts and
// dispute holds), written in the same database transaction as the change it records. A
// transaction keeps the fee terms it was authorized under and its merchant's partner (whose
// share of the fee it pays); a partner has a revenue share.
//
// Immutability is the database's, not only the code's: a trigger on each engine refuses any
// UPDATE or DELETE of a balance entry, so no later code path (or hand-run statement) can rewrite
// what was booked.
export async function up({ context: qi }: { context: QueryInterface }): Promise<void> {
  for (const column of ['fee_rate_bps', 'fee_fixed_amount', 'partner_share_bps'] as const) {
    const type = column === 'fee_fixed_amount' ? DataTypes.BIGINT : DataTypes.INTEGER;
    await qi.addColumn('transactions', column, { type, allowNull: false, defaultValue: 0 });
  }
  await qi.addColumn('transactions', 'partner_id', { type: DataTypes.STRING(40), allowNull: true });
  await qi.sequelize.query('UPDATE transactions SET partner_id = (SELECT partner_id FROM merchants WHERE merchants.id = transactions.merchant_id)');
  await qi.addColumn('partners', 'revenue_share_bps', { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 });

  await qi.createTable('balance_entries', {
    seq: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
    id: { type: DataTypes.STRING(64), allowNull: false, unique: true },
    merchant_id: { type: DataTypes.STRING(40), allowNull: false },
    partner_id: { type: DataTypes.STRING(40), allowNull: true },
    livemode: { type: DataTypes.BOOLEAN, allowNull: false },
    type: { type: DataTypes.STRING(32), allowNull: false },
    currency: { type: DataTypes.CHAR(3), allowNull: false },
    amount: { type: DataTypes.BIGINT, allowNull: false },
    fee: { type: DataTypes.BIGINT, allowNull: false },
    net: { type: DataTypes.BIGINT, allowNull: false },
    partner_share: { type: DataTypes.BIGINT, allowNull: false },
    source_id: { type: DataTypes.STRING(64), allowNull: false },
    transaction_id: { type: DataTypes.STRING(64), allowNull: true },
    created_at: { type: DataTypes.DATE(3), allowNull: false },
    available_on: { type: DataTypes.DATE(3), allowNull: false },
  });
  await qi.addIndex('balance_entries', ['merchant_id', 'livemode', 'seq'], { name: 'balance_entries_scope' });
  await qi.addIndex('balance_entries', ['merchant_id', 'livemode', 'currency', 'available_on'], { name: 'balance_entries_available' });
  await qi.addIndex('balance_entries', ['partner_id', 'livemode', 'seq'], { name: 'balance_entries_partner_scope' });
  await qi.addIndex('balance_entries', ['source_id'], { name: 'balance_entries_source' });
  await qi.addIndex('balance_entries', ['transaction_id'], { name: 'balance_entries_transaction' });

  for (const action of ['UPDATE', 'DELETE']) {
    const name = `balance_entries_no_${action.toLowerCase()}`;
    await qi.sequelize.query(
      qi.sequelize.getDialect() === 'mysql'
        ? `CREATE TRIGGER ${name} BEFORE ${action} ON balance_entries FOR EACH ROW SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'balance entries are immutable'`
        : `CREATE TRIGGER ${name} BEFORE ${action} ON balance_entries BEGIN SELECT RAISE(ABORT, 'balance entries are immutable'); END`,
    );
  }
}

export async function down({ context: qi }: { context: QueryInterface }): Promise<void> {
  for (const action of ['update', 'delete']) await qi.sequelize.query(`DROP TRIGGER IF EXISTS balance_entries_no_${action}`);
  await qi.dropTable('balance_entries');
  await qi.removeColumn('partners', 'revenue_share_bps');
  await qi.removeColumn('transactions', 'partner_id');
  for (const column of ['partner_share_bps', 'fee_fixed_amount', 'fee_rate_bps']) await qi.removeColumn('transactions', column);
}
