// The one query the reference targets (f) and (g) answer GET /v2/transactions/{id} with: the row by
// id straight through the driver (a mysql2 prepared statement, or sqlite3), no ORM.
// The database URL: sqlite:<file> or mysql://… (the bench database, already migrated).
import mysql from 'mysql2';
import sqlite3 from 'sqlite3';

export type Row = Record<string, unknown> | undefined;
const SQL = 'SELECT * FROM transactions WHERE id = ? LIMIT 1';

export function transactionById(url: string): { find(id: string): Promise<Row>; close(): Promise<void> } {
  if (url.startsWith('sqlite:')) {
    const db = new sqlite3.Database(url.slice('sqlite:'.length));
    return {
      find: (id) => new Promise((resolve, reject) => db.get(SQL, [id], (err, row) => (err ? reject(err) : resolve(row as Row)))),
      close: () => new Promise((resolve) => db.close(() => resolve())),
    };
  }
  const pool = mysql.createPool({ uri: url.replace(/^mariadb:/, 'mysql:'), connectionLimit: 10 });
  return {
    find: (id) => new Promise((resolve, reject) => pool.execute(SQL, [id], (err, rows) => (err ? reject(err) : resolve((rows as Row[])[0])))),
    close: () => new Promise((resolve) => pool.end(() => resolve())),
  };
}

/** FLOOR_DATABASE_URL, which every reference target needs. */
export function floorDatabaseUrl(): string {
  const url = process.env.FLOOR_DATABASE_URL;
  if (!url) throw new Error('FLOOR_DATABASE_URL is required');
  return url;
}
