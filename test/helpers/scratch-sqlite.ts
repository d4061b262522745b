// A temporary, migrated SQLite file with models bound to it, for tests of the data layer that
// need a real database but not the service: open it in beforeAll, close() in afterAll.
import type { Sequelize } from 'sequelize';
import { openDatabase } from '../../src/data/database.js';
import { defineModels, type Models } from '../../src/data/models/index.js';
import { freshDatabase } from './fresh-database.js';

export interface ScratchSqlite {
  sequelize: Sequelize;
  models: Models;
  close(): Promise<void>;
}

export async function scratchSqlite(): Promise<ScratchSqlite> {
  const database = await freshDatabase('sqlite:', '');
  const sequelize = await openDatabase(database.url);
  return {
    sequelize,
    models: defineModels(sequelize),
    close: async () => {
      await sequelize.close();
      await database.drop();
    },
  };
}
