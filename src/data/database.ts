// One Sequelize instance per process, chosen by URL: `sqlite:<file>` or `mysql://…`. Nothing
// else in the code knows which engine it is on.

import type mysql2 from 'mysql2';
import { Sequelize, Transaction } from 'sequelize';
import { beginAndCommitThroughDriver } from './transaction-control.js';

/**
 * The sqlite3 driver with the busy timeout (wait for the writer instead of failing with
 * SQLITE_BUSY) set on every connection it opens: Sequelize gives no connect hook for SQLite.
 * Each driver is loaded only when its database is used (a SQLite service never loads mysql2).
 */
const patientDrivers = new Map<number, ReturnType<typeof loadPatientSqlite3>>();
function patientSqlite3(busyTimeoutMs: number) {
  const known = patientDrivers.get(busyTimeoutMs);
  if (known) return known;
  const driver = loadPatientSqlite3(busyTimeoutMs);
  patientDrivers.set(busyTimeoutMs, driver);
  return driver;
}
async function loadPatientSqlite3(busyTimeoutMs: number) {
  const { default: driver } = await import('sqlite3');
  class PatientDatabase extends driver.Database {
    constructor(filename: string, mode: number, callback: (err: Error | null) => void) {
      super(filename, mode, (err) => {
        if (!err) this.configure('busyTimeout', busyTimeoutMs);
        callback(err);
      });
    }
  }
  return { ...driver, Database: PatientDatabase };
}

/** How long to wait for the database before a request gives up with 503 (see config.ts). */
export interface DatabaseTuning {
  /** SQLite: how long a write waits for another process's write lock (SQLITE_BUSY_TIMEOUT_MS). */
  busyTimeoutMs: number;
  /** MySQL: connections per process (DATABASE_POOL_MAX). */
  poolMax: number;
  /** MySQL: how long a request waits for a free pooled connection (DATABASE_POOL_ACQUIRE_MS). */
  poolAcquireMs: number;
}

export const DEFAULT_DATABASE_TUNING: DatabaseTuning = { busyTimeoutMs: 15_000, poolMax: 10, poolAcquireMs: 30_000 };

interface SqliteConnectionManager {
  getConnection(options?: { uuid?: string }): Promise<object>;
  releaseConnection(connection: object): unknown;
}

/**
 * Sequelize opens a new SQLite connection for every transaction and closes it afterwards: a file
 * open and a schema load per write, most of a small write's cost. This process already runs one
 * transaction at a time per database (unit-of-work.ts), so every transaction runs on one
 * long-lived writer connection instead, opened on first use and closed with the Sequelize
 * instance. Reads outside transactions keep Sequelize's default connection; with WAL they never
 * wait for the writer.
 */
function reuseOneWriterConnection(sequelize: Sequelize): void {
  const manager = sequelize.connectionManager as unknown as SqliteConnectionManager;
  const open = manager.getConnection.bind(manager);
  const release = manager.releaseConnection.bind(manager);
  let writer: Promise<object> | undefined;
  let writerConnection: object | undefined;
  manager.getConnection = (options = {}) => {
    if (!options.uuid || options.uuid === 'default') return open(options);
    writer ??= open({ ...options, uuid: 'writer' }).then(
      (connection) => (writerConnection = connection),
      (error: unknown) => {
        writer = undefined; // the next transaction tries to open it again
        throw error;
      },
    );
    return writer;
  };
  manager.releaseConnection = (connection) => (connection === writerConnection ? undefined : release(connection));
}

export type Dialect = 'sqlite' | 'mysql';

export function dialectOf(url: string): Dialect {
  if (url.startsWith('sqlite:')) return 'sqlite';
  if (url.startsWith('mysql://') || url.startsWith('mariadb://')) return 'mysql';
  throw new Error(`DATABASE_URL must start with sqlite: or mysql:// (got ${url.split(':')[0]}:)`);
}

export async function openDatabase(url: string, tuning: DatabaseTuning = DEFAULT_DATABASE_TUNING): Promise<Sequelize> {
  const dialect = dialectOf(url);
  const common = { logging: false as const, define: { underscored: true, timestamps: false } };
  if (dialect === 'sqlite') {
    const storage = url.slice('sqlite:'.length) || ':memory:';
    const sequelize = new Sequelize({
      ...common,
      dialect: 'sqlite',
      storage,
      dialectModule: await patientSqlite3(tuning.busyTimeoutMs),
      // BEGIN IMMEDIATE takes the write lock up front, so two writers queue on the busy timeout
      // instead of one failing when it upgrades a read lock.
      transactionType: Transaction.TYPES.IMMEDIATE,
      // The driver already waited busyTimeoutMs for the lock: Sequelize's own retry of
      // SQLITE_BUSY (five tries in all by default) would make the wait five times the setting.
      retry: { max: 1 },
    });
    if (storage !== ':memory:') await sequelize.query('PRAGMA journal_mode=WAL');
    reuseOneWriterConnection(sequelize);
    return sequelize;
  }
  const mysqlUrl = url.replace(/^mariadb:/, 'mysql:');
  const sequelize = new Sequelize(mysqlUrl, {
    ...common,
    dialect: 'mysql',
    dialectModule: (await import('mysql2')).default,
    timezone: '+00:00',
    pool: { max: tuning.poolMax, min: 0, idle: 10_000, acquire: tuning.poolAcquireMs },
    dialectOptions: {
      supportBigNumbers: true,
      bigNumberStrings: false,
      decimalNumbers: true,
      // mysql2 converts every column itself: DATETIMEs in the time zone above, DATEs as
      // 'YYYY-MM-DD' text (dateStrings), which is what Sequelize's own typeCast hook would give.
      // With a hook installed mysql2 builds a wrapper object for every field of every row: ~8 %
      // of a GET's CPU. test/mariadb/column-values.test.ts holds the values.
      typeCast: true,
      dateStrings: ['DATE'],
    },
    hooks: {
      // Transactions read committed data (row locks and SKIP LOCKED do the rest). Set once per
      // pooled connection: Sequelize's `isolationLevel` option would send the SET before every
      // transaction, one more round trip per write.
      afterConnect: async (connection: unknown) => {
        await (connection as mysql2.Connection).promise().query(`SET SESSION TRANSACTION ISOLATION LEVEL ${Transaction.ISOLATION_LEVELS.READ_COMMITTED}`);
      },
    },
  });
  beginAndCommitThroughDriver(sequelize);
  await sequelize.authenticate();
  return sequelize;
}

/** Pool connections by state (MySQL); SQLite has no pool. */
export function poolStats(sequelize: Sequelize): Record<string, number> {
  const pool = (sequelize.connectionManager as unknown as { pool?: { size: number; available: number; using: number; waiting: number } }).pool;
  if (!pool || typeof pool.size !== 'number') return {};
  return { size: pool.size, available: pool.available, using: pool.using, waiting: pool.waiting };
}
