import type { operations } from '../../../generated/v2/client.js';
import { pageRequest } from '../../data/pagination.js';
import { listBalanceEntries as list } from '../../domain/ledger.js';
import type { Handler } from '../../http/operation-types.js';
import { readContext } from '../contexts.js';
import { balanceEntryView } from './balance-views.js';

/** List balance entries. */
export const listBalanceEntries: Handler<operations['listBalanceEntries']> = async (context) => {
  const { query } = context;
  const page = await list(readContext(context), context.auth, { page: pageRequest(query), type: query.type, source: query.source, created: query.created });
  return {
    status: 200,
    body: { object: 'list', url: '/v2/balance-entries', has_more: page.hasMore, data: page.data.map(balanceEntryView) },
  };
};
