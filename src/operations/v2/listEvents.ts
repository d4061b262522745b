import type { operations } from '../../../generated/v2/client.js';
import { pageRequest } from '../../data/pagination.js';
import { listEvents as list } from '../../domain/events.js';
import type { Handler } from '../../http/operation-types.js';
import { readContext, subscriberOf } from '../contexts.js';
import { eventView } from './views.js';

/** List events. */
export const listEvents: Handler<operations['listEvents']> = async (context) => {
  const { query, services } = context;
  const page = await list(readContext(context), subscriberOf(context), { page: pageRequest(query), type: query.type, merchant: query.merchant });
  return {
    status: 200,
    body: { object: 'list', url: '/v2/events', has_more: page.hasMore, data: page.data.map((event) => eventView(event, services.config.publicBaseUrl)) },
  };
};
