// mysql2 converts column values itself (database.ts: typeCast: true, not Sequelize's hook):
// what we read back is exactly what we wrote, through models and raw statements, on both the
// text protocol (no parameters) and prepared statements (bind parameters), as Sequelize's own
// typeCast hook gave them.
import { DataTypes, QueryTypes, type Sequelize } from 'sequelize';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openDatabase } from '../../src/data/database.js';

let sequelize: Sequelize;
const table = `column_values_${process.pid}`;

beforeAll(async () => {
  sequelize = await openDatabase(inject('databaseUrl'));
});
afterAll(async () => {
  await sequelize.getQueryInterface().dropTable(table);
  await sequelize.close();
});

describe('values read back from MySQL', () => {
  it('are the values written: DATETIME(3) to the millisecond in UTC, NULL, BOOLEAN, BIGINT, TEXT', async () => {
    const Row = sequelize.define(
      'ColumnValues',
      {
        id: { type: DataTypes.INTEGER, primaryKey: true },
        at: { type: DataTypes.DATE(3), allowNull: true },
        day: { type: DataTypes.DATEONLY, allowNull: true },
        flag: { type: DataTypes.BOOLEAN, allowNull: false },
        big: { type: DataTypes.BIGINT, allowNull: false },
        note: { type: DataTypes.TEXT, allowNull: true },
      },
      { tableName: table, timestamps: false },
    );
    await Row.sync({ force: true });
    const at = new Date('2026-03-29T01:30:45.678Z');
    await Row.bulkCreate([
      { id: 1, at, day: '2026-03-29', flag: true, big: 9_007_199_254_740_991, note: 'ünïcødé' },
      { id: 2, at: null, day: null, flag: false, big: -1, note: null },
    ]);

    const viaModel = (await Row.findAll({ order: [['id', 'ASC']], raw: true })) as unknown as Array<Record<string, unknown>>;
    const viaText = await sequelize.query<Record<string, unknown>>(`SELECT * FROM ${table} ORDER BY id`, { type: QueryTypes.SELECT });
    const viaPrepared = await sequelize.query<Record<string, unknown>>(`SELECT * FROM ${table} WHERE id IN ($1, $2) ORDER BY id`, {
      type: QueryTypes.SELECT,
      bind: [1, 2],
    });
    for (const rows of [viaModel, viaText, viaPrepared]) {
      expect(rows[0]!.at).toBeInstanceOf(Date);
      expect((rows[0]!.at as Date).toISOString()).toBe(at.toISOString());
      expect(rows[1]!.at).toBeNull();
      expect(rows[0]!.day).toBe('2026-03-29');
      expect(rows[1]!.day).toBeNull();
      expect(rows[0]!.flag).toBe(1);
      expect(rows[1]!.flag).toBe(0);
      expect(rows[0]!.big).toBe(9_007_199_254_740_991);
      expect(rows[1]!.big).toBe(-1);
      expect(rows[0]!.note).toBe('ünïcødé');
      expect(rows[1]!.note).toBeNull();
    }
    const model = await Row.findByPk(1);
    expect((model!.get('at') as Date).getTime()).toBe(at.getTime());
    expect(model!.get('flag')).toBe(true);
    expect(model!.get('day')).toBe('2026-03-29');
  });
});
