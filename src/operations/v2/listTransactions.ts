import type { operations } from '../../../generated/v2/client.js';
import { listTransactions as list } from '../../domain/transactions.js';
import type { Handler } from '../../http/operation-types.js';
import { transactionView } from './views.js';

/** List transactions. */
export const listTransactions: Handler<operations['listTransactions']> = async ({ auth, query, services }) => {
  const page = await list(
    services.models,
    auth,
    { limit: query.limit ?? 10, startingAfter: query.starting_after, endingBefore: query.ending_before },
    { status: query.status, created: query.created },
  );
  return {
    status: 200,
    body: { object: 'list', url: '/v2/transactions', has_more: page.hasMore, data: page.data.map((tx) => transactionView(tx)) },
  };
};
