// A new row written straight through the driver on the transaction's connection (data/driver.ts),
// and returned as the plain row a read gives (data/plain-rows.ts): for the hottest write, where
// Model.create's instance, validation and SQL building cost more than the INSERT itself.
// test/contract/plain-rows.test.ts reads such rows back through Sequelize on both engines.
import type { CreationAttributes, InferAttributes, Model, ModelStatic, Sequelize, Transaction } from 'sequelize';
import { writeRows } from './driver.js';
import { rowShapeOf } from './plain-rows.js';

interface Hooks {
  runHooks(name: 'beforeCreate', values: unknown, options: { transaction: Transaction }): Promise<void>;
}

/** The model's `beforeCreate` hooks run first, as for Model.create (given the values, not an instance). */
export async function insertPlain<M extends Model>(
  model: ModelStatic<M>,
  transaction: Transaction,
  values: CreationAttributes<M>,
): Promise<InferAttributes<M>> {
  if (model.hasHook('beforeCreate')) await (model as unknown as Hooks).runHooks('beforeCreate', values, { transaction });
  const shape = rowShapeOf(model);
  const { insertId } = await writeRows(model.sequelize as Sequelize, transaction, shape.insertSql, shape.insertValues(values));
  return shape.inserted(values, insertId);
}
