import type { operations } from '../../../generated/v2/client.js';
import { pageRequest } from '../../data/pagination.js';
import { listEndpoints } from '../../domain/webhook-endpoints.js';
import type { Handler } from '../../http/operation-types.js';
import { readContext, subscriberOf } from '../contexts.js';
import { webhookEndpointView } from './webhook-views.js';

/** List webhook endpoints. */
export const listWebhookEndpoints: Handler<operations['listWebhookEndpoints']> = async (context) => {
  const page = await listEndpoints(readContext(context), subscriberOf(context), { page: pageRequest(context.query) });
  return { status: 200, body: { object: 'list', url: '/v2/webhook-endpoints', has_more: page.hasMore, data: page.data.map((e) => webhookEndpointView(e)) } };
};
