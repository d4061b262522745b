// How writes reach the database. SQLite has a single writer per file; letting many requests
// wait on its lock would park them in libuv's small thread pool (busy-waiting) until nothing
// else can run, so on SQLite writes queue here, one at a time per process and database (every
// unit of work on one Sequelize instance shares the queue), and every transaction runs on the
// one writer connection (database.ts). Across processes the file lock and busy timeout still
// decide. MySQL takes row locks itself, so writes go straight in; a transaction InnoDB chose as
// a deadlock's victim (rolled back whole) runs again, as MySQL's manual asks of every client.
import { setTimeout as sleep } from 'node:timers/promises';
import type { Sequelize, Transaction } from 'sequelize';
import { errorCauses } from './driver.js';

export interface UnitOfWork {
  /** Runs `work` in one database transaction (committed if it resolves, rolled back if it throws). */
  transaction<T>(work: (transaction: Transaction) => Promise<T>): Promise<T>;
  /** Runs a write outside any transaction (one autocommit statement) under the same discipline. */
  write<T>(work: () => Promise<T>): Promise<T>;
}

/** How many times a transaction runs at most when InnoDB keeps choosing it as a deadlock's victim. */
export const DEADLOCK_ATTEMPTS = 3;

/** InnoDB rolled the transaction back to break a deadlock (ER_LOCK_DEADLOCK, 1213): nothing of it remains. */
export function isDeadlock(error: unknown): boolean {
  return errorCauses(error).some((cause) => cause.code === 'ER_LOCK_DEADLOCK' || cause.errno === 1213);
}

/** Runs `work` in a transaction again when it was a deadlock's victim (after a few ms, so the winner finishes). */
async function withDeadlockRetry<T>(sequelize: Pick<Sequelize, 'transaction'>, work: (transaction: Transaction) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await sequelize.transaction(work);
    } catch (error) {
      if (attempt >= DEADLOCK_ATTEMPTS || !isDeadlock(error)) throw error;
      await sleep(5 * attempt + Math.floor(Math.random() * 10));
    }
  }
}

/** The tail of each SQLite database's write queue. */
const queues = new WeakMap<Sequelize, Promise<unknown>>();

export function createUnitOfWork(sequelize: Sequelize): UnitOfWork {
  if (sequelize.getDialect() !== 'sqlite') {
    return {
      transaction: (work) => withDeadlockRetry(sequelize, work),
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
