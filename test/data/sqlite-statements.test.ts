// SQLite statements sent through the driver are prepared once per connection and kept
// (src/data/sqlite-statements.ts): reused with new values, finalized before the connection
// closes, and dropped when they fail.
import type { Sequelize } from 'sequelize';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { selectRows, writeRows } from '../../src/data/driver.js';
import { type ScratchSqlite, scratchSqlite } from '../helpers/scratch-sqlite.js';

let scratch: ScratchSqlite;
let closed: boolean;

beforeEach(async () => {
  scratch = await scratchSqlite();
  closed = false;
  await scratch.sequelize.query('CREATE TABLE notes (id INTEGER PRIMARY KEY AUTOINCREMENT, body TEXT NOT NULL UNIQUE)');
});
afterEach(async () => {
  if (!closed) await scratch.close();
});

type Prepare = (...args: unknown[]) => { finalize: (...args: unknown[]) => unknown };

/** A SQLite connection Sequelize holds (`{}`: the default one, for reads and writes outside a transaction; a uuid: the writer), with a spy on what is prepared on it. */
async function connectionOf(sequelize: Sequelize, options: object = {}) {
  const connection = (await (sequelize.connectionManager as unknown as { getConnection(o: object): Promise<object> }).getConnection(options)) as {
    prepare: Prepare;
  };
  return vi.spyOn(connection, 'prepare');
}
const defaultConnection = (sequelize: Sequelize) => connectionOf(sequelize);

const INSERT = 'INSERT INTO notes (body) VALUES (?)';
const BY_BODY = 'SELECT id, body FROM notes WHERE body = ?';

