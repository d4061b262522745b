import type { operations } from '../../../generated/v2/client.js';
import { DEFAULT_ROTATION_OVERLAP_SECONDS, rotateSecret } from '../../domain/webhook-endpoints.js';
import type { Handler } from '../../http/operation-types.js';
import { subscriberOf, writeContext } from '../contexts.js';
import { webhookEndpointView } from './webhook-views.js';

/** Rotate an endpoint's signing secret, with an overlap window. */
export const rotateWebhookEndpointSecret: Handler<operations['rotateWebhookEndpointSecret']> = async (context) => {
  const overlapSeconds = context.body?.overlap_seconds ?? DEFAULT_ROTATION_OVERLAP_SECONDS;
  const endpoint = await rotateSecret(writeContext(context), subscriberOf(context), { id: context.params.webhookEndpointId, overlapSeconds });
  return { status: 200, body: webhookEndpointView(endpoint, true) };
};
