import { DataTypes, type InferAttributes, type InferCreationAttributes, Model, type Sequelize } from 'sequelize';
import { longText, timestampColumn } from '../columns.js';

/** An uploaded logo: its checked type and its bytes (base64); served by Evenpay, never as anything else. */
export class BrandAssetRow extends Model<InferAttributes<BrandAssetRow>, InferCreationAttributes<BrandAssetRow>> {
  declare id: string;
  declare contentType: 'image/png' | 'image/jpeg';
  declare data: string;
  declare createdAt: Date;
}

export function defineBrandAsset(sequelize: Sequelize): typeof BrandAssetRow {
  const Bound = class extends BrandAssetRow {};
  return Bound.init(
    {
      id: { type: DataTypes.STRING(40), primaryKey: true },
      contentType: { type: DataTypes.STRING(32), allowNull: false },
      data: { type: longText(sequelize), allowNull: false },
      createdAt: timestampColumn(),
    },
    { sequelize, tableName: 'brand_assets', modelName: 'BrandAssetRow' },
  );
}
