import { type CreationOptional, DataTypes, type InferAttributes, type InferCreationAttributes, Model, type Sequelize } from 'sequelize';
import { booleanColumn, timestampColumn } from '../columns.js';

/** A platform that embeds Evenpay for its merchants ("powered by Evenpay"). */
export class PartnerRow extends Model<InferAttributes<PartnerRow>, InferCreationAttributes<PartnerRow>> {
  declare id: string;
  declare name: string;
  /** Branding on the hosted pages (domain/branding.ts): `#RRGGBB`, and a logo URL. */
  declare brandColor: CreationOptional<string | null>;
  declare logoUrl: CreationOptional<string | null>;
  /** The partner's revenue share: basis points of the merchant fee on its merchants' transactions (domain/fees.ts). */
  declare revenueShareBps: CreationOptional<number>;
  declare createdAt: Date;
}

/** A partner's own secret key: stored as a SHA-256 hash only, shown once when issued. */
export class PartnerKeyRow extends Model<InferAttributes<PartnerKeyRow>, InferCreationAttributes<PartnerKeyRow>> {
  /** Insertion order, for cursor lists: MySQL's AUTO_INCREMENT `seq`, SQLite's implicit `rowid` (migration 0009). */
  declare seq: CreationOptional<number>;
  declare id: string;
  declare partnerId: string;
  declare livemode: boolean;
  declare tokenHash: string;
  declare tokenHint: string;
  declare createdAt: Date;
  declare revokedAt: Date | null;
  /** When a rolled key stops working (null: it does not, unless revoked). */
  declare expiresAt: CreationOptional<Date | null>;
  /** The key that replaced it when it was rolled. */
  declare rolledTo: CreationOptional<string | null>;
}

export function definePartnerModels(sequelize: Sequelize) {
  // Model.init binds the class it is called on: a subclass per database keeps two apps in one
  // process (tests) from rebinding each other's models.
  const Partner = class extends PartnerRow {}.init(
    {
      id: { type: DataTypes.STRING(40), primaryKey: true },
      name: { type: DataTypes.STRING(200), allowNull: false },
      brandColor: { type: DataTypes.STRING(7), allowNull: true, defaultValue: null },
      logoUrl: { type: DataTypes.STRING(2048), allowNull: true, defaultValue: null },
      revenueShareBps: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      createdAt: timestampColumn(),
    },
    { sequelize, tableName: 'partners', modelName: 'PartnerRow' },
  );
  const PartnerKey = class extends PartnerKeyRow {}.init(
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
      partnerId: { type: DataTypes.STRING(40), allowNull: false },
      livemode: booleanColumn(),
      tokenHash: { type: DataTypes.CHAR(64), allowNull: false, unique: true },
      tokenHint: { type: DataTypes.STRING(32), allowNull: false },
      createdAt: timestampColumn(),
      revokedAt: timestampColumn(true),
      expiresAt: { ...timestampColumn(true), defaultValue: null },
      rolledTo: { type: DataTypes.STRING(40), allowNull: true, defaultValue: null },
    },
    { sequelize, tableName: 'partner_keys', modelName: 'PartnerKeyRow' },
  );
  return { Partner, PartnerKey };
}
