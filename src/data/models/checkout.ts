import { type CreationOptional, DataTypes, type InferAttributes, type InferCreationAttributes, Model, type Sequelize } from 'sequelize';
import { amountColumn, booleanColumn, jsonColumn, timestampColumn } from '../columns.js';

export interface LineItemData {
  sku: string;
  name: string;
  unit_price: number;
  quantity: number;
}
export interface CustomerData {
  email: string;
  first_name: string;
  last_name: string;
  phone?: string;
}

export type CheckoutStatus = 'open' | 'confirmed' | 'declined' | 'canceled' | 'expired' | 'completed';

export class CheckoutRow extends Model<InferAttributes<CheckoutRow>, InferCreationAttributes<CheckoutRow>> {
  /** Insertion order: the cursor pagination key. Never exposed. */
  declare seq: CreationOptional<number>;
  declare id: string;
  declare merchantId: string;
  declare livemode: boolean;
  declare status: CheckoutStatus;
  declare planId: string | null;
  declare declineCategory: string | null;
  declare transactionId: string | null;
  /** Set by the sandbox decision for `+expire_fast` customers; null means the configured default. */
  declare authorizationTtlSeconds: number | null;
  declare orderId: string;
  declare currency: string;
  declare items: LineItemData[];
  declare shippingAmount: number;
  declare taxAmount: number;
  declare discountAmount: number;
  declare totalAmount: number;
  declare customer: CustomerData;
  declare confirmUrl: string;
  declare cancelUrl: string;
  declare metadata: Record<string, string>;
  declare createdAt: Date;
  declare expiresAt: Date;
}

export function defineCheckout(sequelize: Sequelize): typeof CheckoutRow {
  // Model.init binds the class it is called on: a subclass per database keeps two apps in one
  // process (tests) from rebinding each other's models.
  const Bound = class extends CheckoutRow {};
  return Bound.init(
    {
      seq: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
      id: { type: DataTypes.STRING(64), allowNull: false, unique: true },
      merchantId: { type: DataTypes.STRING(40), allowNull: false },
      livemode: booleanColumn(),
      status: { type: DataTypes.STRING(32), allowNull: false },
      planId: { type: DataTypes.STRING(32), allowNull: true },
      declineCategory: { type: DataTypes.STRING(32), allowNull: true },
      transactionId: { type: DataTypes.STRING(64), allowNull: true },
      authorizationTtlSeconds: { type: DataTypes.INTEGER, allowNull: true },
      orderId: { type: DataTypes.STRING(128), allowNull: false },
      currency: { type: DataTypes.CHAR(3), allowNull: false },
      items: jsonColumn(sequelize, 'items'),
      shippingAmount: amountColumn('shippingAmount'),
      taxAmount: amountColumn('taxAmount'),
      discountAmount: amountColumn('discountAmount'),
      totalAmount: amountColumn('totalAmount'),
      customer: jsonColumn(sequelize, 'customer'),
      confirmUrl: { type: DataTypes.STRING(2048), allowNull: false },
      cancelUrl: { type: DataTypes.STRING(2048), allowNull: false },
      metadata: jsonColumn(sequelize, 'metadata'),
      createdAt: timestampColumn(),
      expiresAt: timestampColumn(),
    },
    { sequelize, tableName: 'checkouts', modelName: 'CheckoutRow' },
  );
}
