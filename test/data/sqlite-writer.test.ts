// On SQLite every transaction runs on one long-lived writer connection (database.ts), instead of
// a connection Sequelize would open and close per transaction.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sequelize } from 'sequelize';
import type { Models } from '../../src/data/models/index.js';
import { createUnitOfWork } from '../../src/data/unit-of-work.js';
import { createMerchant } from '../../src/domain/merchants.js';
import { scratchSqlite, type ScratchSqlite } from '../helpers/scratch-sqlite.js';

let scratch: ScratchSqlite;
let sequelize: Sequelize;
let models: Models;

/** The SQLite handles Sequelize holds open, by name ('default' for reads, 'writer' for transactions). */
function openConnections(): string[] {
  return Object.keys((sequelize.connectionManager as unknown as { connections: Record<string, unknown> }).connections).sort();
}

beforeAll(async () => {
  scratch = await scratchSqlite();
  ({ sequelize, models } = scratch);
});
afterAll(() => scratch.close());

describe('SQLite transactions', () => {
  it('all run on one writer connection that stays open, however many there are', async () => {
    const uow = createUnitOfWork(sequelize);
    const ids = await Promise.all(Array.from({ length: 20 }, (_, i) => uow.transaction(async (transaction) => (await createMerchant(models, { name: `M${i}` }, transaction)).id)));
    expect(new Set(ids).size).toBe(20);
    expect(await models.Merchant.count()).toBe(20);
    expect(openConnections()).toEqual(['default', 'writer']);
  });

  it('roll back on the writer and leave it usable', async () => {
    const uow = createUnitOfWork(sequelize);
    await expect(
      uow.transaction(async (transaction) => {
        await createMerchant(models, { name: 'Rolled back' }, transaction);
        throw new Error('refused');
      }),
    ).rejects.toThrow('refused');
    expect(await models.Merchant.count({ where: { name: 'Rolled back' } })).toBe(0);
    await uow.transaction((transaction) => createMerchant(models, { name: 'After' }, transaction));
    expect(await models.Merchant.count({ where: { name: 'After' } })).toBe(1);
    expect(openConnections()).toEqual(['default', 'writer']);
  });

  it('queue behind one another across units of work on the same database', async () => {
    // Two units of work (two apps on one Sequelize, as tests run them) share the writer: they
    // must share the queue too, or one would BEGIN inside the other's transaction.
    const [a, b] = [createUnitOfWork(sequelize), createUnitOfWork(sequelize)];
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b).transaction((transaction) => createMerchant(models, { name: `Q${i}` }, transaction))));
    expect(results).toHaveLength(10);
  });
});
