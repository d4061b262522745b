// On MySQL a transaction's START TRANSACTION and COMMIT go through the driver, not Sequelize's
// query path (src/data/transaction-control.ts). What must not change: the work is one transaction
// (unseen outside until the COMMIT), a failure rolls it all back, savepoints still nest, and a
// transaction whose connection is gone before its COMMIT is an outage (503), with nothing of its
// work left behind.
import { QueryTypes, type Sequelize, type Transaction } from 'sequelize';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openDatabase } from '../../src/data/database.js';
import { defineModels, type Models } from '../../src/data/models/index.js';
import { isDatabaseUnavailable } from '../../src/http/problem.js';
import { makeMerchant } from '../factories/merchants.js';
import { statementsDuring } from '../helpers/sql-log.js';

let sequelize: Sequelize;
let models: Models;

beforeAll(async () => {
  sequelize = await openDatabase(inject('databaseUrl'));
  models = defineModels(sequelize);
});
afterAll(() => sequelize.close());

/** The merchant's name as another connection sees it (outside any transaction). */
async function nameSeenOutside(id: string): Promise<string> {
  const [row] = await sequelize.query<{ name: string }>('SELECT name FROM merchants WHERE id = ?', { replacements: [id], type: QueryTypes.SELECT });
  return row!.name;
}

const rename = (id: string, name: string, transaction: Transaction) => models.Merchant.update({ name }, { where: { id }, transaction });

describe('a MySQL transaction begun and committed through the driver', () => {
  it("is one transaction: its write is unseen outside until the COMMIT, which Sequelize's query path never sends", async () => {
    const merchant = await makeMerchant(models, { name: 'Before' });
    const { result: seenMidway, statements } = await statementsDuring(sequelize, () =>
      sequelize.transaction(async (transaction) => {
        await rename(merchant.id, 'After', transaction);
        return nameSeenOutside(merchant.id);
      }),
    );
    expect(seenMidway).toBe('Before');
    expect(await nameSeenOutside(merchant.id)).toBe('After');
    // Only the work's own statements went through Sequelize: the UPDATE and the read outside.
    expect(statements.some((sql) => /^UPDATE `merchants`/.test(sql))).toBe(true);
    expect(statements.filter((sql) => /^(START TRANSACTION|BEGIN|COMMIT)\b/i.test(sql))).toEqual([]);
  });

  it('rolls back all of its work when the work throws', async () => {
    const merchant = await makeMerchant(models, { name: 'Kept' });
    const refused = sequelize.transaction(async (transaction) => {
      await rename(merchant.id, 'Rolled back', transaction);
      throw new Error('refused by the work');
    });
    await expect(refused).rejects.toThrow('refused by the work');
    expect(await nameSeenOutside(merchant.id)).toBe('Kept');
  });

  it('still nests a savepoint through Sequelize, which rolls back to it alone', async () => {
    const merchant = await makeMerchant(models, { name: 'Outer' });
    const { statements } = await statementsDuring(sequelize, () =>
      sequelize.transaction(async (outer) => {
        await rename(merchant.id, 'Outer kept', outer);
        await expect(
          sequelize.transaction({ transaction: outer }, async (inner) => {
            await rename(merchant.id, 'Inner undone', inner);
            throw new Error('inner refused');
          }),
        ).rejects.toThrow('inner refused');
      }),
    );
    expect(await nameSeenOutside(merchant.id)).toBe('Outer kept');
    expect(statements.filter((sql) => /SAVEPOINT/.test(sql))).toHaveLength(2);
  });

  it('fails as an outage when its connection is gone before the COMMIT, leaving nothing, and the next transaction runs', async () => {
    const merchant = await makeMerchant(models, { name: 'Untouched' });
    const lost = sequelize.transaction(async (transaction) => {
      await rename(merchant.id, 'Never committed', transaction);
      const [{ id }] = (await sequelize.query<{ id: number }>('SELECT CONNECTION_ID() AS id', { type: QueryTypes.SELECT, transaction })) as [{ id: number }];
      // Another connection kills this one: the server rolls its transaction back.
      await sequelize.query(`KILL ${Number(id)}`);
    });
    const error = await lost.then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeDefined();
    expect(isDatabaseUnavailable(error)).toBe(true);
    expect(await nameSeenOutside(merchant.id)).toBe('Untouched');
    // The pool does not lend the dead connection again.
    await sequelize.transaction((transaction) => rename(merchant.id, 'Renamed later', transaction));
    expect(await nameSeenOutside(merchant.id)).toBe('Renamed later');
  });
});
