// SQLite's liveness check: a claim's process is gone when the process table of this host says so.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { hostname } from 'node:os';
import { describe, expect, it } from 'vitest';
import { processIsGone } from '../../src/data/presence.js';

const host = hostname().slice(0, 30);

describe('processIsGone', () => {
  it('says a process that has exited is gone', async () => {
    const child = spawn(process.execPath, ['-e', '0']);
    await once(child, 'exit');
    expect(processIsGone(`${host}:${child.pid}:abc`)).toBe(true);
  });

  it('says a running process is not gone', () => {
    expect(processIsGone(`${host}:${process.ppid}:abc`)).toBe(false);
  });

  it('says this process is not gone, and an earlier process that had its pid is', () => {
    const self = `${host}:${process.pid}:current`;
    expect(processIsGone(self, self)).toBe(false);
    expect(processIsGone(`${host}:${process.pid}:earlier`, self)).toBe(true);
  });

  it('does not judge a process of another host, or an id it cannot read', () => {
    expect(processIsGone('some-other-host:1:abc')).toBe(false);
    expect(processIsGone(`${host}:not-a-pid:abc`)).toBe(false);
    expect(processIsGone('')).toBe(false);
  });
});
