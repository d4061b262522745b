import type { operations } from '../../../generated/v2/client.js';
import { pageRequest } from '../../data/pagination.js';
import { listDeliveries } from '../../domain/webhook-deliveries.js';
import type { Handler } from '../../http/operation-types.js';
import { webhookDeliveryView } from './webhook-views.js';

/** List an endpoint's deliveries with their attempts. */
export const listWebhookDeliveries: Handler<operations['listWebhookDeliveries']> = async ({ auth, params, query, services }) => {
  const page = await listDeliveries(services.models, auth, params.webhookEndpointId, pageRequest(query));
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
