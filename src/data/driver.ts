// Statements straight through the database driver (mysql2's prepared statements, sqlite3) on
// Sequelize's own connections: a pooled one (MySQL) or the default read connection (SQLite) for a
// read, the transaction's own for a write inside one. For the hottest statements only, where
// Sequelize's query path (its query object, value parsers and a model instance per row) costs
// several times the query itself (bench/README.md); Sequelize keeps the models, the migrations,
// the transactions (whose BEGIN and COMMIT come here on MySQL: transaction-control.ts) and every
// other statement. A failure is the driver's own error (ECONNRESET, SQLITE_BUSY…), which
// http/problem.ts answers as a 503 like Sequelize's.
import type { Sequelize, Transaction } from 'sequelize';
import { keptAll, keptRun, type SqliteConnection } from './sqlite-statements.js';

/** A value a statement binds; booleans as 1 or 0, as both engines store them, and SQLite's timestamps as text (data/columns.ts). */
export type BindValue = string | number | null | Date;
export type RawRow = Record<string, unknown>;

type Callback<T> = (error: Error | null, result: T) => void;

interface ConnectionManager {
  getConnection(options: object): Promise<unknown>;
  releaseConnection(connection: unknown): unknown;
}

/** What a write statement did: the auto-increment id it assigned (an INSERT), and how many rows it changed. */
export interface WriteResult {
  insertId: number;
  affectedRows: number;
}

interface MysqlConnection {
  query(sql: string, callback: Callback<unknown>): void;
  execute(options: { sql: string; values: readonly BindValue[] }, callback: Callback<RawRow[] & Partial<WriteResult>>): void;
}

const isSqlite = (sequelize: Sequelize) => sequelize.getDialect() === 'sqlite';

function select(sequelize: Sequelize, connection: unknown, sql: string, values: readonly BindValue[]): Promise<RawRow[]> {
  // SQLite: the statement prepared once per connection (sqlite-statements.ts).
  if (isSqlite(sequelize)) return keptAll(connection as SqliteConnection, sql, values);
  return new Promise((resolve, reject) =>
    // A prepared statement, kept by mysql2 per connection once prepared: later calls send only the values.
    (connection as MysqlConnection).execute({ sql, values }, (error, rows) => (error ? reject(error) : resolve(rows))),
  );
}

async function write(sequelize: Sequelize, connection: unknown, sql: string, values: readonly BindValue[]): Promise<WriteResult> {
  if (isSqlite(sequelize)) {
    const { lastID, changes } = await keptRun(connection as SqliteConnection, sql, values);
    return { insertId: lastID, affectedRows: changes };
  }
  return new Promise((resolve, reject) =>
    (connection as MysqlConnection).execute({ sql, values }, (error, result) =>
      error ? reject(error) : resolve({ insertId: Number(result.insertId ?? 0), affectedRows: Number(result.affectedRows ?? 0) }),
    ),
  );
}

/**
 * Runs `statement` on the transaction's connection, or on one Sequelize lends outside a transaction
 * (MySQL's pool, SQLite's default connection), asked for as Sequelize asks: a read as a SELECT, a
 * write as a write (which, with read replicas configured, decides the pool).
 */
async function onConnection<T>(
  sequelize: Sequelize,
  transaction: Transaction | undefined,
  kind: 'read' | 'write',
  statement: (connection: unknown) => Promise<T>,
): Promise<T> {
  if (transaction) return statement((transaction as unknown as { connection: unknown }).connection);
  const manager = sequelize.connectionManager as unknown as ConnectionManager;
  const connection = await manager.getConnection(kind === 'read' ? { type: 'SELECT' } : {});
  try {
    return await statement(connection);
  } finally {
    await manager.releaseConnection(connection);
  }
}

/** The rows of one SELECT, as the driver returns them (keyed by column name), outside any transaction. */
export function selectRows(sequelize: Sequelize, sql: string, values: readonly BindValue[]): Promise<RawRow[]> {
  return onConnection(sequelize, undefined, 'read', (connection) => select(sequelize, connection, sql, values));
}

/**
 * One INSERT, UPDATE or DELETE: inside the transaction when one is given, else as one autocommit
 * statement (on SQLite, under the unit of work's write queue like any write: the caller's job).
 */
export function writeRows(sequelize: Sequelize, transaction: Transaction | undefined, sql: string, values: readonly BindValue[]): Promise<WriteResult> {
  return onConnection(sequelize, transaction, 'write', (connection) => write(sequelize, connection, sql, values));
}

/**
 * MySQL only: one statement with no values and no rows (`START TRANSACTION`, `COMMIT`) on
 * `connection`, a transaction's own (transaction-control.ts), in mysql2's text protocol: such a
 * statement gains nothing prepared.
 */
export function controlStatement(connection: unknown, sql: string): Promise<void> {
  return new Promise((resolve, reject) => (connection as MysqlConnection).query(sql, (error) => (error ? reject(error) : resolve())));
}

/** What a driver's error says of itself (mysql2's and sqlite3's). */
export interface DriverError {
  name?: string;
  code?: string;
  errno?: number;
  message?: string;
  /** mysql2: the connection itself is gone. */
  fatal?: boolean;
}

/**
 * The error and the driver's error inside it: Sequelize wraps the driver's as `parent` (and
 * `original`); a statement sent through the driver here throws the driver's own.
 */
export function errorCauses(error: unknown): DriverError[] {
  const wrapped = error as (DriverError & { parent?: DriverError; original?: DriverError }) | null | undefined;
  if (wrapped === null || wrapped === undefined) return [];
  return [wrapped, wrapped.parent, wrapped.original].filter((cause): cause is DriverError => cause !== undefined && cause !== null);
}

/** The statement broke a unique index: Sequelize's UniqueConstraintError, or the driver's own error for a statement sent through it. */
export function isUniqueViolation(error: unknown): boolean {
  return errorCauses(error).some(
    ({ name, code, message }) =>
      name === 'SequelizeUniqueConstraintError' || code === 'ER_DUP_ENTRY' || (code === 'SQLITE_CONSTRAINT' && /UNIQUE constraint failed/.test(message ?? '')),
  );
}
