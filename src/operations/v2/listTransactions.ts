import type { operations } from '../../../generated/v2/client.js';
import { pageRequest } from '../../data/pagination.js';
import { listTransactions as list, settleAuthorizationExpiry } from '../../domain/transactions.js';
import type { Handler } from '../../http/operation-types.js';
import { readContext } from '../contexts.js';
import { transactionView } from './views.js';

/** List transactions. */
export const listTransactions: Handler<operations['listTransactions']> = async (context) => {
  const { query } = context;
  const read = readContext(context);
  const page = await list(read, context.auth, { page: pageRequest(query), status: query.status, created: query.created });
  // Reads see expiry at once, in lists as in GET /transactions/{id}. (A `status` filter is applied
  // in the database, so it can still match a lapsed authorization until the 30 s sweep expires it.)
  const transactions = await Promise.all(page.data.map((tx) => settleAuthorizationExpiry(read, tx)));
  return {
    status: 200,
    body: { object: 'list', url: '/v2/transactions', has_more: page.hasMore, data: transactions.map((tx) => transactionView(tx)) },
  };
};
