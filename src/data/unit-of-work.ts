// How writes reach the database. SQLite has a single writer per file; letting many requests
// wait on its lock would park them in libuv's small thread pool (busy-waiting) until nothing
// else can run, so on SQLite writes queue here, one at a time per process and database (every
// unit of work on one Sequelize instance shares the queue), and every transaction runs on the
// one writer connection (database.ts). Across processes the file lock and busy timeout still
// decide. MySQL takes row locks itself, so writes go straight in.
import type { Sequelize, Transaction } from 'sequelize';

export interface UnitOfWork {
  /** Runs `work` in one database transaction (committed if it resolves, rolled back if it throws). */
  transaction<T>(work: (transaction: Transaction) => Promise<T>): Promise<T>;
  /** Runs a write outside any transaction (one autocommit statement) under the same discipline. */
  write<T>(work: () => Promise<T>): Promise<T>;
}

/** The tail of each SQLite database's write queue. */
const queues = new WeakMap<Sequelize, Promise<unknown>>();

export function createUnitOfWork(sequelize: Sequelize): UnitOfWork {
  if (sequelize.getDialect() !== 'sqlite') {
    return {
      transaction: (work) => sequelize.transaction(work),
      write: (work) => work(),
    };
  }
  const serialize = <T>(work: () => Promise<T>): Promise<T> => {
    const run = (queues.get(sequelize) ?? Promise.resolve()).then(work, work);
    queues.set(
      sequelize,
      run.catch(() => undefined),
    );
    return run;
  };
  return {
    transaction: (work) => serialize(() => sequelize.transaction(work)),
    write: (work) => serialize(work),
  };
}
