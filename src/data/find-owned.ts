// The hottest read: one of a merchant's objects by id (GET /v2/transactions/{id}, checkouts…),
// as a plain object. One statement per model, written once, sent as a prepared statement through
// the driver (data/driver.ts) and read into the values Sequelize's instance would hold
// (data/plain-rows.ts): findOne's query path and instance were most of the read's CPU
// (bench/README.md). test/contract/plain-rows.test.ts compares the two on both engines.
import type { InferAttributes, Model, ModelStatic, Sequelize } from 'sequelize';
import type { Owner } from '../kernel/owner.js';
import { selectRows } from './driver.js';
import { rowShapeOf } from './plain-rows.js';

const statements = new WeakMap<ModelStatic<Model>, string>();

function statementFor(model: ModelStatic<Model>): string {
  let sql = statements.get(model);
  if (!sql) {
    const { columns, table, quote } = rowShapeOf(model);
    const column = (name: string) => quote(model.getAttributes()[name]?.field ?? name);
    sql = `SELECT ${columns} FROM ${table} WHERE ${column('id')} = ? AND ${column('merchantId')} = ? AND ${column('livemode')} = ? LIMIT 1`;
    statements.set(model, sql);
  }
  return sql;
}

/** The owner's object with this id, or null (another merchant's, or the other mode's, is null too). */
export async function findOwned<M extends Model>(model: ModelStatic<M>, owner: Owner, id: string): Promise<InferAttributes<M> | null> {
  const rows = await selectRows(model.sequelize as Sequelize, statementFor(model as ModelStatic<Model>), [id, owner.merchantId, owner.livemode ? 1 : 0]);
  return rows[0] ? rowShapeOf(model).plain(rows[0]) : null;
}
