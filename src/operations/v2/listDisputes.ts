import type { operations } from '../../../generated/v2/client.js';
import { pageRequest } from '../../data/pagination.js';
import { listDisputes as list } from '../../domain/disputes.js';
import type { Handler } from '../../http/operation-types.js';
import { readContext, subscriberOf } from '../contexts.js';
import { disputeView } from './dispute-views.js';

/** List disputes (a partner's, of all its merchants, when it names none). */
export const listDisputes: Handler<operations['listDisputes']> = async (context) => {
  const { query } = context;
  const page = await list(readContext(context), subscriberOf(context), {
    page: pageRequest(query),
    status: query.status,
    transaction: query.transaction,
    merchant: query.merchant,
    created: query.created,
  });
  return { status: 200, body: { object: 'list', url: '/v2/disputes', has_more: page.hasMore, data: page.data.map(disputeView) } };
};
