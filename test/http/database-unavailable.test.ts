import { ConnectionAcquireTimeoutError, ConnectionRefusedError, DatabaseError, UniqueConstraintError } from 'sequelize';
import { describe, expect, it } from 'vitest';
import { isDatabaseUnavailable, toAppError } from '../../src/http/problem.js';

const driver = (code: string | undefined, fatal?: boolean) =>
  Object.assign(new Error(`driver error ${code}`), { code, ...(fatal ? { fatal } : {}), sql: 'SELECT 1', parameters: {} });
const query = (code: string | undefined, fatal?: boolean) => new DatabaseError(driver(code, fatal) as never);

describe('isDatabaseUnavailable', () => {
  it.each([
    ['a refused connection', new ConnectionRefusedError(driver('ECONNREFUSED') as never)],
    ['a pool that found no connection in time', new ConnectionAcquireTimeoutError(driver(undefined) as never)],
    ['a connection the server closed', query('PROTOCOL_CONNECTION_LOST', true)],
    ['a command sent on a closed connection (mysql2 gives it no code)', query(undefined, true)],
    ['a connection killed by the server', query('ER_CONNECTION_KILLED')],
    ['a statement interrupted', query('ER_QUERY_INTERRUPTED')],
    ['a lock not granted in time', query('ER_LOCK_WAIT_TIMEOUT')],
    ['a deadlock victim', query('ER_LOCK_DEADLOCK')],
    ['a busy SQLite file', query('SQLITE_BUSY')],
  ])('is true for %s, which answers 503 with Retry-After', (_what, error) => {
    expect(isDatabaseUnavailable(error)).toBe(true);
    expect(toAppError(error)).toMatchObject({ code: 'service_unavailable', headers: { 'Retry-After': '5' } });
  });

  it.each([
    ['a syntax error', query('ER_PARSE_ERROR')],
    ['a unique constraint', new UniqueConstraintError({})],
    ['an ordinary bug', new TypeError('x is undefined')],
  ])('is false for %s', (_what, error) => {
    expect(isDatabaseUnavailable(error)).toBe(false);
  });
});
