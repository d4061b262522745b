import type { operations } from '../../../generated/v2/client.js';
import { pageRequest } from '../../data/pagination.js';
import { listEvents as list } from '../../domain/events.js';
import type { Handler } from '../../http/operation-types.js';
import { eventView } from './views.js';

/** List events. */
export const listEvents: Handler<operations['listEvents']> = async ({ auth, query, services }) => {
  const page = await list(services.models, auth, pageRequest(query), query.type);
  return {
    status: 200,
    body: { object: 'list', url: '/v2/events', has_more: page.hasMore, data: page.data.map((event) => eventView(event, services.config.publicBaseUrl)) },
  };
};
