import { type CreationOptional, DataTypes, type InferAttributes, type InferCreationAttributes, Model, type Sequelize } from 'sequelize';
import { jsonColumn, timestampColumn } from '../columns.js';

export class MerchantRow extends Model<InferAttributes<MerchantRow>, InferCreationAttributes<MerchantRow>> {
  declare id: string;
  declare name: string;
  declare currencies: string[];
  /** The partner the merchant belongs to (null: a merchant of Evenpay's own). */
  declare partnerId: CreationOptional<string | null>;
  declare createdAt: CreationOptional<Date>;
}

export function defineMerchant(sequelize: Sequelize): typeof MerchantRow {
  // Model.init binds the class it is called on: a subclass per database keeps two apps in one
  // process (tests) from rebinding each other's models.
  const Bound = class extends MerchantRow {};
  return Bound.init(
    {
      id: { type: DataTypes.STRING(40), primaryKey: true },
      name: { type: DataTypes.STRING(200), allowNull: false },
      currencies: jsonColumn(sequelize, 'currencies'),
      partnerId: { type: DataTypes.STRING(40), allowNull: true, defaultValue: null },
      createdAt: { ...timestampColumn(), defaultValue: DataTypes.NOW },
    },
    { sequelize, tableName: 'merchants', modelName: 'MerchantRow' },
  );
}
