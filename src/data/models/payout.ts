import { type CreationOptional, DataTypes, type InferAttributes, type InferCreationAttributes, Model, type Sequelize } from 'sequelize';
import { amountColumn, booleanColumn, timestampColumn } from '../columns.js';

export type PayoutStatus = 'pending' | 'paid' | 'failed';

/** Money sent to the merchant's bank account (domain/payouts.ts). */
export class PayoutRow extends Model<InferAttributes<PayoutRow>, InferCreationAttributes<PayoutRow>> {
  declare seq: CreationOptional<number>;
  declare id: string;
  declare merchantId: string;
  declare partnerId: string | null;
  declare livemode: boolean;
  declare status: PayoutStatus;
  declare currency: string;
  declare amount: number;
  /** The UTC day (`YYYY-MM-DD`) whose cut-off it followed; null for a sandbox run on demand. */
  declare period: string | null;
  declare arrivalDate: Date;
  declare failureCode: string | null;
  declare failureMessage: string | null;
  declare createdAt: Date;
  declare updatedAt: Date;
}

/** Which payout settled a balance entry: one row per entry, never two (the primary key). */
export class PayoutEntryRow extends Model<InferAttributes<PayoutEntryRow>, InferCreationAttributes<PayoutEntryRow>> {
  declare entryId: string;
  declare payoutId: string;
}

export function definePayoutModels(sequelize: Sequelize) {
  const Payout = class extends PayoutRow {}.init(
    {
      seq: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
      id: { type: DataTypes.STRING(64), allowNull: false, unique: true },
      merchantId: { type: DataTypes.STRING(40), allowNull: false },
      partnerId: { type: DataTypes.STRING(40), allowNull: true },
      livemode: booleanColumn(),
      status: { type: DataTypes.STRING(32), allowNull: false },
      currency: { type: DataTypes.CHAR(3), allowNull: false },
      amount: amountColumn('amount'),
      period: { type: DataTypes.STRING(10), allowNull: true },
      arrivalDate: timestampColumn(),
      failureCode: { type: DataTypes.STRING(64), allowNull: true },
      failureMessage: { type: DataTypes.STRING(500), allowNull: true },
      createdAt: timestampColumn(),
      updatedAt: timestampColumn(),
    },
    { sequelize, tableName: 'payouts', modelName: 'PayoutRow' },
  );
  const PayoutEntry = class extends PayoutEntryRow {}.init(
    {
      entryId: { type: DataTypes.STRING(64), primaryKey: true },
      payoutId: { type: DataTypes.STRING(64), allowNull: false },
    },
    { sequelize, tableName: 'payout_entries', modelName: 'PayoutEntryRow' },
  );
  return { Payout, PayoutEntry };
}
