import type { operations } from '../../../generated/v2/client.js';
import { createKey } from '../../domain/key-management.js';
import type { Handler } from '../../http/operation-types.js';
import { subscriberOf, writeContext } from '../contexts.js';
import { apiKeyView } from './api-key-views.js';

/** Create an API key; its secret is in this answer only. */
export const createApiKey: Handler<operations['createApiKey']> = async (context) => {
  const { key, token } = await createKey(writeContext(context), subscriberOf(context), { type: context.body.type });
  return { status: 201, body: apiKeyView(key, context.services.clock.now(), token), headers: { Location: `/v2/api-keys/${key.id}` } };
};
