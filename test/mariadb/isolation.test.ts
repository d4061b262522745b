// Every MySQL/MariaDB connection runs READ COMMITTED, set once when the pool opens it rather than
// before each transaction (database.ts).

import { QueryTypes, type Sequelize } from 'sequelize';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openDatabase } from '../../src/data/database.js';
import { statementsDuring } from '../helpers/sql-log.js';

let sequelize: Sequelize;

beforeAll(async () => {
  sequelize = await openDatabase(inject('databaseUrl'));
});
afterAll(() => sequelize.close());

/** The session's level (MariaDB's name for it; MySQL 8 calls it @@transaction_isolation). */
async function isolationOf(options: object = {}): Promise<string> {
  const [row] = await sequelize.query<{ level: string }>('SELECT @@tx_isolation AS level', { type: QueryTypes.SELECT, ...options });
  return row!.level;
}

describe('MySQL isolation level', () => {
  it('is READ COMMITTED inside transactions, on every pooled connection, with no SET sent per transaction', async () => {
    const { result: levels, statements } = await statementsDuring(sequelize, () =>
      Promise.all(Array.from({ length: 8 }, () => sequelize.transaction((transaction) => isolationOf({ transaction })))),
    );
    expect(new Set(levels)).toEqual(new Set(['READ-COMMITTED']));
    expect(statements.filter((sql) => /ISOLATION LEVEL/i.test(sql))).toEqual([]);
    expect(await isolationOf()).toBe('READ-COMMITTED');
  });
});
