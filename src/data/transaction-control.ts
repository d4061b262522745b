// MySQL: a transaction's START TRANSACTION and COMMIT go straight through the driver, on the
// transaction's own connection, instead of through Sequelize's query path (its query object,
// retry wrapper and result formatting), which cost more than the two statements' round trips: a
// checkout on MariaDB took 1 204–1 226 µs of CPU with it and 1 070–1 097 µs without (bench/README.md).
// Sequelize still runs the transaction (the pool, the connection it holds, ROLLBACK, savepoints,
// afterCommit hooks), so every write and every test of a rollback is unchanged. What no longer
// sees these two statements: Sequelize's `logging` and its beforeQuery/afterQuery hooks (neither is
// used here). A driver error reaches the caller as the driver's own (no `.sql`, no caller's
// stack), which http/problem.ts answers as a 503 like Sequelize's. SQLite keeps Sequelize's path:
// the patched sqlite dialect learns a transaction's end from its COMMIT (patches/sequelize+*.patch).
import type { QueryInterface, Sequelize, Transaction } from 'sequelize';
import { controlStatement } from './driver.js';

/** What Sequelize keeps on a transaction and does not declare: its parent (a savepoint's) and the connection it holds. */
interface TransactionInternals {
  parent?: Transaction;
  connection: unknown;
  finished?: string;
}

const internals = (transaction: Transaction) => transaction as unknown as TransactionInternals;

export function beginAndCommitThroughDriver(sequelize: Sequelize): void {
  if (sequelize.getDialect() !== 'mysql') throw new Error('beginAndCommitThroughDriver is for MySQL only (see transaction-control.ts)');
  // The one query interface Sequelize's transactions begin and commit through.
  const queryInterface: QueryInterface = sequelize.getQueryInterface();
  const start = queryInterface.startTransaction.bind(queryInterface);
  const commit = queryInterface.commitTransaction.bind(queryInterface);
  queryInterface.startTransaction = (transaction, options) =>
    internals(transaction).parent ? start(transaction, options) : controlStatement(internals(transaction).connection, 'START TRANSACTION');
  queryInterface.commitTransaction = (transaction, options) => {
    const held = internals(transaction);
    if (held.parent) return commit(transaction, options);
    const committed = controlStatement(held.connection, 'COMMIT');
    // As Sequelize does: finished as soon as the COMMIT is sent, whatever its answer.
    held.finished = 'commit';
    return committed;
  };
}
