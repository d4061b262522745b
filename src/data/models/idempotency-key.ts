import { type CreationOptional, DataTypes, type InferAttributes, type InferCreationAttributes, Model, type Sequelize } from 'sequelize';
import { booleanColumn, longText, timestampColumn } from '../columns.js';

/**
 * One row per (principal, merchant, mode, key). The unique index is what makes a key single-use across
 * every process sharing the database; `lockedAt` and `lease` ("<process id> <token>",
 * data/presence.ts) say since when and by whom it is being run, until its response is stored.
 */
export class IdempotencyKeyRow extends Model<InferAttributes<IdempotencyKeyRow>, InferCreationAttributes<IdempotencyKeyRow>> {
  declare id: CreationOptional<number>;
  /** Who sent the key: the merchant itself (its id), or the partner acting for it (the partner's id). */
  declare principalId: string;
  declare merchantId: string;
  declare livemode: boolean;
  declare idempotencyKey: string;
  declare fingerprint: string;
  declare operationId: string;
  declare lockedAt: Date | null;
  declare lease: string | null;
  declare responseStatus: number | null;
  declare responseBody: string | null;
  declare responseHeaders: string | null;
  declare createdAt: Date;
  declare expiresAt: Date;
}

export function defineIdempotencyKey(sequelize: Sequelize): typeof IdempotencyKeyRow {
  // Model.init binds the class it is called on: a subclass per database keeps two apps in one
  // process (tests) from rebinding each other's models.
  const Bound = class extends IdempotencyKeyRow {};
  return Bound.init(
    {
      id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
      principalId: { type: DataTypes.STRING(40), allowNull: false },
      merchantId: { type: DataTypes.STRING(40), allowNull: false },
      livemode: booleanColumn(),
      idempotencyKey: { type: DataTypes.STRING(255), allowNull: false },
      fingerprint: { type: DataTypes.CHAR(64), allowNull: false },
      operationId: { type: DataTypes.STRING(64), allowNull: false },
      lockedAt: timestampColumn(true),
      lease: { type: DataTypes.STRING(100), allowNull: true },
      responseStatus: { type: DataTypes.INTEGER, allowNull: true },
      responseBody: { type: longText(sequelize), allowNull: true },
      responseHeaders: { type: DataTypes.TEXT, allowNull: true },
      createdAt: timestampColumn(),
      expiresAt: timestampColumn(),
    },
    { sequelize, tableName: 'idempotency_keys', modelName: 'IdempotencyKeyRow' },
  );
}
