import { DataTypes, type InferAttributes, type InferCreationAttributes, Model, type Sequelize } from 'sequelize';
import { booleanColumn, timestampColumn } from '../columns.js';

/** A single-use, expiring link to the hosted onboarding page; its token is kept as a hash only. */
export class OnboardingLinkRow extends Model<InferAttributes<OnboardingLinkRow>, InferCreationAttributes<OnboardingLinkRow>> {
  declare id: string;
  declare merchantId: string;
  declare livemode: boolean;
  declare tokenHash: string;
  declare returnUrl: string;
  declare refreshUrl: string;
  declare createdAt: Date;
  declare expiresAt: Date;
  declare usedAt: Date | null;
}

export function defineOnboardingLink(sequelize: Sequelize): typeof OnboardingLinkRow {
  const Bound = class extends OnboardingLinkRow {};
  return Bound.init(
    {
      id: { type: DataTypes.STRING(40), primaryKey: true },
      merchantId: { type: DataTypes.STRING(40), allowNull: false },
      livemode: booleanColumn(),
      tokenHash: { type: DataTypes.CHAR(64), allowNull: false, unique: true },
      returnUrl: { type: DataTypes.STRING(2048), allowNull: false },
      refreshUrl: { type: DataTypes.STRING(2048), allowNull: false },
      createdAt: timestampColumn(),
      expiresAt: timestampColumn(),
      usedAt: timestampColumn(true),
    },
    { sequelize, tableName: 'onboarding_links', modelName: 'OnboardingLinkRow' },
  );
}
