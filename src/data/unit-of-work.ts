// How writes reach the database. SQLite has a single writer per file; letting many requests
// wait on its lock would park them in libuv's small thread pool (busy-waiting) until nothing
// else can run, so on SQLite writes queue here, one at a time per process. Across processes the
// file lock and busy timeout still decide. MySQL takes row locks itself, so writes go straight in.
import type { Sequelize, Transaction } from 'sequelize';

export interface UnitOfWork {
  /** Runs `work` in one database transaction (committed if it resolves, rolled back if it throws). */
  transaction<T>(work: (transaction: Transaction) => Promise<T>): Promise<T>;
  /** Runs a write outside any transaction (one autocommit statement) under the same discipline. */
  write<T>(work: () => Promise<T>): Promise<T>;
}

export function createUnitOfWork(sequelize: Sequelize): UnitOfWork {
  if (sequelize.getDialect() !== 'sqlite') {
    return {
      transaction: (work) => sequelize.transaction(work),
      write: (work) => work(),
    };
  }
  let queue: Promise<unknown> = Promise.resolve();
  const serialize = <T>(work: () => Promise<T>): Promise<T> => {
    const run = queue.then(work, work);
    queue = run.catch(() => undefined);
    return run;
  };
  return {
    transaction: (work) => serialize(() => sequelize.transaction(work)),
    write: (work) => serialize(work),
  };
}