describe('SQLite statements through the driver', () => {
  it('are prepared once per connection and run again with new values', async () => {
    const prepare = await defaultConnection(scratch.sequelize);
    const first = await writeRows(scratch.sequelize, undefined, INSERT, ['a']);
    const second = await writeRows(scratch.sequelize, undefined, INSERT, ['b']);
    expect([first, second]).toEqual([
      { insertId: 1, affectedRows: 1 },
      { insertId: 2, affectedRows: 1 },
    ]);
    // Concurrent reads of one statement each get their own rows.
    const rows = await Promise.all(['a', 'b', 'a', 'missing', 'b'].map((body) => selectRows(scratch.sequelize, BY_BODY, [body])));
    expect(rows).toEqual([[{ id: 1, body: 'a' }], [{ id: 2, body: 'b' }], [{ id: 1, body: 'a' }], [], [{ id: 2, body: 'b' }]]);
    expect(prepare.mock.calls.map(([sql]) => sql)).toEqual([INSERT, BY_BODY]);
  });

  it('are finalized before their connection closes, so it closes', async () => {
    await writeRows(scratch.sequelize, undefined, INSERT, ['a']);
    expect(await selectRows(scratch.sequelize, BY_BODY, ['a'])).toHaveLength(1);
    // sqlite3 refuses to close a connection with a statement still open (SQLITE_BUSY).
    closed = true;
    await expect(scratch.close()).resolves.toBeUndefined();
  });

  it('are dropped when they fail, and prepared afresh on their next use', async () => {
    const prepare = await defaultConnection(scratch.sequelize);
    await writeRows(scratch.sequelize, undefined, INSERT, ['a']);
    const duplicate = writeRows(scratch.sequelize, undefined, INSERT, ['a']);
    await expect(duplicate).rejects.toMatchObject({ code: 'SQLITE_CONSTRAINT' });
    expect(await writeRows(scratch.sequelize, undefined, INSERT, ['b'])).toEqual({ insertId: 2, affectedRows: 1 });
    expect(prepare.mock.calls.map(([sql]) => sql)).toEqual([INSERT, INSERT]);
    // A statement that cannot be prepared (no such table yet) is not kept either.
    const LATER = 'SELECT note_id FROM tags WHERE note_id = ?';
    await expect(selectRows(scratch.sequelize, LATER, [1])).rejects.toMatchObject({ code: 'SQLITE_ERROR' });
    await scratch.sequelize.query('CREATE TABLE tags (note_id INTEGER NOT NULL)');
    await scratch.sequelize.query('INSERT INTO tags (note_id) VALUES (1)');
    expect(await selectRows(scratch.sequelize, LATER, [1])).toEqual([{ note_id: 1 }]);
  });

  it('are kept 64 to a connection: the oldest is finalized to make room', async () => {
    const prepare = await defaultConnection(scratch.sequelize);
    const numbered = (n: number) => `SELECT ${n} AS n, body FROM notes WHERE body = ?`;
    for (let n = 0; n < 64; n++) await selectRows(scratch.sequelize, numbered(n), ['x']);
    const [first, second] = prepare.mock.results.map((result) => vi.spyOn(result.value, 'finalize'));
    // The 65th pushes the first out and finalizes it; the second is still kept.
    await selectRows(scratch.sequelize, numbered(64), ['x']);
    await vi.waitFor(() => expect(first).toHaveBeenCalledTimes(1));
    await selectRows(scratch.sequelize, numbered(1), ['x']);
    expect(prepare).toHaveBeenCalledTimes(65);
    expect(second).not.toHaveBeenCalled();
    // The first is prepared again, and pushes out the oldest now kept: the second.
    await selectRows(scratch.sequelize, numbered(0), ['x']);
    expect(prepare).toHaveBeenCalledTimes(66);
    await vi.waitFor(() => expect(second).toHaveBeenCalledTimes(1));
  });

  it('fail alone: the calls queued on a statement that fails still run', async () => {
    await writeRows(scratch.sequelize, undefined, INSERT, ['a']);
    const results = await Promise.allSettled(['b', 'a', 'c', 'd'].map((body) => writeRows(scratch.sequelize, undefined, INSERT, [body])));
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
    expect(results[1]).toMatchObject({ reason: { code: 'SQLITE_CONSTRAINT' } });
    expect(await selectRows(scratch.sequelize, 'SELECT body FROM notes ORDER BY body', [])).toEqual(['a', 'b', 'c', 'd'].map((body) => ({ body })));
  });

  it('close with a statement still being run and one asked for while closing', async () => {
    await selectRows(scratch.sequelize, BY_BODY, ['a']);
    const inFlight = selectRows(scratch.sequelize, BY_BODY, ['a']);
    const closing = scratch.sequelize.close();
    // Asked for after the close began: run unkept, so nothing is left open behind the close.
    const late = selectRows(scratch.sequelize, 'SELECT count(*) AS n FROM notes', []).catch((error: Error) => error);
    expect(await inFlight).toEqual([]);
    await expect(closing).resolves.toBeUndefined();
    await late;
    closed = true;
    await scratch.close().catch(() => undefined);
  });

  it('inside a transaction run on the writer connection, kept apart from the default one', async () => {
    const prepare = await defaultConnection(scratch.sequelize);
    // Any uuid is a transaction's: Sequelize lends the one writer for it (database.ts).
    const writerPrepare = await connectionOf(scratch.sequelize, { uuid: 'any transaction' });
    await scratch.sequelize.transaction(async (transaction) => {
      await writeRows(scratch.sequelize, transaction, INSERT, ['in transaction']);
    });
    await expect(
      scratch.sequelize.transaction(async (transaction) => {
        await writeRows(scratch.sequelize, transaction, INSERT, ['rolled back']);
        throw new Error('refused');
      }),
    ).rejects.toThrow('refused');
    expect(prepare).not.toHaveBeenCalled();
    expect(writerPrepare.mock.calls.map(([sql]) => sql)).toEqual([INSERT]);
    expect(await selectRows(scratch.sequelize, 'SELECT body FROM notes ORDER BY id', [])).toEqual([{ body: 'in transaction' }]);
  });
});
