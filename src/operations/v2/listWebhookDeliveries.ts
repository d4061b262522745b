import type { operations } from '../../../generated/v2/client.js';
import { pageRequest } from '../../data/pagination.js';
import { listDeliveries } from '../../domain/webhook-deliveries.js';
import type { Handler } from '../../http/operation-types.js';
import { readContext, subscriberOf } from '../contexts.js';
import { webhookDeliveryView } from './webhook-views.js';

/** List an endpoint's deliveries with their attempts. */
export const listWebhookDeliveries: Handler<operations['listWebhookDeliveries']> = async (context) => {
  const { params, query } = context;
  const page = await listDeliveries(readContext(context), subscriberOf(context), { endpointId: params.webhookEndpointId, page: pageRequest(query) });
  return {
    status: 200,
    body: {
      object: 'list',
      url: `/v2/webhook-endpoints/${params.webhookEndpointId}/deliveries`,
      has_more: page.hasMore,
      data: page.data.map(({ delivery, attempts }) => webhookDeliveryView(delivery, attempts)),
    },
  };
};
