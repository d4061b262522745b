import { DataTypes, type QueryInterface } from 'sequelize';

// Onboarding links: single-use, expiring links to the hosted onboarding page. The token in the
// URL is stored as its SHA-256 only, like an API key's secret.
export async function up({ context: qi }: { context: QueryInterface }): Promise<void> {
  await qi.createTable('onboarding_links', {
    id: { type: DataTypes.STRING(40), primaryKey: true },
    merchant_id: { type: DataTypes.STRING(40), allowNull: false, references: { model: 'merchants', key: 'id' } },
    livemode: { type: DataTypes.BOOLEAN, allowNull: false },
    token_hash: { type: DataTypes.CHAR(64), allowNull: false, unique: true },
    return_url: { type: DataTypes.STRING(2048), allowNull: false },
    refresh_url: { type: DataTypes.STRING(2048), allowNull: false },
    created_at: { type: DataTypes.DATE(3), allowNull: false },
    expires_at: { type: DataTypes.DATE(3), allowNull: false },
    used_at: { type: DataTypes.DATE(3), allowNull: true },
  });
  await qi.addIndex('onboarding_links', ['merchant_id']);
}

export async function down({ context: qi }: { context: QueryInterface }): Promise<void> {
  await qi.dropTable('onboarding_links');
}
