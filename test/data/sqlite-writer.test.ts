// On SQLite every transaction runs on one long-lived writer connection (database.ts), instead of
// a connection Sequelize would open and close per transaction.

import type { Transaction } from 'sequelize';
import { describe, expect, it } from 'vitest';
import { createUnitOfWork } from '../../src/data/unit-of-work.js';
import { createMerchant } from '../../src/domain/merchants.js';
import { systemClock } from '../../src/kernel/clock.js';
import { useScratchSqlite } from '../helpers/scratch-sqlite.js';

const scratch = useScratchSqlite();

/** The SQLite handles Sequelize holds open, by name ('default' for reads, 'writer' for transactions). */
function openConnections(): string[] {
  return Object.keys((scratch.sequelize.connectionManager as unknown as { connections: Record<string, unknown> }).connections).sort();
}

/** A domain write's context on the scratch database, in `transaction`. */
const writeIn = (transaction: Transaction) => ({ models: scratch.models, clock: systemClock, transaction, requestId: null });

describe('SQLite transactions', () => {
  it('all run on one writer connection that stays open, however many there are', async () => {
    const uow = createUnitOfWork(scratch.sequelize);
    const ids = await Promise.all(
      Array.from({ length: 20 }, (_, i) => uow.transaction(async (transaction) => (await createMerchant(writeIn(transaction), { name: `M${i}` })).id)),
    );
    expect(new Set(ids).size).toBe(20);
    expect(await scratch.models.Merchant.count()).toBe(20);
    expect(openConnections()).toEqual(['default', 'writer']);
  });

  it('roll back on the writer and leave it usable', async () => {
    const uow = createUnitOfWork(scratch.sequelize);
    await expect(
      uow.transaction(async (transaction) => {
        await createMerchant(writeIn(transaction), { name: 'Rolled back' });
        throw new Error('refused');
      }),
    ).rejects.toThrow('refused');
    expect(await scratch.models.Merchant.count({ where: { name: 'Rolled back' } })).toBe(0);
    await uow.transaction((transaction) => createMerchant(writeIn(transaction), { name: 'After' }));
    expect(await scratch.models.Merchant.count({ where: { name: 'After' } })).toBe(1);
    expect(openConnections()).toEqual(['default', 'writer']);
  });

  it('queue behind one another across units of work on the same database', async () => {
    // Two units of work (two apps on one Sequelize, as tests run them) share the writer: they
    // must share the queue too, or one would BEGIN inside the other's transaction.
    const [a, b] = [createUnitOfWork(scratch.sequelize), createUnitOfWork(scratch.sequelize)];
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b).transaction((transaction) => createMerchant(writeIn(transaction), { name: `Q${i}` }))),
    );
    expect(results).toHaveLength(10);
  });
});
