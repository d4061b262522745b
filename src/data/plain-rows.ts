// A model's row as a plain object, from what the driver returned (data/driver.ts): the values
// Sequelize's instance would give (`instance.get({ plain: true })`), without the instance.
// Compiled once per model: the column list to SELECT and one converter per attribute.
import type { InferAttributes, Model, ModelStatic, Sequelize } from 'sequelize';
import { timestampFromRaw } from './columns.js';
import type { RawRow } from './driver.js';

interface Attribute {
  name: string;
  column: string;
  convert: (value: unknown) => unknown;
}

export interface RowShape<M extends Model> {
  /** `"col_a", "col_b"…`: every column of the model, quoted for the dialect. */
  columns: string;
  /** The table's name, quoted. */
  table: string;
  quote(identifier: string): string;
  plain(row: RawRow): InferAttributes<M>;
}

type Getter = (this: { getDataValue(name: string): unknown }) => unknown;

const asIs = (value: unknown) => value;
const nullable = (convert: (value: unknown) => unknown) => (value: unknown) => (value === null || value === undefined ? null : convert(value));

/** How each column type comes back from both drivers, made into what Sequelize gives. */
function converterOf(model: string, name: string, type: string, getter: Getter | undefined): (value: unknown) => unknown {
  // A column with its own getter (amounts, JSON documents: data/columns.ts) is read as its getter reads it.
  if (getter) return (value) => getter.call({ getDataValue: () => value });
  switch (type) {
    case 'BOOLEAN':
      return nullable((value) => Boolean(Number(value)));
    case 'DATE':
      return nullable((value) => timestampFromRaw(value as string | Date));
    case 'INTEGER':
    case 'BIGINT':
      return nullable(Number);
    case 'STRING':
    case 'CHAR':
    case 'TEXT':
    case 'DATEONLY':
      return asIs;
    default:
      throw new Error(`${model}.${name}: plain rows cannot read a ${type} column yet (data/plain-rows.ts)`);
  }
}

const shapes = new WeakMap<ModelStatic<Model>, RowShape<Model>>();

export function rowShapeOf<M extends Model>(model: ModelStatic<M>): RowShape<M> {
  const known = shapes.get(model as ModelStatic<Model>);
  if (known) return known as unknown as RowShape<M>;
  const sequelize = model.sequelize as Sequelize;
  const generator = (sequelize.getQueryInterface() as unknown as { queryGenerator: { quoteIdentifier(name: string): string } }).queryGenerator;
  const quote = (identifier: string) => generator.quoteIdentifier(identifier);
  const attributes: Attribute[] = Object.entries(model.getAttributes()).map(([name, attribute]) => ({
    name,
    column: attribute.field ?? name,
    convert: converterOf(model.name, name, (attribute.type as { key: string }).key, attribute.get as Getter | undefined),
  }));
  const shape: RowShape<M> = {
    columns: attributes.map(({ column }) => quote(column)).join(', '),
    table: quote(model.getTableName() as string),
    quote,
    plain(row) {
      const result: Record<string, unknown> = {};
      for (const { name, column, convert } of attributes) result[name] = convert(row[column]);
      return result as InferAttributes<M>;
    },
  };
  shapes.set(model as ModelStatic<Model>, shape as unknown as RowShape<Model>);
  return shape;
}
