import { DataTypes, type QueryInterface } from 'sequelize';
import { longText } from '../columns.js';

// Branding on the hosted pages: a merchant's and a partner's colour and logo (a URL, or for a
// merchant an uploaded image kept in brand_assets and served by Evenpay with its checked type).
export async function up({ context: qi }: { context: QueryInterface }): Promise<void> {
  await qi.createTable('brand_assets', {
    id: { type: DataTypes.STRING(40), primaryKey: true },
    content_type: { type: DataTypes.STRING(32), allowNull: false },
    // Base64 of the image (at most 64 KB of it): portable across both databases' text types.
    data: { type: longText(qi.sequelize), allowNull: false },
    created_at: { type: DataTypes.DATE(3), allowNull: false },
  });
  for (const table of ['merchants', 'partners']) {
    await qi.addColumn(table, 'brand_color', { type: DataTypes.STRING(7), allowNull: true });
    await qi.addColumn(table, 'logo_url', { type: DataTypes.STRING(2048), allowNull: true });
  }
  await qi.addColumn('merchants', 'logo_asset_id', { type: DataTypes.STRING(40), allowNull: true });
}

export async function down({ context: qi }: { context: QueryInterface }): Promise<void> {
  await qi.removeColumn('merchants', 'logo_asset_id');
  for (const table of ['merchants', 'partners']) {
    await qi.removeColumn(table, 'logo_url');
    await qi.removeColumn(table, 'brand_color');
  }
  await qi.dropTable('brand_assets');
}
