import type { operations } from '../../../generated/v2/client.js';
import { enableEndpoint } from '../../domain/webhook-endpoints.js';
import type { Handler } from '../../http/operation-types.js';
import { subscriberOf, writeContext } from '../contexts.js';
import { webhookEndpointView } from './webhook-views.js';

/** Re-enable an endpoint disabled after 3 days of failures. */
export const enableWebhookEndpoint: Handler<operations['enableWebhookEndpoint']> = async (context) => {
  const endpoint = await enableEndpoint(writeContext(context), subscriberOf(context), {
    id: context.params.webhookEndpointId,
    allowLocalhostForSandbox: context.services.config.allowLocalhostWebhooks,
  });
  return { status: 200, body: webhookEndpointView(endpoint) };
};
