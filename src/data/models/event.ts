import { type CreationOptional, DataTypes, type InferAttributes, type InferCreationAttributes, Model, type Sequelize } from 'sequelize';
import { amountColumn, booleanColumn, longText, timestampColumn } from '../columns.js';

/**
 * One state change, written in the same database transaction as the change. `snapshot` is the
 * object's attributes right after it (JSON), rendered per API version when read.
 */
export class EventRow extends Model<InferAttributes<EventRow>, InferCreationAttributes<EventRow>> {
  declare seq: CreationOptional<number>;
  declare id: string;
  declare merchantId: string;
  /** The partner the merchant belongs to (its endpoints receive the event; it lists it without Evenpay-Merchant). */
  declare partnerId: CreationOptional<string | null>;
  declare livemode: boolean;
  declare type: string;
  declare objectType: 'checkout' | 'transaction' | 'webhook_endpoint' | 'merchant' | 'api_key' | 'payout' | 'dispute';
  declare objectId: string;
  declare amount: number | null;
  declare requestId: string | null;
  /** The partner whose request caused the change (acting for the merchant); null when the merchant or Evenpay did. */
  declare actingPartnerId: CreationOptional<string | null>;
  declare snapshot: string;
  declare createdAt: Date;
}

export function defineEvent(sequelize: Sequelize): typeof EventRow {
  const Bound = class extends EventRow {};
  return Bound.init(
    {
      seq: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
      id: { type: DataTypes.STRING(64), allowNull: false, unique: true },
      merchantId: { type: DataTypes.STRING(40), allowNull: false },
      partnerId: { type: DataTypes.STRING(40), allowNull: true, defaultValue: null },
      livemode: booleanColumn(),
      type: { type: DataTypes.STRING(64), allowNull: false },
      objectType: { type: DataTypes.STRING(32), allowNull: false },
      objectId: { type: DataTypes.STRING(64), allowNull: false },
      amount: amountColumn('amount', true),
      requestId: { type: DataTypes.STRING(64), allowNull: true },
      actingPartnerId: { type: DataTypes.STRING(40), allowNull: true, defaultValue: null },
      snapshot: { type: longText(sequelize), allowNull: false },
      createdAt: timestampColumn(),
    },
    { sequelize, tableName: 'events', modelName: 'EventRow' },
  );
}
