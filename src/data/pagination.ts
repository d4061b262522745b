// The one pagination helper: cursor lists over any table with a public `id` and an
// insertion-ordered `seq`, newest first, `starting_after` / `ending_before` as in Stripe.
// The cursor must belong to the same scope (merchant, mode), so it cannot leak other data.
import { type Model, type ModelStatic, Op, type WhereOptions } from 'sequelize';
import { AppError } from '../kernel/errors.js';

export interface PageRequest {
  limit: number;
  startingAfter?: string | undefined;
  endingBefore?: string | undefined;
}

export interface Page<T> {
  data: T[];
  hasMore: boolean;
}

type Sequenced = Model & { seq: number; id: string };

/** A list operation's query, as the spec names it. */
export interface ListQuery {
  limit?: number | undefined;
  starting_after?: string | undefined;
  ending_before?: string | undefined;
}

/**
 * The page a list request asks for (limit 10 unless it says otherwise). Refused before anything
 * is looked up when it names both cursors: that request is wrong whatever the list holds.
 */
export function pageRequest(query: ListQuery): PageRequest {
  assertOneCursor(query.starting_after, query.ending_before);
  return { limit: query.limit ?? 10, startingAfter: query.starting_after, endingBefore: query.ending_before };
}

function assertOneCursor(startingAfter: string | undefined, endingBefore: string | undefined): void {
  if (startingAfter && endingBefore) {
    throw new AppError('invalid_cursor', 'Send starting_after or ending_before, not both.', {
      errors: [
        { parameter: 'starting_after', detail: 'cannot be combined with ending_before' },
        { parameter: 'ending_before', detail: 'cannot be combined with starting_after' },
      ],
    });
  }
}

/**
 * `scope` is who may see the rows (merchant, mode): cursors must be in it. `filter` narrows the
 * list further (status, dates) but not the cursor, so a cursor stays valid after its object
 * changes status.
 */
export async function paginate<M extends Sequenced>(
  model: ModelStatic<M>,
  scope: WhereOptions,
  page: PageRequest,
  filter: WhereOptions = {},
): Promise<Page<M>> {
  assertOneCursor(page.startingAfter, page.endingBefore);
  const cursorId = page.startingAfter ?? page.endingBefore;
  const parameter = page.startingAfter ? 'starting_after' : 'ending_before';
  let seqFilter = {};
  if (cursorId) {
    const cursor = await model.findOne({ where: { ...scope, id: cursorId } as WhereOptions, attributes: ['seq'] });
    if (!cursor) {
      throw new AppError('invalid_cursor', `${parameter} names ${cursorId}, which is not in this list.`, {
        errors: [{ parameter, detail: 'no such object in this list' }],
      });
    }
    seqFilter = { seq: { [page.startingAfter ? Op.lt : Op.gt]: cursor.seq } };
  }
  const backwards = Boolean(page.endingBefore);
  const rows = await model.findAll({
    where: { ...scope, ...filter, ...seqFilter } as WhereOptions,
    order: [['seq', backwards ? 'ASC' : 'DESC']],
    limit: page.limit + 1,
  });
  const hasMore = rows.length > page.limit;
  const data = rows.slice(0, page.limit);
  return { data: backwards ? data.reverse() : data, hasMore };
}
