import type { operations } from '../../../generated/v2/client.js';
import { pageRequest } from '../../data/pagination.js';
import { listCheckouts as list } from '../../domain/checkouts.js';
import { settleCheckoutExpiry } from '../../domain/consumer-actions.js';
import type { Handler } from '../../http/operation-types.js';
import { checkoutView } from './views.js';

/** List checkouts. */
export const listCheckouts: Handler<operations['listCheckouts']> = async ({ auth, query, services }) => {
  const page = await list(services.models, auth, pageRequest(query));
  // Reads see expiry at once, in lists as in GET /checkouts/{id}.
  const checkouts = await Promise.all(page.data.map((checkout) => settleCheckoutExpiry(services.models, services.uow, services.clock, checkout)));
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
