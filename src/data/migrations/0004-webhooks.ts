import { DataTypes, type QueryInterface } from 'sequelize';
import { longText } from '../columns.js';

const timestamp = (allowNull = false) => ({ type: DataTypes.DATE(3), allowNull });

export async function up({ context: qi }: { context: QueryInterface }): Promise<void> {
  await qi.createTable('webhook_endpoints', {
    seq: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
    id: { type: DataTypes.STRING(64), allowNull: false, unique: true },
    merchant_id: { type: DataTypes.STRING(40), allowNull: false, references: { model: 'merchants', key: 'id' } },
    livemode: { type: DataTypes.BOOLEAN, allowNull: false },
    url: { type: DataTypes.STRING(2048), allowNull: false },
    enabled_events: { type: longText(qi.sequelize), allowNull: false },
    api_version: { type: DataTypes.STRING(8), allowNull: false },
    status: { type: DataTypes.STRING(16), allowNull: false },
    // Needed in clear to sign; never returned after the answer that creates or rotates it.
    secret: { type: DataTypes.STRING(64), allowNull: false },
    previous_secret: { type: DataTypes.STRING(64), allowNull: true },
    previous_secret_expires_at: timestamp(true),
    failing_since: timestamp(true),
    deleted_at: timestamp(true),
    created_at: timestamp(),
  });
  await qi.addIndex('webhook_endpoints', ['merchant_id', 'livemode', 'seq']);

  // The outbox: one row per event × endpoint, written in the event's own transaction.
  await qi.createTable('webhook_deliveries', {
    seq: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
    id: { type: DataTypes.STRING(64), allowNull: false, unique: true },
    merchant_id: { type: DataTypes.STRING(40), allowNull: false },
    endpoint_id: { type: DataTypes.STRING(64), allowNull: false },
    event_id: { type: DataTypes.STRING(64), allowNull: false },
    event_type: { type: DataTypes.STRING(64), allowNull: false },
    status: { type: DataTypes.STRING(16), allowNull: false },
    attempt_count: { type: DataTypes.INTEGER, allowNull: false },
    // When the next attempt is due; while an attempt runs, the end of its lease.
    next_attempt_at: timestamp(true),
    claimed_by: { type: DataTypes.STRING(64), allowNull: true },
    created_at: timestamp(),
  });
  await qi.addIndex('webhook_deliveries', ['status', 'next_attempt_at']);
  await qi.addIndex('webhook_deliveries', ['endpoint_id', 'seq']);

  await qi.createTable('webhook_attempts', {
    id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
    delivery_id: { type: DataTypes.STRING(64), allowNull: false },
    number: { type: DataTypes.INTEGER, allowNull: false },
    started_at: timestamp(),
    response_status: { type: DataTypes.INTEGER, allowNull: true },
    latency_ms: { type: DataTypes.INTEGER, allowNull: false },
    error: { type: DataTypes.STRING(500), allowNull: true },
  });
  // One row per attempt number: a second dispatcher can never record the same attempt twice.
  await qi.addIndex('webhook_attempts', ['delivery_id', 'number'], { unique: true, name: 'webhook_attempts_delivery_number' });
}

export async function down({ context: qi }: { context: QueryInterface }): Promise<void> {
  for (const table of ['webhook_attempts', 'webhook_deliveries', 'webhook_endpoints']) await qi.dropTable(table);
}
