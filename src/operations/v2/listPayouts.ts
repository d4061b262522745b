import type { operations } from '../../../generated/v2/client.js';
import { pageRequest } from '../../data/pagination.js';
import { entryTotalsOf, listPayouts as list } from '../../domain/payouts.js';
import type { Handler } from '../../http/operation-types.js';
import { readContext } from '../contexts.js';
import { payoutView } from './balance-views.js';

/** List payouts. */
export const listPayouts: Handler<operations['listPayouts']> = async (context) => {
  const { query } = context;
  const read = readContext(context);
  const page = await list(read, context.auth, { page: pageRequest(query), status: query.status, created: query.created });
  const totals = await entryTotalsOf(
    read,
    page.data.map((payout) => payout.id),
  );
  const data = page.data.map((payout) => payoutView(payout, totals.get(payout.id) ?? []));
  return { status: 200, body: { object: 'list', url: '/v2/payouts', has_more: page.hasMore, data } };
};
