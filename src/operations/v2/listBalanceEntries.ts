import type { operations } from '../../../generated/v2/client.js';
import { pageRequest } from '../../data/pagination.js';
import { listBalanceEntries as list, payoutsOf } from '../../domain/ledger.js';
import type { Handler } from '../../http/operation-types.js';
import { readContext } from '../contexts.js';
import { balanceEntryView } from './balance-views.js';

/** List balance entries. */
export const listBalanceEntries: Handler<operations['listBalanceEntries']> = async (context) => {
  const { query } = context;
  const read = readContext(context);
  const filter = { type: query.type, source: query.source, payout: query.payout, created: query.created };
  const page = await list(read, context.auth, { page: pageRequest(query), ...filter });
  const payouts = await payoutsOf(read, page.data);
  return {
    status: 200,
    body: {
      object: 'list',
      url: '/v2/balance-entries',
      has_more: page.hasMore,
      data: page.data.map((entry) => balanceEntryView(entry, payouts.get(entry.id) ?? null)),
    },
  };
};
