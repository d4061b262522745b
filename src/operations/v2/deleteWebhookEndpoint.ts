import type { operations } from '../../../generated/v2/client.js';
import { deleteEndpoint } from '../../domain/webhook-endpoints.js';
import type { Handler } from '../../http/operation-types.js';
import { subscriberOf, writeContext } from '../contexts.js';

/** Delete a webhook endpoint (and stop its pending retries). */
export const deleteWebhookEndpoint: Handler<operations['deleteWebhookEndpoint']> = async (context) => {
  await deleteEndpoint(writeContext(context), subscriberOf(context), { id: context.params.webhookEndpointId });
  return { status: 200, body: { id: context.params.webhookEndpointId, object: 'webhook_endpoint', deleted: true } };
};
