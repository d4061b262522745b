import type { operations } from '../../../generated/v2/client.js';
import { DEFAULT_ROTATION_OVERLAP_SECONDS, rotateSecret } from '../../domain/webhook-endpoints.js';
import type { Handler } from '../../http/operation-types.js';
import { writeContext } from '../write-context.js';
import { webhookEndpointView } from './webhook-views.js';

/** Rotate an endpoint's signing secret, with an overlap window. */
export const rotateWebhookEndpointSecret: Handler<operations['rotateWebhookEndpointSecret']> = async (context) => {
  const { models, clock, transaction } = writeContext(context);
  const overlap = context.body?.overlap_seconds ?? DEFAULT_ROTATION_OVERLAP_SECONDS;
  const endpoint = await rotateSecret(models, clock, context.auth, context.params.webhookEndpointId, overlap, transaction);
  return { status: 200, body: webhookEndpointView(endpoint, true) };
};
