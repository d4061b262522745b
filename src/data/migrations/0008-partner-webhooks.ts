import { DataTypes, type QueryInterface } from 'sequelize';
import { longText } from '../columns.js';

// Partner webhooks: an event names the partner its merchant belongs to (so a partner lists the
// events of all its merchants, and its endpoints receive them), and a webhook endpoint belongs
// to a merchant or to a partner (`merchant_id` null, `partner_id` set).
export async function up({ context: qi }: { context: QueryInterface }): Promise<void> {
  await qi.addColumn('events', 'partner_id', { type: DataTypes.STRING(40), allowNull: true });
  await qi.sequelize.query('UPDATE events SET partner_id = (SELECT partner_id FROM merchants WHERE merchants.id = events.merchant_id)');
  await qi.addIndex('events', ['partner_id', 'livemode', 'seq'], { name: 'events_partner_scope' });
  await qi.addIndex('events', ['partner_id', 'livemode', 'type', 'seq'], { name: 'events_partner_type' });

  if (qi.sequelize.getDialect() === 'mysql') {
    await qi.changeColumn('webhook_endpoints', 'merchant_id', { type: DataTypes.STRING(40), allowNull: true });
    await qi.addColumn('webhook_endpoints', 'partner_id', { type: DataTypes.STRING(40), allowNull: true });
  } else {
    // SQLite cannot relax NOT NULL in place: the table is rebuilt (nothing references it).
    await qi.createTable('webhook_endpoints_next', endpointColumns(qi));
    const columns =
      'seq, id, merchant_id, livemode, url, enabled_events, api_version, status, secret, previous_secret, previous_secret_expires_at, failing_since, deleted_at, created_at';
    await qi.sequelize.query(`INSERT INTO webhook_endpoints_next (${columns}) SELECT ${columns} FROM webhook_endpoints`);
    await qi.dropTable('webhook_endpoints');
    await qi.renameTable('webhook_endpoints_next', 'webhook_endpoints');
    await qi.addIndex('webhook_endpoints', ['merchant_id', 'livemode', 'seq']);
  }
  await qi.addIndex('webhook_endpoints', ['partner_id', 'livemode', 'seq'], { name: 'webhook_endpoints_partner_scope' });
}

/** webhook_endpoints as 0004 made it, with `merchant_id` nullable and `partner_id`. */
function endpointColumns(qi: QueryInterface) {
  const timestamp = (allowNull = false) => ({ type: DataTypes.DATE(3), allowNull });
  return {
    seq: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
    id: { type: DataTypes.STRING(64), allowNull: false, unique: true },
    merchant_id: { type: DataTypes.STRING(40), allowNull: true, references: { model: 'merchants', key: 'id' } },
    partner_id: { type: DataTypes.STRING(40), allowNull: true, references: { model: 'partners', key: 'id' } },
    livemode: { type: DataTypes.BOOLEAN, allowNull: false },
    url: { type: DataTypes.STRING(2048), allowNull: false },
    enabled_events: { type: longText(qi.sequelize), allowNull: false },
    api_version: { type: DataTypes.STRING(8), allowNull: false },
    status: { type: DataTypes.STRING(16), allowNull: false },
    secret: { type: DataTypes.STRING(64), allowNull: false },
    previous_secret: { type: DataTypes.STRING(64), allowNull: true },
    previous_secret_expires_at: timestamp(true),
    failing_since: timestamp(true),
    deleted_at: timestamp(true),
    created_at: timestamp(),
  };
}

export async function down({ context: qi }: { context: QueryInterface }): Promise<void> {
  await qi.removeIndex('webhook_endpoints', 'webhook_endpoints_partner_scope');
  await qi.sequelize.query('DELETE FROM webhook_endpoints WHERE merchant_id IS NULL');
  await qi.removeColumn('webhook_endpoints', 'partner_id');
  await qi.removeIndex('events', 'events_partner_type');
  await qi.removeIndex('events', 'events_partner_scope');
  await qi.removeColumn('events', 'partner_id');
}
