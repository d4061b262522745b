// Statements straight through the database driver (mysql2's prepared statements, sqlite3) on
// Sequelize's own connections: a pooled one (MySQL) or the default read connection (SQLite) for a
// read, the transaction's own for a write inside one. For the hottest statements only, where
// Sequelize's query path (its query object, value parsers and a model instance per row) costs
// several times the query itself (bench/README.md); Sequelize keeps the models, the migrations,
// the transactions and every other statement. A failure is the driver's own error (ECONNRESET,
// SQLITE_BUSY…), which http/problem.ts answers as a 503 like Sequelize's.
import type { Sequelize, Transaction } from 'sequelize';

/** A value a statement binds; booleans as 1 or 0, as both engines store them, and SQLite's timestamps as text (data/columns.ts). */
export type BindValue = string | number | null | Date;
export type RawRow = Record<string, unknown>;

type Callback<T> = (error: Error | null, result: T) => void;

interface ConnectionManager {
  getConnection(options: object): Promise<unknown>;
  releaseConnection(connection: unknown): unknown;
}

interface MysqlConnection {
  execute(options: { sql: string; values: readonly BindValue[] }, callback: Callback<RawRow[] & { insertId?: number }>): void;
}

interface SqliteDatabase {
  all(sql: string, values: readonly BindValue[], callback: Callback<RawRow[]>): void;
  run(sql: string, values: readonly BindValue[], callback: (this: { lastID: number }, error: Error | null) => void): void;
}

function run(sequelize: Sequelize, connection: unknown, sql: string, values: readonly BindValue[]): Promise<RawRow[]> {
  return new Promise((resolve, reject) => {
    const done: Callback<RawRow[]> = (error, rows) => (error ? reject(error) : resolve(rows));
    if (sequelize.getDialect() === 'sqlite') (connection as SqliteDatabase).all(sql, values, done);
    // A prepared statement, kept by mysql2 per connection once prepared: later calls send only the values.
    else (connection as MysqlConnection).execute({ sql, values }, done);
  });
}

/** The rows of one SELECT, as the driver returns them (keyed by column name), outside any transaction. */
export async function selectRows(sequelize: Sequelize, sql: string, values: readonly BindValue[]): Promise<RawRow[]> {
  const manager = sequelize.connectionManager as unknown as ConnectionManager;
  const connection = await manager.getConnection({ type: 'SELECT' });
  try {
    return await run(sequelize, connection, sql, values);
  } finally {
    await manager.releaseConnection(connection);
  }
}

/** Runs one INSERT on the transaction's connection; the auto-increment id it assigned. */
export function insertRow(sequelize: Sequelize, transaction: Transaction, sql: string, values: readonly BindValue[]): Promise<number> {
  const connection = (transaction as unknown as { connection: unknown }).connection;
  return new Promise((resolve, reject) => {
    if (sequelize.getDialect() === 'sqlite') {
      (connection as SqliteDatabase).run(sql, values, function (this: { lastID: number }, error: Error | null) {
        if (error) reject(error);
        else resolve(this.lastID);
      });
    } else {
      (connection as MysqlConnection).execute({ sql, values }, (error, result) => (error ? reject(error) : resolve(Number(result.insertId))));
    }
  });
}
