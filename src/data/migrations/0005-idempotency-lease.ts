import { DataTypes, type QueryInterface } from 'sequelize';

// Who runs a claimed Idempotency-Key: "<process id> <token>" (data/presence.ts). A retry may take
// over a claim whose process is gone; the response is stored only under the lease that ran it.
export async function up({ context: qi }: { context: QueryInterface }): Promise<void> {
  await qi.addColumn('idempotency_keys', 'lease', { type: DataTypes.STRING(100), allowNull: true });
}

export async function down({ context: qi }: { context: QueryInterface }): Promise<void> {
  await qi.removeColumn('idempotency_keys', 'lease');
}
