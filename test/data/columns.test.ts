import type { Sequelize } from 'sequelize';
import { describe, expect, it } from 'vitest';
import { timestampFromRaw, timestampToRaw } from '../../src/data/columns.js';

const on = (dialect: string) => ({ getDialect: () => dialect }) as unknown as Sequelize;

describe('raw timestamps', () => {
  it("are bound on SQLite in Sequelize's own text form, and read back to the same instant", () => {
    const at = new Date('2026-11-25T09:05:03.007Z');
    expect(timestampToRaw(on('sqlite'), at)).toBe('2026-11-25 09:05:03.007 +00:00');
    expect(timestampFromRaw(timestampToRaw(on('sqlite'), at) as string)).toEqual(at);
  });

  it('are bound on MySQL as the Date itself (the driver writes UTC)', () => {
    const at = new Date('2026-11-25T09:05:03.007Z');
    expect(timestampToRaw(on('mysql'), at)).toBe(at);
  });
});
