// One Sequelize instance per process, chosen by URL: `sqlite:<file>` or `mysql://…`. Nothing
// else in the code knows which engine it is on.
import { Sequelize, Transaction } from 'sequelize';
import sqlite3 from 'sqlite3';
import mysql2 from 'mysql2';

/**
 * Sequelize opens a fresh SQLite connection per transaction and gives no connect hook, so the
 * busy timeout (wait for the writer instead of failing with SQLITE_BUSY) is set here, on every
 * connection the driver opens.
 */
const BUSY_TIMEOUT_MS = 15_000;
class PatientDatabase extends sqlite3.Database {
  constructor(filename: string, mode: number, callback: (err: Error | null) => void) {
    super(filename, mode, (err) => {
      if (!err) this.configure('busyTimeout', BUSY_TIMEOUT_MS);
      callback(err);
    });
  }
}
const patientSqlite3 = { ...sqlite3, Database: PatientDatabase };

export type Dialect = 'sqlite' | 'mysql';

export function dialectOf(url: string): Dialect {
  if (url.startsWith('sqlite:')) return 'sqlite';
  if (url.startsWith('mysql://') || url.startsWith('mariadb://')) return 'mysql';
  throw new Error(`DATABASE_URL must start with sqlite: or mysql:// (got ${url.split(':')[0]}:)`);
}

export async function openDatabase(url: string): Promise<Sequelize> {
  const dialect = dialectOf(url);
  const common = { logging: false as const, define: { underscored: true, timestamps: false } };
  if (dialect === 'sqlite') {
    const storage = url.slice('sqlite:'.length) || ':memory:';
    const sequelize = new Sequelize({
      ...common,
      dialect: 'sqlite',
      storage,
      dialectModule: patientSqlite3,
      // BEGIN IMMEDIATE takes the write lock up front, so two writers queue on the busy timeout
      // instead of one failing when it upgrades a read lock.
      transactionType: Transaction.TYPES.IMMEDIATE,
    });
    if (storage !== ':memory:') await sequelize.query('PRAGMA journal_mode=WAL');
    return sequelize;
  }
  const mysqlUrl = url.replace(/^mariadb:/, 'mysql:');
  const sequelize = new Sequelize(mysqlUrl, {
    ...common,
    dialect: 'mysql',
    dialectModule: mysql2,
    timezone: '+00:00',
    pool: { max: 10, min: 0, idle: 10_000, acquire: 30_000 },
    dialectOptions: { supportBigNumbers: true, bigNumberStrings: false, decimalNumbers: true },
    isolationLevel: Transaction.ISOLATION_LEVELS.READ_COMMITTED,
  });
  await sequelize.authenticate();
  return sequelize;
}

/** Pool connections by state (MySQL); SQLite has no pool. */
export function poolStats(sequelize: Sequelize): Record<string, number> {
  const pool = (sequelize.connectionManager as unknown as { pool?: { size: number; available: number; using: number; waiting: number } }).pool;
  if (!pool || typeof pool.size !== 'number') return {};
  return { size: pool.size, available: pool.available, using: pool.using, waiting: pool.waiting };
}
