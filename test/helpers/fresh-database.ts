// A new, migrated database of the same kind as the project's: the global setup makes one per
// run; a test file that runs background workers (which act on every row of a database) makes
// its own, so the workers never touch another file's data.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openDatabase } from '../../src/data/database.js';
import { migrate } from '../../src/data/migrate.js';

export interface FreshDatabase {
  url: string;
  drop(): Promise<void>;
}

async function onMysqlServer(url: string, statement: string): Promise<void> {
  const server = new URL(url);
  server.pathname = '/mysql';
  const admin = await openDatabase(server.toString());
  try {
    await admin.query(statement);
  } finally {
    await admin.close();
  }
}

/** `like` is a database URL of the kind wanted; `suffix` names the new MySQL database. */
export async function freshDatabase(like: string, suffix: string): Promise<FreshDatabase> {
  let url: string;
  let drop: () => Promise<void>;
  if (like.startsWith('sqlite:')) {
    const dir = mkdtempSync(path.join(tmpdir(), 'evenpay-db-'));
    url = `sqlite:${path.join(dir, 'evenpay.sqlite')}`;
    drop = async () => rmSync(dir, { recursive: true, force: true });
  } else {
    const target = new URL(like);
    const name = `${target.pathname.slice(1)}${suffix ? `_${suffix}` : ''}`;
    if (!/^[A-Za-z0-9_]+$/.test(name)) throw new Error(`Unsafe test database name: ${name}`);
    await onMysqlServer(like, `DROP DATABASE IF EXISTS \`${name}\``);
    await onMysqlServer(like, `CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin`);
    target.pathname = `/${name}`;
    url = target.toString();
    drop = () => (suffix ? onMysqlServer(like, `DROP DATABASE IF EXISTS \`${name}\``) : Promise.resolve());
  }
  const sequelize = await openDatabase(url);
  try {
    await migrate(sequelize);
  } finally {
    await sequelize.close();
  }
  return { url, drop };
}
