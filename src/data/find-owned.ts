// The hottest read: one of a merchant's objects by id (GET /v2/transactions/{id}, checkouts…).
// findOne builds its SELECT anew on every call — most of its CPU; here the statement is built
// once per model by Sequelize's own query generator (the very SQL findOne sends) and sent with
// bind parameters, and the row becomes a model instance exactly as findOne's would.
import { type Model, type ModelStatic, Op, QueryTypes, type Sequelize } from 'sequelize';
import type { Owner } from '../kernel/owner.js';

interface QueryGenerator {
  selectQuery(table: string, options: object, model: ModelStatic<Model>): string;
}

const statements = new WeakMap<ModelStatic<Model>, string>();

function statementFor(model: ModelStatic<Model>): string {
  let sql = statements.get(model);
  if (!sql) {
    const sequelize = model.sequelize as Sequelize;
    const generator = (sequelize.getQueryInterface() as unknown as { queryGenerator: QueryGenerator }).queryGenerator;
    const attributes = Object.entries(model.getAttributes()).map(([name, attribute]) =>
      attribute.field && attribute.field !== name ? [attribute.field, name] : name,
    );
    const field = (name: string) => model.getAttributes()[name]?.field ?? name;
    const placeholder = (n: number) => ({ [Op.eq]: sequelize.literal(`$${n}`) });
    const where = { [field('id')]: placeholder(1), [field('merchantId')]: placeholder(2), [field('livemode')]: placeholder(3) };
    sql = generator.selectQuery(model.getTableName() as string, { attributes, where, limit: 1 }, model);
    statements.set(model, sql);
  }
  return sql;
}

/** The owner's object with this id, or null (another merchant's, or the other mode's, is null too). */
export async function findOwned<M extends Model>(model: ModelStatic<M>, owner: Owner, id: string): Promise<M | null> {
  const sequelize = model.sequelize as Sequelize;
  const rows = await sequelize.query(statementFor(model as ModelStatic<Model>), {
    bind: [id, owner.merchantId, owner.livemode],
    model,
    mapToModel: true,
    type: QueryTypes.SELECT,
  });
  return rows[0] ?? null;
}
