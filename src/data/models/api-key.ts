import { type CreationOptional, DataTypes, type InferAttributes, type InferCreationAttributes, Model, type Sequelize } from 'sequelize';
import { booleanColumn, timestampColumn } from '../columns.js';

export type ApiKeyKind = 'secret' | 'publishable';

/** Secret keys are stored as a SHA-256 hash only; publishable keys are public by design and kept readable. */
export class ApiKeyRow extends Model<InferAttributes<ApiKeyRow>, InferCreationAttributes<ApiKeyRow>> {
  /** Insertion order, for cursor lists: MySQL's AUTO_INCREMENT `seq`, SQLite's implicit `rowid` (migration 0009). */
  declare seq: CreationOptional<number>;
  declare id: string;
  declare merchantId: string;
  declare kind: ApiKeyKind;
  declare livemode: boolean;
  declare tokenHash: string;
  declare tokenHint: string;
  declare publishableToken: string | null;
  declare createdAt: CreationOptional<Date>;
  declare revokedAt: Date | null;
  /** When a rolled key stops working (null: it does not, unless revoked). */
  declare expiresAt: CreationOptional<Date | null>;
  /** The key that replaced it when it was rolled. */
  declare rolledTo: CreationOptional<string | null>;
}

export function defineApiKey(sequelize: Sequelize): typeof ApiKeyRow {
  // Model.init binds the class it is called on: a subclass per database keeps two apps in one
  // process (tests) from rebinding each other's models.
  const Bound = class extends ApiKeyRow {};
  return Bound.init(
    {
      // Never written: the database numbers it.
      seq: {
        type: DataTypes.BIGINT,
        field: sequelize.getDialect() === 'sqlite' ? 'rowid' : 'seq',
        get(this: Model) {
          return Number(this.getDataValue('seq'));
        },
      },
      id: { type: DataTypes.STRING(40), primaryKey: true },
      merchantId: { type: DataTypes.STRING(40), allowNull: false },
      kind: { type: DataTypes.STRING(16), allowNull: false },
      livemode: booleanColumn(),
      tokenHash: { type: DataTypes.CHAR(64), allowNull: false, unique: true },
      tokenHint: { type: DataTypes.STRING(32), allowNull: false },
      publishableToken: { type: DataTypes.STRING(64), allowNull: true },
      createdAt: { ...timestampColumn(), defaultValue: DataTypes.NOW },
      revokedAt: timestampColumn(true),
      expiresAt: { ...timestampColumn(true), defaultValue: null },
      rolledTo: { type: DataTypes.STRING(40), allowNull: true, defaultValue: null },
    },
    { sequelize, tableName: 'api_keys', modelName: 'ApiKeyRow' },
  );
}

/** One revoked or rolled key, for every replica to drop its cached copy (data/key-change-feed.ts). */
export class ApiKeyChangeRow extends Model<InferAttributes<ApiKeyChangeRow>, InferCreationAttributes<ApiKeyChangeRow>> {
  declare seq: CreationOptional<number>;
  declare tokenHash: string;
  declare publishableToken: string | null;
  declare createdAt: Date;
}

export function defineApiKeyChange(sequelize: Sequelize): typeof ApiKeyChangeRow {
  const Bound = class extends ApiKeyChangeRow {};
  return Bound.init(
    {
      seq: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
      tokenHash: { type: DataTypes.CHAR(64), allowNull: false },
      publishableToken: { type: DataTypes.STRING(64), allowNull: true },
      createdAt: timestampColumn(),
    },
    { sequelize, tableName: 'api_key_changes', modelName: 'ApiKeyChangeRow' },
  );
}
