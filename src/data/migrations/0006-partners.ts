import { DataTypes, type QueryInterface } from 'sequelize';

// Partners (platforms that embed Evenpay for their merchants), their own secret keys, and which
// partner a merchant belongs to. Partner keys live beside merchant keys, not among them: a key
// authenticates exactly one kind of principal.
export async function up({ context: qi }: { context: QueryInterface }): Promise<void> {
  const timestamp = (allowNull = false) => ({ type: DataTypes.DATE(3), allowNull });
  await qi.createTable('partners', {
    id: { type: DataTypes.STRING(40), primaryKey: true },
    name: { type: DataTypes.STRING(200), allowNull: false },
    created_at: timestamp(),
  });
  await qi.createTable('partner_keys', {
    id: { type: DataTypes.STRING(40), primaryKey: true },
    partner_id: { type: DataTypes.STRING(40), allowNull: false, references: { model: 'partners', key: 'id' } },
    livemode: { type: DataTypes.BOOLEAN, allowNull: false },
    token_hash: { type: DataTypes.CHAR(64), allowNull: false, unique: true },
    token_hint: { type: DataTypes.STRING(32), allowNull: false },
    created_at: timestamp(),
    revoked_at: timestamp(true),
  });
  await qi.addIndex('partner_keys', ['partner_id']);
  await qi.addColumn('merchants', 'partner_id', { type: DataTypes.STRING(40), allowNull: true });
  await qi.addIndex('merchants', ['partner_id']);
}

export async function down({ context: qi }: { context: QueryInterface }): Promise<void> {
  await qi.removeIndex('merchants', ['partner_id']);
  await qi.removeColumn('merchants', 'partner_id');
  await qi.dropTable('partner_keys');
  await qi.dropTable('partners');
}
