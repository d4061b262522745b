import type { operations } from '../../../generated/v2/client.js';
import { listCheckouts as list } from '../../domain/checkouts.js';
import type { Handler } from '../../http/operation-types.js';
import { checkoutView } from './views.js';

/** List checkouts. */
export const listCheckouts: Handler<operations['listCheckouts']> = async ({ auth, query, services }) => {
  const page = await list(services.models, auth, {
    limit: query.limit ?? 10,
    startingAfter: query.starting_after,
    endingBefore: query.ending_before,
  });
  return {
    status: 200,
    body: {
      object: 'list',
      url: '/v2/checkouts',
      has_more: page.hasMore,
      data: page.data.map((checkout) => checkoutView(checkout, services.config.publicBaseUrl)),
    },
  };
};
