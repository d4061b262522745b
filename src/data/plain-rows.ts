// A model's row as a plain object, from what the driver returned (data/driver.ts): the values
// Sequelize's instance would give (`instance.get({ plain: true })`), without the instance; and
// back, a plain object's values as the driver binds them for an INSERT. Compiled once per model:
// the column list and one converter each way per attribute.
import type { CreationAttributes, InferAttributes, Model, ModelStatic, Sequelize } from 'sequelize';
import { timestampFromRaw, timestampToRaw } from './columns.js';
import type { BindValue, RawRow } from './driver.js';

interface Attribute {
  name: string;
  column: string;
  autoIncrement: boolean;
  /** What an INSERT that leaves it out stores (its literal default, or NULL). */
  default: () => unknown;
  convert: (value: unknown) => unknown;
  bind: (value: unknown) => BindValue;
}

export interface RowShape<M extends Model> {
  /** `"col_a", "col_b"…`: every column of the model, quoted for the dialect. */
  columns: string;
  /** The table's name, quoted. */
  table: string;
  quote(identifier: string): string;
  plain(row: RawRow): InferAttributes<M>;
  /** `INSERT INTO … (every column but the auto-increment one) VALUES (?, …)`. */
  insertSql: string;
  /** The values `insertSql` binds for a new row. */
  insertValues(values: CreationAttributes<M>): BindValue[];
  /** The new row as a plain object, as read back: `values`, the defaults, and its auto-increment id. */
  inserted(values: CreationAttributes<M>, id: number): InferAttributes<M>;
}

type Getter = (this: { getDataValue(name: string): unknown }) => unknown;
type Setter = (this: { setDataValue(name: string, value: unknown): void }, value: unknown) => void;

const asIs = (value: unknown) => value;
const nullable =
  <T>(convert: (value: unknown) => T) =>
  (value: unknown): T | null =>
    value === null || value === undefined ? null : convert(value);

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

/** How a value is bound for the column: the inverse of converterOf. */
function binderOf(sequelize: Sequelize, type: string, setter: Setter | undefined): (value: unknown) => BindValue {
  if (setter) {
    return (value) => {
      let stored: unknown = null;
      setter.call({ setDataValue: (_name, set) => (stored = set) }, value);
      return (stored ?? null) as BindValue;
    };
  }
  switch (type) {
    case 'BOOLEAN':
      return nullable((value) => (value ? 1 : 0));
    case 'DATE':
      return nullable((value) => timestampToRaw(sequelize, value as Date));
    default:
      return (value) => (value ?? null) as BindValue;
  }
}

const shapes = new WeakMap<ModelStatic<Model>, RowShape<Model>>();

export function rowShapeOf<M extends Model>(model: ModelStatic<M>): RowShape<M> {
  const known = shapes.get(model as ModelStatic<Model>);
  if (known) return known as unknown as RowShape<M>;
  const sequelize = model.sequelize as Sequelize;
  const generator = (sequelize.getQueryInterface() as unknown as { queryGenerator: { quoteIdentifier(name: string): string } }).queryGenerator;
  const quote = (identifier: string) => generator.quoteIdentifier(identifier);
  const attributes: Attribute[] = Object.entries(model.getAttributes()).map(([name, attribute]) => {
    const type = (attribute.type as { key: string }).key;
    const literal = attribute.defaultValue;
    const computed = literal !== null && (typeof literal === 'object' || typeof literal === 'function');
    return {
      name,
      column: attribute.field ?? name,
      autoIncrement: attribute.autoIncrement === true,
      default: computed
        ? () => {
            throw new Error(`${model.name}.${name}: an insert of plain rows must give it (its default is computed by Sequelize)`);
          }
        : () => literal ?? null,
      convert: converterOf(model.name, name, type, attribute.get as Getter | undefined),
      bind: binderOf(sequelize, type, attribute.set as Setter | undefined),
    };
  });
  const table = quote(model.getTableName() as string);
  const written = attributes.filter((attribute) => !attribute.autoIncrement);
  const givenOrDefault = (values: CreationAttributes<M>, attribute: Attribute): unknown => {
    const value = (values as Record<string, unknown>)[attribute.name];
    return value === undefined ? attribute.default() : value;
  };
  const shape: RowShape<M> = {
    columns: attributes.map(({ column }) => quote(column)).join(', '),
    table,
    quote,
    plain(row) {
      const result: Record<string, unknown> = {};
      for (const { name, column, convert } of attributes) result[name] = convert(row[column]);
      return result as InferAttributes<M>;
    },
    insertSql: `INSERT INTO ${table} (${written.map(({ column }) => quote(column)).join(', ')}) VALUES (${written.map(() => '?').join(', ')})`,
    insertValues: (values) => written.map((attribute) => attribute.bind(givenOrDefault(values, attribute))),
    inserted(values, id) {
      const result: Record<string, unknown> = {};
      for (const attribute of attributes) result[attribute.name] = attribute.autoIncrement ? id : givenOrDefault(values, attribute);
      return result as InferAttributes<M>;
    },
  };
  shapes.set(model as ModelStatic<Model>, shape as unknown as RowShape<Model>);
  return shape;
}
