import type { operations } from '../../../generated/v2/client.js';
import { PROPAGATION_MS } from '../../data/key-change-feed.js';
import { rollKey } from '../../domain/key-management.js';
import { type Handler, settles } from '../../http/operation-types.js';
import { subscriberOf, writeContext } from '../contexts.js';
import { apiKeyView } from './api-key-views.js';

/** Roll an API key: a new one now, the old one until `expires_in_hours` from now. */
// Answered once every replica has read the change (data/key-change-feed.ts), a replay too.
export const rollApiKey: Handler<operations['rollApiKey']> = settles(PROPAGATION_MS, async (context) => {
  const write = writeContext(context);
  const { key, token } = await rollKey(write, subscriberOf(context), {
    id: context.params.keyId,
    expiresInHours: context.body?.expires_in_hours ?? 24,
  });
  return {
    status: 201,
    body: apiKeyView(key, context.services.clock.now(), token),
    headers: { Location: `/v2/api-keys/${key.id}` },
  };
});
