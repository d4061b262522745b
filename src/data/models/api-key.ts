import { type CreationOptional, DataTypes, type InferAttributes, type InferCreationAttributes, Model, type Sequelize } from 'sequelize';
import { booleanColumn, timestampColumn } from '../columns.js';

export type ApiKeyKind = 'secret' | 'publishable';

/** Secret keys are stored as a SHA-256 hash only; publishable keys are public by design and kept readable. */
export class ApiKeyRow extends Model<InferAttributes<ApiKeyRow>, InferCreationAttributes<ApiKeyRow>> {
  declare id: string;
  declare merchantId: string;
  declare kind: ApiKeyKind;
  declare livemode: boolean;
  declare tokenHash: string;
  declare tokenHint: string;
  declare publishableToken: string | null;
  declare createdAt: CreationOptional<Date>;
  declare revokedAt: Date | null;
}

export function defineApiKey(sequelize: Sequelize): typeof ApiKeyRow {
  // Model.init binds the class it is called on: a subclass per database keeps two apps in one
  // process (tests) from rebinding each other's models.
  const Bound = class extends ApiKeyRow {};
  return Bound.init(
    {
      id: { type: DataTypes.STRING(40), primaryKey: true },
      merchantId: { type: DataTypes.STRING(40), allowNull: false },
      kind: { type: DataTypes.STRING(16), allowNull: false },
      livemode: booleanColumn(),
      tokenHash: { type: DataTypes.CHAR(64), allowNull: false, unique: true },
      tokenHint: { type: DataTypes.STRING(32), allowNull: false },
      publishableToken: { type: DataTypes.STRING(64), allowNull: true },
      createdAt: { ...timestampColumn(), defaultValue: DataTypes.NOW },
      revokedAt: timestampColumn(true),
    },
    { sequelize, tableName: 'api_keys', modelName: 'ApiKeyRow' },
  );
}
