// SQLite: each statement driver.ts sends is prepared once per connection and kept. sqlite3's
// `Database#all` and `#run` prepare the statement (a trip through libuv's thread pool, the SQL
// compiled again every time), run it (a second trip) and finalize it. A kept statement is one
// trip: bind and step. Both connections a SQLite database has here are long-lived (Sequelize's
// default one, and the one writer every transaction runs on: database.ts), so what is kept is
// finalized when the connection closes (`sequelize.close()`), before the close itself: sqlite3
// refuses to close a connection with statements left open. While it closes, statements run
// unkept (sqlite3's own way), so none is left open behind the close. A statement that fails is
// dropped and prepared afresh on its next use, so an error never stays attached to a kept one.
//
// Why a dropped statement is never finalized under a caller: sqlite3 runs the calls on one
// statement one at a time, in order, and fails any call made after its finalize. A statement is
// taken out of the map at once and finalized a microtask later; every caller that already had it
// has queued its call by then (its `await` resumed first), and later callers get a new one. The
// callbacks below never throw: one that did would leave sqlite3's statement locked for good.

/** The part of an sqlite3 Statement used here. */
export interface SqliteStatement {
  all(values: readonly unknown[], callback: (error: Error | null, rows: Record<string, unknown>[]) => void): void;
  run(values: readonly unknown[], callback: (this: { lastID: number; changes: number }, error: Error | null) => void): void;
  finalize(callback?: () => void): void;
}

type RunCallback = (this: { lastID: number; changes: number }, error: Error | null) => void;

/** The part of an sqlite3 Database used here. */
export interface SqliteConnection {
  prepare(sql: string, callback: (error: Error | null) => void): SqliteStatement;
  all(sql: string, values: readonly unknown[], callback: (error: Error | null, rows: Record<string, unknown>[]) => void): void;
  run(sql: string, values: readonly unknown[], callback: RunCallback): void;
  close(callback?: (error: Error | null) => void): void;
}

/** More distinct statements than driver.ts has: a bound, so a caller building SQL per call cannot grow it without end. */
const KEPT_PER_CONNECTION = 64;

interface Kept {
  statements: Map<string, Promise<SqliteStatement>>;
  /** The connection is closing: nothing more is kept on it. */
  closing: boolean;
}

const kept = new WeakMap<SqliteConnection, Kept>();

const finalized = (statement: Promise<SqliteStatement>) =>
  statement.then(
    (s) => new Promise<void>((resolve) => s.finalize(() => resolve())),
    () => undefined, // never prepared: nothing to finalize
  );

/** Finalizes every kept statement of `connection` (after any call still queued on it), then closes the connection. */
function finalizeBeforeClose(connection: SqliteConnection, state: Kept): void {
  const close = connection.close;
  connection.close = function closeAfterFinalizing(this: SqliteConnection, callback?: (error: Error | null) => void) {
    connection.close = close;
    state.closing = true;
    const pending = [...state.statements.values()];
    state.statements.clear();
    void Promise.all(pending.map(finalized)).then(() => close.call(connection, callback));
  };
}

function keptOn(connection: SqliteConnection): Kept {
  let state = kept.get(connection);
  if (!state) {
    state = { statements: new Map(), closing: false };
    kept.set(connection, state);
    finalizeBeforeClose(connection, state);
  }
  return state;
}

function forget(connection: SqliteConnection, sql: string, statement: Promise<SqliteStatement>): void {
  const statements = kept.get(connection)?.statements;
  if (statements?.get(sql) !== statement) return;
  statements.delete(sql);
  void finalized(statement);
}

/** `sql` prepared on `connection`, once: the kept statement, or a new one kept from now on (a failed prepare is not kept); none while it closes. */
function prepared(connection: SqliteConnection, sql: string): Promise<SqliteStatement> | undefined {
  const { statements, closing } = keptOn(connection);
  if (closing) return undefined;
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

/**
 * Hands `call` the statement kept for `sql` on `connection` (none while it closes: `call` then
 * runs the SQL unkept) and settles with what it reports; a failure drops the kept statement.
 */
async function throughKept<T>(
  connection: SqliteConnection,
  sql: string,
  call: (statement: SqliteStatement | undefined, settle: (error: Error | null, result?: T) => void) => void,
): Promise<T> {
  const entry = prepared(connection, sql);
  const statement = await entry;
  return new Promise((resolve, reject) =>
    call(statement, (error, result) => {
      if (!error) return resolve(result as T);
      if (entry) forget(connection, sql, entry);
      reject(error);
    }),
  );
}

/** The rows `sql` selects with `values`, through the statement kept for it on `connection`. */
export function keptAll(connection: SqliteConnection, sql: string, values: readonly unknown[]): Promise<Record<string, unknown>[]> {
  return throughKept(connection, sql, (statement, settle) => (statement ? statement.all(values, settle) : connection.all(sql, values, settle)));
}

/**
 * Runs the write `sql` with `values` through the statement kept for it on `connection`: the row id
 * it inserted and the rows it changed. `sql` returns no rows: sqlite3's `run` steps once, and a
 * statement left with rows to give would hold its read open on a long-lived connection.
 */
export function keptRun(connection: SqliteConnection, sql: string, values: readonly unknown[]): Promise<{ lastID: number; changes: number }> {
  return throughKept(connection, sql, (statement, settle) => {
    const done: RunCallback = function (this: { lastID: number; changes: number }, error: Error | null) {
      if (error) settle(error);
      else settle(null, { lastID: this.lastID, changes: this.changes });
    };
    if (statement) statement.run(values, done);
    else connection.run(sql, values, done);
  });
}
