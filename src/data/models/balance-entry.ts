import { type CreationOptional, DataTypes, type InferAttributes, type InferCreationAttributes, Model, type Sequelize } from 'sequelize';
import { amountColumn, booleanColumn, timestampColumn } from '../columns.js';

export type BalanceEntryType = 'capture' | 'refund' | 'payout' | 'payout_failure' | 'dispute_hold' | 'dispute_release';

/**
 * One line of a merchant's ledger (domain/ledger.ts), signed: what it adds to the balance is
 * `net = amount − fee`. Never updated or deleted (the database's triggers refuse it: migration
 * 0012), so the model has no setters in use beyond create.
 */
export class BalanceEntryRow extends Model<InferAttributes<BalanceEntryRow>, InferCreationAttributes<BalanceEntryRow>> {
  declare seq: CreationOptional<number>;
  declare id: string;
  declare merchantId: string;
  /** The merchant's partner when the entry was booked: its reports and revenue share. */
  declare partnerId: string | null;
  declare livemode: boolean;
  declare type: BalanceEntryType;
  declare currency: string;
  declare amount: number;
  declare fee: number;
  declare net: number;
  /** The partner's part of `fee` (signed like it); Evenpay's is `fee − partnerShare`. */
  declare partnerShare: number;
  /** The object that caused it: `txn_…` for a capture or a refund, `po_…` for a payout or its failure. */
  declare sourceId: string;
  declare transactionId: string | null;
  declare createdAt: Date;
  declare availableOn: Date;
}

export function defineBalanceEntry(sequelize: Sequelize): typeof BalanceEntryRow {
  const Bound = class extends BalanceEntryRow {};
  return Bound.init(
    {
      seq: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
      id: { type: DataTypes.STRING(64), allowNull: false, unique: true },
      merchantId: { type: DataTypes.STRING(40), allowNull: false },
      partnerId: { type: DataTypes.STRING(40), allowNull: true },
      livemode: booleanColumn(),
      type: { type: DataTypes.STRING(32), allowNull: false },
      currency: { type: DataTypes.CHAR(3), allowNull: false },
      amount: amountColumn('amount'),
      fee: amountColumn('fee'),
      net: amountColumn('net'),
      partnerShare: amountColumn('partnerShare'),
      sourceId: { type: DataTypes.STRING(64), allowNull: false },
      transactionId: { type: DataTypes.STRING(64), allowNull: true },
      createdAt: timestampColumn(),
      availableOn: timestampColumn(),
    },
    { sequelize, tableName: 'balance_entries', modelName: 'BalanceEntryRow' },
  );
}
