import type { operations } from '../../../generated/v2/client.js';
import { redeliver } from '../../domain/webhook-deliveries.js';
import type { Handler } from '../../http/operation-types.js';
import { subscriberOf, writeContext } from '../contexts.js';
import { webhookDeliveryView } from './webhook-views.js';

/** Redeliver an event. */
export const redeliverEvent: Handler<operations['redeliverEvent']> = async (context) => {
  const queued = await redeliver(writeContext(context), subscriberOf(context), {
    eventId: context.params.eventId,
    endpointId: context.body?.webhook_endpoint_id,
  });
  return {
    status: 202,
    body: {
      object: 'list',
      url: `/v2/events/${context.params.eventId}/redeliver`,
      has_more: false,
      data: queued.map(({ delivery, attempts }) => webhookDeliveryView(delivery, attempts)),
    },
  };
};
