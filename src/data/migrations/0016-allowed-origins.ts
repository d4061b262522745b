import { DataTypes, type QueryInterface } from 'sequelize';
import { longText } from '../columns.js';

// The origins whose pages may read GET /v2/promotions with a merchant's publishable key: the list
// on the merchant (what it shows and what the answer's CORS checks), and one row per origin so a
// preflight, which names no merchant, finds whether any merchant registered its origin by index.
export async function up({ context: qi }: { context: QueryInterface }): Promise<void> {
  await qi.addColumn('merchants', 'allowed_origins', { type: longText(qi.sequelize), allowNull: true });
  await qi.createTable('merchant_origins', {
    merchant_id: { type: DataTypes.STRING(40), allowNull: false, primaryKey: true },
    origin: { type: DataTypes.STRING(255), allowNull: false, primaryKey: true },
  });
  await qi.addIndex('merchant_origins', ['origin'], { name: 'merchant_origins_origin' });
}

export async function down({ context: qi }: { context: QueryInterface }): Promise<void> {
  await qi.dropTable('merchant_origins');
  await qi.removeColumn('merchants', 'allowed_origins');
}
