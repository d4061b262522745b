import { DataTypes, type QueryInterface } from 'sequelize';

// Disputes: a consumer's dispute of a captured transaction (domain/disputes.ts). The evidence's
// fields and its documents' descriptions live on the dispute (a JSON document, so an event's
// snapshot of the dispute carries them); the documents' bytes in a table of their own, read only
// to send them on. A transaction keeps the amount disputed and not won (`disputed_amount`), which
// a refund may not touch.
export async function up({ context: qi }: { context: QueryInterface }): Promise<void> {
  const long = qi.sequelize.getDialect() === 'sqlite' ? DataTypes.TEXT : DataTypes.TEXT('long');
  await qi.addColumn('transactions', 'disputed_amount', { type: DataTypes.BIGINT, allowNull: false, defaultValue: 0 });
  await qi.createTable('disputes', {
    seq: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
    id: { type: DataTypes.STRING(64), allowNull: false, unique: true },
    merchant_id: { type: DataTypes.STRING(40), allowNull: false },
    partner_id: { type: DataTypes.STRING(40), allowNull: true },
    livemode: { type: DataTypes.BOOLEAN, allowNull: false },
    transaction_id: { type: DataTypes.STRING(64), allowNull: false },
    currency: { type: DataTypes.CHAR(3), allowNull: false },
    amount: { type: DataTypes.BIGINT, allowNull: false },
    reason: { type: DataTypes.STRING(64), allowNull: false },
    status: { type: DataTypes.STRING(32), allowNull: false },
    response_due_by: { type: DataTypes.DATE(3), allowNull: false },
    evidence: { type: long, allowNull: false },
    evidence_submitted_at: { type: DataTypes.DATE(3), allowNull: true },
    review_ends_at: { type: DataTypes.DATE(3), allowNull: true },
    closed_at: { type: DataTypes.DATE(3), allowNull: true },
    created_at: { type: DataTypes.DATE(3), allowNull: false },
    updated_at: { type: DataTypes.DATE(3), allowNull: false },
  });
  await qi.addIndex('disputes', ['merchant_id', 'livemode', 'seq'], { name: 'disputes_scope' });
  await qi.addIndex('disputes', ['partner_id', 'livemode', 'seq'], { name: 'disputes_partner_scope' });
  await qi.addIndex('disputes', ['transaction_id'], { name: 'disputes_transaction' });
  await qi.addIndex('disputes', ['status', 'response_due_by'], { name: 'disputes_due' });

  await qi.createTable('dispute_documents', {
    id: { type: DataTypes.STRING(64), primaryKey: true },
    dispute_id: { type: DataTypes.STRING(64), allowNull: false },
    content_type: { type: DataTypes.STRING(32), allowNull: false },
    data: { type: long, allowNull: false },
    created_at: { type: DataTypes.DATE(3), allowNull: false },
  });
  await qi.addIndex('dispute_documents', ['dispute_id'], { name: 'dispute_documents_dispute' });
}

export async function down({ context: qi }: { context: QueryInterface }): Promise<void> {
  await qi.dropTable('dispute_documents');
  await qi.dropTable('disputes');
  await qi.removeColumn('transactions', 'disputed_amount');
}
