import { DataTypes, type QueryInterface } from 'sequelize';

// Keys by API: a rolled key works until `expires_at` and names the key that replaced it; both key
// tables get an insertion order for cursor lists (MySQL: an AUTO_INCREMENT `seq`; SQLite: the
// implicit `rowid`); and `api_key_changes`, the feed every replica reads to drop its cached copy
// of a key that was revoked or rolled (http/key-changes.ts).
export async function up({ context: qi }: { context: QueryInterface }): Promise<void> {
  for (const table of ['api_keys', 'partner_keys']) {
    await qi.addColumn(table, 'expires_at', { type: DataTypes.DATE(3), allowNull: true });
    await qi.addColumn(table, 'rolled_to', { type: DataTypes.STRING(40), allowNull: true });
    if (qi.sequelize.getDialect() === 'mysql') await qi.sequelize.query(`ALTER TABLE ${table} ADD COLUMN seq BIGINT NOT NULL AUTO_INCREMENT UNIQUE`);
  }
  await qi.createTable('api_key_changes', {
    seq: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
    token_hash: { type: DataTypes.CHAR(64), allowNull: false },
    // A publishable key is public: named so that cached v1 key pairs holding it are dropped too.
    publishable_token: { type: DataTypes.STRING(64), allowNull: true },
    created_at: { type: DataTypes.DATE(3), allowNull: false },
  });
  await qi.addIndex('api_key_changes', ['created_at']);
}

export async function down({ context: qi }: { context: QueryInterface }): Promise<void> {
  await qi.dropTable('api_key_changes');
  for (const table of ['api_keys', 'partner_keys']) {
    if (qi.sequelize.getDialect() === 'mysql') await qi.removeColumn(table, 'seq');
    await qi.removeColumn(table, 'rolled_to');
    await qi.removeColumn(table, 'expires_at');
  }
}
