import { type CreationOptional, DataTypes, type InferAttributes, type InferCreationAttributes, Model, type Sequelize } from 'sequelize';
import { amountColumn, booleanColumn, timestampColumn } from '../columns.js';

export type TransactionStatus = 'authorized' | 'partially_captured' | 'captured' | 'partially_refunded' | 'refunded' | 'voided' | 'expired';

/**
 * The loan. Amounts are running totals updated under a row lock; `status` is derived from them
 * (domain/transactions.ts) and stored for filtering.
 */
export class TransactionRow extends Model<InferAttributes<TransactionRow>, InferCreationAttributes<TransactionRow>> {
  declare seq: CreationOptional<number>;
  declare id: string;
  declare merchantId: string;
  /** The merchant's partner (null without one): it receives the transaction's events and its share of the fee. */
  declare partnerId: CreationOptional<string | null>;
  declare livemode: boolean;
  declare checkoutId: string;
  declare status: TransactionStatus;
  declare orderId: string;
  declare currency: string;
  declare amount: number;
  declare capturedAmount: number;
  declare refundedAmount: number;
  /** Captured money under an open dispute or lost to one (domain/disputes.ts): not refundable. */
  declare disputedAmount: CreationOptional<number>;
  declare planId: string;
  declare planType: 'pay_in_4' | 'monthly';
  declare installmentCount: number;
  declare aprBps: number;
  /** The merchant fee terms it was authorized under (domain/fees.ts), and its partner's share of the fee. */
  declare feeRateBps: CreationOptional<number>;
  declare feeFixedAmount: CreationOptional<number>;
  declare partnerShareBps: CreationOptional<number>;
  declare shippingCarrier: string | null;
  declare shippingTrackingNumber: string | null;
  declare authorizationExpiresAt: Date;
  declare firstCapturedAt: Date | null;
  declare voidedAt: Date | null;
  declare expiredAt: Date | null;
  declare createdAt: Date;
  declare updatedAt: Date;
}

export function defineTransaction(sequelize: Sequelize): typeof TransactionRow {
  const Bound = class extends TransactionRow {};
  return Bound.init(
    {
      seq: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
      id: { type: DataTypes.STRING(64), allowNull: false, unique: true },
      merchantId: { type: DataTypes.STRING(40), allowNull: false },
      partnerId: { type: DataTypes.STRING(40), allowNull: true, defaultValue: null },
      livemode: booleanColumn(),
      checkoutId: { type: DataTypes.STRING(64), allowNull: false, unique: true },
      status: { type: DataTypes.STRING(32), allowNull: false },
      orderId: { type: DataTypes.STRING(128), allowNull: false },
      currency: { type: DataTypes.CHAR(3), allowNull: false },
      amount: amountColumn('amount'),
      capturedAmount: amountColumn('capturedAmount'),
      refundedAmount: amountColumn('refundedAmount'),
      disputedAmount: { ...amountColumn('disputedAmount'), defaultValue: 0 },
      planId: { type: DataTypes.STRING(32), allowNull: false },
      planType: { type: DataTypes.STRING(16), allowNull: false },
      installmentCount: { type: DataTypes.INTEGER, allowNull: false },
      aprBps: { type: DataTypes.INTEGER, allowNull: false },
      feeRateBps: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      feeFixedAmount: { ...amountColumn('feeFixedAmount'), defaultValue: 0 },
      partnerShareBps: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      shippingCarrier: { type: DataTypes.STRING(100), allowNull: true },
      shippingTrackingNumber: { type: DataTypes.STRING(100), allowNull: true },
      authorizationExpiresAt: timestampColumn(),
      firstCapturedAt: timestampColumn(true),
      voidedAt: timestampColumn(true),
      expiredAt: timestampColumn(true),
      createdAt: timestampColumn(),
      updatedAt: timestampColumn(),
    },
    { sequelize, tableName: 'transactions', modelName: 'TransactionRow' },
  );
}
