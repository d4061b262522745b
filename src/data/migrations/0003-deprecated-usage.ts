import { DataTypes, type QueryInterface } from 'sequelize';

export async function up({ context: qi }: { context: QueryInterface }): Promise<void> {
  // One row per merchant × deprecated operation × UTC day; replicas add their counts to it.
  await qi.createTable('deprecated_usage', {
    id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
    merchant_id: { type: DataTypes.STRING(40), allowNull: false },
    operation_id: { type: DataTypes.STRING(64), allowNull: false },
    day: { type: DataTypes.CHAR(10), allowNull: false },
    calls: { type: DataTypes.INTEGER, allowNull: false },
    last_seen_at: { type: DataTypes.DATE(3), allowNull: false },
    last_user_agent: { type: DataTypes.STRING(255), allowNull: true },
  });
  await qi.addIndex('deprecated_usage', ['merchant_id', 'operation_id', 'day'], { unique: true, name: 'deprecated_usage_merchant_operation_day' });
  await qi.addIndex('deprecated_usage', ['operation_id', 'day']);
}

export async function down({ context: qi }: { context: QueryInterface }): Promise<void> {
  await qi.dropTable('deprecated_usage');
}
