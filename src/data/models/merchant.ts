import { type CreationOptional, DataTypes, type InferAttributes, type InferCreationAttributes, Model, type Sequelize } from 'sequelize';
import { jsonColumn, timestampColumn } from '../columns.js';

/** Where a merchant's review stands (the spec's KnownMerchantStatus). */
export type MerchantStatus = 'pending' | 'active' | 'restricted' | 'rejected';

/** A problem the review found, with the requirement it concerns (null: the merchant as a whole). */
export interface RequirementError {
  requirement: string | null;
  code: string;
  reason: string;
}

export class MerchantRow extends Model<InferAttributes<MerchantRow>, InferCreationAttributes<MerchantRow>> {
  /** Insertion order, for cursor lists: MySQL's AUTO_INCREMENT `seq`, SQLite's implicit `rowid`. */
  declare seq: CreationOptional<number>;
  declare id: string;
  /** The display name, shown to consumers. */
  declare name: string;
  declare currencies: string[];
  /** The partner the merchant belongs to (null: a merchant of Evenpay's own). */
  declare partnerId: CreationOptional<string | null>;
  /** The one mode a partner created it in; null for an operator's merchant, which has keys in both. */
  declare livemode: CreationOptional<boolean | null>;
  declare externalMerchantId: CreationOptional<string | null>;
  declare legalName: CreationOptional<string | null>;
  declare website: CreationOptional<string | null>;
  declare country: CreationOptional<string | null>;
  declare categoryCode: CreationOptional<string | null>;
  declare supportEmail: CreationOptional<string | null>;
  declare status: CreationOptional<MerchantStatus>;
  /** Problems the last review found; what is currently due is derived (domain/onboarding.ts). */
  declare requirementErrors: CreationOptional<RequirementError[] | null>;
  /** When the pending merchant's review runs (the worker's sweep); null when none is scheduled. */
  declare reviewDueAt: CreationOptional<Date | null>;
  /** Branding on the hosted pages (domain/branding.ts): `#RRGGBB`, and a logo URL. */
  declare brandColor: CreationOptional<string | null>;
  declare logoUrl: CreationOptional<string | null>;
  /** An uploaded logo (brand_assets), instead of `logoUrl`. */
  declare logoAssetId: CreationOptional<string | null>;
  /** The origins whose pages may read GET /v2/promotions (domain/allowed-origins.ts); null: none yet. */
  declare allowedOrigins: CreationOptional<string[] | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date | null>;
}

export function defineMerchant(sequelize: Sequelize): typeof MerchantRow {
  // Model.init binds the class it is called on: a subclass per database keeps two apps in one
  // process (tests) from rebinding each other's models.
  const Bound = class extends MerchantRow {};
  const nullableString = (length: number) => ({ type: DataTypes.STRING(length), allowNull: true, defaultValue: null });
  return Bound.init(
    {
      // Never written: the database numbers it (see the migration 0007).
      seq: {
        type: DataTypes.BIGINT,
        field: sequelize.getDialect() === 'sqlite' ? 'rowid' : 'seq',
        get(this: MerchantRow) {
          return Number(this.getDataValue('seq'));
        },
      },
      id: { type: DataTypes.STRING(40), primaryKey: true },
      name: { type: DataTypes.STRING(200), allowNull: false },
      currencies: jsonColumn(sequelize, 'currencies'),
      partnerId: nullableString(40),
      livemode: { type: DataTypes.BOOLEAN, allowNull: true, defaultValue: null },
      externalMerchantId: nullableString(128),
      legalName: nullableString(200),
      website: nullableString(2048),
      country: nullableString(2),
      categoryCode: nullableString(4),
      supportEmail: nullableString(254),
      status: { type: DataTypes.STRING(32), allowNull: false, defaultValue: 'active' },
      requirementErrors: { ...jsonColumn(sequelize, 'requirementErrors', true), defaultValue: null },
      reviewDueAt: { ...timestampColumn(true), defaultValue: null },
      brandColor: { type: DataTypes.STRING(7), allowNull: true, defaultValue: null },
      logoUrl: { type: DataTypes.STRING(2048), allowNull: true, defaultValue: null },
      logoAssetId: nullableString(40),
      allowedOrigins: { ...jsonColumn(sequelize, 'allowedOrigins', true), defaultValue: null },
      createdAt: { ...timestampColumn(), defaultValue: DataTypes.NOW },
      updatedAt: { ...timestampColumn(true), defaultValue: null },
    },
    { sequelize, tableName: 'merchants', modelName: 'MerchantRow' },
  );
}

/** One of a merchant's allowed origins, by origin: what a CORS preflight (which names no merchant) looks up. */
export class MerchantOriginRow extends Model<InferAttributes<MerchantOriginRow>, InferCreationAttributes<MerchantOriginRow>> {
  declare merchantId: string;
  declare origin: string;
}

export function defineMerchantOrigin(sequelize: Sequelize): typeof MerchantOriginRow {
  const Bound = class extends MerchantOriginRow {};
  return Bound.init(
    {
      merchantId: { type: DataTypes.STRING(40), primaryKey: true },
      origin: { type: DataTypes.STRING(255), primaryKey: true },
    },
    { sequelize, tableName: 'merchant_origins', modelName: 'MerchantOriginRow' },
  );
}
