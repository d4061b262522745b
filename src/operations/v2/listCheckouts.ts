import type { operations } from '../../../generated/v2/client.js';
import { pageRequest } from '../../data/pagination.js';
import { listCheckouts as list } from '../../domain/checkouts.js';
import { settleCheckoutExpiry } from '../../domain/consumer-actions.js';
import type { Handler } from '../../http/operation-types.js';
import { readContext } from '../contexts.js';
import { checkoutView } from './views.js';

/** List checkouts. */
export const listCheckouts: Handler<operations['listCheckouts']> = async (context) => {
  const { query, services } = context;
  const read = readContext(context);
  const page = await list(read, context.auth, { page: pageRequest(query), orderId: query.order_id });
  // Reads see expiry at once, in lists as in GET /checkouts/{id}.
  const checkouts = await Promise.all(page.data.map((checkout) => settleCheckoutExpiry(read, checkout)));
  return {
    status: 200,
    body: {
      object: 'list',
      url: '/v2/checkouts',
      has_more: page.hasMore,
      data: checkouts.map((checkout) => checkoutView(checkout, services.config.publicBaseUrl)),
    },
  };
};
