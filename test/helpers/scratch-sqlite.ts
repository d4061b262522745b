// A temporary, migrated SQLite file with models bound to it, for tests of the data layer that
// need a real database but not the service: `useScratchSqlite()` at the top of a file, or
// `scratchSqlite()` and close() yourself.
import type { Sequelize } from 'sequelize';
import { afterAll, beforeAll } from 'vitest';
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

/** A scratch database for the whole file: filled in by its beforeAll (read it inside tests), closed after. */
export function useScratchSqlite(): ScratchSqlite {
  const scratch = {} as ScratchSqlite;
  beforeAll(async () => {
    Object.assign(scratch, await scratchSqlite());
  });
  afterAll(() => scratch.close());
  return scratch;
}
