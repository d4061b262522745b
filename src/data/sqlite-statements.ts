// SQLite: each statement driver.ts sends is prepared once per connection and kept. sqlite3's
// `Database#all` and `#run` prepare the statement, run it and finalize it: three trips through
// libuv's thread pool, and the SQL compiled again every time. A kept statement is one trip (bind
// and step). Both connections a SQLite database has here are long-lived (Sequelize's default one,
// and the one writer every transaction runs on: database.ts), so what is kept is finalized when
// the connection closes (`sequelize.close()`), before the close itself: sqlite3 refuses to close a
// connection with statements left open. A statement that fails is dropped and prepared afresh on
// its next use, so an error never stays attached to a kept statement.

/** The part of an sqlite3 Statement used here. */
export interface SqliteStatement {
  all(values: readonly unknown[], callback: (error: Error | null, rows: Record<string, unknown>[]) => void): void;
  run(values: readonly unknown[], callback: (this: { lastID: number; changes: number }, error: Error | null) => void): void;
  finalize(callback?: () => void): void;
}

/** The part of an sqlite3 Database used here. */
export interface SqliteConnection {
  prepare(sql: string, callback: (error: Error | null) => void): SqliteStatement;
  close(callback?: (error: Error | null) => void): void;
}

/** More distinct statements than driver.ts has: a bound, so a caller building SQL per call cannot grow it without end. */
const KEPT_PER_CONNECTION = 64;

const kept = new WeakMap<SqliteConnection, Map<string, Promise<SqliteStatement>>>();

/** Finalizes every kept statement of `connection` (after any call still queued on it), then closes the connection. */
function finalizeBeforeClose(connection: SqliteConnection, statements: Map<string, Promise<SqliteStatement>>): void {
  const close = connection.close;
  connection.close = function closeAfterFinalizing(this: SqliteConnection, callback?: (error: Error | null) => void) {
    connection.close = close;
    kept.delete(connection);
    const pending = [...statements.values()];
    statements.clear();
    void Promise.allSettled(pending.map((statement) => statement.then((s) => new Promise<void>((resolve) => s.finalize(() => resolve()))))).then(() =>
      close.call(connection, callback),
    );
  };
}

function statementsOf(connection: SqliteConnection): Map<string, Promise<SqliteStatement>> {
  let statements = kept.get(connection);
  if (!statements) {
    statements = new Map();
    kept.set(connection, statements);
    finalizeBeforeClose(connection, statements);
  }
  return statements;
}

function forget(connection: SqliteConnection, sql: string, statement: Promise<SqliteStatement>): void {
  const statements = kept.get(connection);
  if (statements?.get(sql) !== statement) return;
  statements.delete(sql);
  statement.then(
    (s) => s.finalize(),
    () => undefined,
  );
}

/** `sql` prepared on `connection`, once: the kept statement, or a new one kept from now on (a failed prepare is not kept). */
function prepared(connection: SqliteConnection, sql: string): Promise<SqliteStatement> {
  const statements = statementsOf(connection);
  const known = statements.get(sql);
  if (known) return known;
  if (statements.size >= KEPT_PER_CONNECTION) {
    const [oldestSql, oldest] = statements.entries().next().value as [string, Promise<SqliteStatement>];
    forget(connection, oldestSql, oldest);
  }
  const statement = new Promise<SqliteStatement>((resolve, reject) => {
    const made = connection.prepare(sql, (error) => (error ? reject(error) : resolve(made)));
  });
  statements.set(sql, statement);
  statement.catch(() => forget(connection, sql, statement));
  return statement;
}

/** The rows `sql` selects with `values`, through the statement kept for it on `connection`. */
export async function keptAll(connection: SqliteConnection, sql: string, values: readonly unknown[]): Promise<Record<string, unknown>[]> {
  const entry = prepared(connection, sql);
  const statement = await entry;
  return new Promise((resolve, reject) =>
    statement.all(values, (error, rows) => {
      if (!error) return resolve(rows);
      forget(connection, sql, entry);
      reject(error);
    }),
  );
}

/** Runs the write `sql` with `values` through the statement kept for it on `connection`: the row id it inserted and the rows it changed. */
export async function keptRun(connection: SqliteConnection, sql: string, values: readonly unknown[]): Promise<{ lastID: number; changes: number }> {
  const entry = prepared(connection, sql);
  const statement = await entry;
  return new Promise((resolve, reject) =>
    statement.run(values, function (this: { lastID: number; changes: number }, error: Error | null) {
      if (!error) return resolve({ lastID: this.lastID, changes: this.changes });
      forget(connection, sql, entry);
      reject(error);
    }),
  );
}
