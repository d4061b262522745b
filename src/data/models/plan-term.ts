import { type CreationOptional, DataTypes, type InferAttributes, type InferCreationAttributes, Model, type Sequelize } from 'sequelize';
import { amountColumn } from '../columns.js';

export class PlanTermRow extends Model<InferAttributes<PlanTermRow>, InferCreationAttributes<PlanTermRow>> {
  declare id: CreationOptional<number>;
  declare merchantId: string;
  declare planId: string;
  declare type: 'pay_in_4' | 'monthly';
  declare installmentCount: number;
  declare aprBps: number;
  declare minAmount: number;
  declare maxAmount: number;
  declare position: number;
  /** The merchant fee of the plan: basis points of each captured amount, plus a fixed amount per captured transaction. */
  declare feeRateBps: CreationOptional<number>;
  declare feeFixedAmount: CreationOptional<number>;
}

export function definePlanTerm(sequelize: Sequelize): typeof PlanTermRow {
  // Model.init binds the class it is called on: a subclass per database keeps two apps in one
  // process (tests) from rebinding each other's models.
  const Bound = class extends PlanTermRow {};
  return Bound.init(
    {
      id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
      merchantId: { type: DataTypes.STRING(40), allowNull: false },
      planId: { type: DataTypes.STRING(32), allowNull: false },
      type: { type: DataTypes.STRING(16), allowNull: false },
      installmentCount: { type: DataTypes.INTEGER, allowNull: false },
      aprBps: { type: DataTypes.INTEGER, allowNull: false },
      minAmount: amountColumn('minAmount'),
      maxAmount: amountColumn('maxAmount'),
      position: { type: DataTypes.INTEGER, allowNull: false },
      feeRateBps: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      feeFixedAmount: { ...amountColumn('feeFixedAmount'), defaultValue: 0 },
    },
    { sequelize, tableName: 'plan_terms', modelName: 'PlanTermRow' },
  );
}
