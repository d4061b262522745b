// MariaDB's liveness check: each service process holds a named lock on a connection of its own.
// Another process sees it gone the moment that connection ends, and the process takes its lock
// again by itself once it can reconnect.
import mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import type { EvenpayApp } from '../../src/app.js';
import { startTestApp } from '../helpers/app.js';

let one: EvenpayApp;
let other: EvenpayApp;
let admin: mysql.Connection;

beforeAll(async () => {
  [one, other] = await Promise.all([startTestApp(), startTestApp()]);
  admin = await mysql.createConnection(inject('databaseUrl'));
});
afterAll(async () => {
  await admin.end();
  await Promise.all([one.close(), other.close()]);
});

const WAIT = { timeout: 10_000, interval: 20 };

describe('a process presence on MariaDB', () => {
  it('is seen alive by another process, gone when its connection is killed, and alive again once it reconnects', async () => {
    const id = one.services.presence.id;
    expect(await other.services.presence.isGone(id)).toBe(false);
    expect(await other.services.presence.isGone('m0000000000000000000000000')).toBe(true);

    const [[{ holder }]] = (await admin.query('SELECT IS_USED_LOCK(?) AS holder', [`evenpay.presence.${id}`])) as unknown as [[{ holder: number }]];
    await admin.query(`KILL CONNECTION ${holder}`);
    await vi.waitUntil(() => other.services.presence.isGone(id), WAIT);
    await vi.waitUntil(async () => !(await other.services.presence.isGone(id)), WAIT);
  });

  it('frees its lock when the process closes', async () => {
    const closing = await startTestApp();
    const id = closing.services.presence.id;
    expect(await other.services.presence.isGone(id)).toBe(false);
    await closing.close();
    await vi.waitUntil(() => other.services.presence.isGone(id), WAIT);
  });
});
