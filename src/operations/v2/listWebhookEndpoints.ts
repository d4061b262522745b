import type { operations } from '../../../generated/v2/client.js';
import { pageRequest } from '../../data/pagination.js';
import { listEndpoints } from '../../domain/webhook-endpoints.js';
import type { Handler } from '../../http/operation-types.js';
import { webhookEndpointView } from './webhook-views.js';

/** List webhook endpoints. */
export const listWebhookEndpoints: Handler<operations['listWebhookEndpoints']> = async ({ auth, query, services }) => {
  const page = await listEndpoints(services.models, auth, pageRequest(query));
  return { status: 200, body: { object: 'list', url: '/v2/webhook-endpoints', has_more: page.hasMore, data: page.data.map((e) => webhookEndpointView(e)) } };
};
