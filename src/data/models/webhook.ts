import { type CreationOptional, DataTypes, type InferAttributes, type InferCreationAttributes, Model, type Sequelize } from 'sequelize';
import { booleanColumn, jsonColumn, timestampColumn } from '../columns.js';

export class WebhookEndpointRow extends Model<InferAttributes<WebhookEndpointRow>, InferCreationAttributes<WebhookEndpointRow>> {
  declare seq: CreationOptional<number>;
  declare id: string;
  /** The merchant whose endpoint it is; null for a partner's (which receives all its merchants' events). */
  declare merchantId: string | null;
  /** The partner whose endpoint it is; null for a merchant's. */
  declare partnerId: CreationOptional<string | null>;
  declare livemode: boolean;
  declare url: string;
  declare enabledEvents: string[];
  declare apiVersion: string;
  declare status: 'enabled' | 'disabled';
  declare secret: string;
  declare previousSecret: string | null;
  declare previousSecretExpiresAt: Date | null;
  declare failingSince: Date | null;
  declare deletedAt: Date | null;
  declare createdAt: Date;
}

export type DeliveryStatus = 'pending' | 'succeeded' | 'failed';

export class WebhookDeliveryRow extends Model<InferAttributes<WebhookDeliveryRow>, InferCreationAttributes<WebhookDeliveryRow>> {
  declare seq: CreationOptional<number>;
  declare id: string;
  declare merchantId: string;
  declare endpointId: string;
  declare eventId: string;
  declare eventType: string;
  declare status: DeliveryStatus;
  declare attemptCount: number;
  declare nextAttemptAt: Date | null;
  declare claimedBy: string | null;
  declare createdAt: Date;
}

export class WebhookAttemptRow extends Model<InferAttributes<WebhookAttemptRow>, InferCreationAttributes<WebhookAttemptRow>> {
  declare id: CreationOptional<number>;
  declare deliveryId: string;
  declare number: number;
  declare startedAt: Date;
  declare responseStatus: number | null;
  declare latencyMs: number;
  declare error: string | null;
}

export function defineWebhookModels(sequelize: Sequelize) {
  const Endpoint = class extends WebhookEndpointRow {}.init(
    {
      seq: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
      id: { type: DataTypes.STRING(64), allowNull: false, unique: true },
      merchantId: { type: DataTypes.STRING(40), allowNull: true },
      partnerId: { type: DataTypes.STRING(40), allowNull: true, defaultValue: null },
      livemode: booleanColumn(),
      url: { type: DataTypes.STRING(2048), allowNull: false },
      enabledEvents: jsonColumn(sequelize, 'enabledEvents'),
      apiVersion: { type: DataTypes.STRING(8), allowNull: false },
      status: { type: DataTypes.STRING(16), allowNull: false },
      secret: { type: DataTypes.STRING(64), allowNull: false },
      previousSecret: { type: DataTypes.STRING(64), allowNull: true },
      previousSecretExpiresAt: timestampColumn(true),
      failingSince: timestampColumn(true),
      deletedAt: timestampColumn(true),
      createdAt: timestampColumn(),
    },
    { sequelize, tableName: 'webhook_endpoints', modelName: 'WebhookEndpointRow' },
  );
  const Delivery = class extends WebhookDeliveryRow {}.init(
    {
      seq: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
      id: { type: DataTypes.STRING(64), allowNull: false, unique: true },
      merchantId: { type: DataTypes.STRING(40), allowNull: false },
      endpointId: { type: DataTypes.STRING(64), allowNull: false },
      eventId: { type: DataTypes.STRING(64), allowNull: false },
      eventType: { type: DataTypes.STRING(64), allowNull: false },
      status: { type: DataTypes.STRING(16), allowNull: false },
      attemptCount: { type: DataTypes.INTEGER, allowNull: false },
      nextAttemptAt: timestampColumn(true),
      claimedBy: { type: DataTypes.STRING(64), allowNull: true },
      createdAt: timestampColumn(),
    },
    { sequelize, tableName: 'webhook_deliveries', modelName: 'WebhookDeliveryRow' },
  );
  const Attempt = class extends WebhookAttemptRow {}.init(
    {
      id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
      deliveryId: { type: DataTypes.STRING(64), allowNull: false },
      number: { type: DataTypes.INTEGER, allowNull: false },
      startedAt: timestampColumn(),
      responseStatus: { type: DataTypes.INTEGER, allowNull: true },
      latencyMs: { type: DataTypes.INTEGER, allowNull: false },
      error: { type: DataTypes.STRING(500), allowNull: true },
    },
    { sequelize, tableName: 'webhook_attempts', modelName: 'WebhookAttemptRow' },
  );
  return { WebhookEndpoint: Endpoint, WebhookDelivery: Delivery, WebhookAttempt: Attempt };
}
