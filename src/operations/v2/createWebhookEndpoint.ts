import type { operations } from '../../../generated/v2/client.js';
import { createEndpoint } from '../../domain/webhook-endpoints.js';
import type { Handler } from '../../http/operation-types.js';
import { subscriberOf, writeContext } from '../contexts.js';
import { webhookEndpointView } from './webhook-views.js';

/** Create a webhook endpoint. */
export const createWebhookEndpoint: Handler<operations['createWebhookEndpoint']> = async (context) => {
  const { body, services } = context;
  const endpoint = await createEndpoint(writeContext(context), subscriberOf(context), {
    url: body.url,
    enabledEvents: body.enabled_events,
    apiVersion: body.api_version ?? 'v2',
    allowLocalhostForSandbox: services.config.allowLocalhostWebhooks,
  });
  return { status: 201, body: webhookEndpointView(endpoint, true), headers: { Location: `/v2/webhook-endpoints/${endpoint.id}` } };
};
