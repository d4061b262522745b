import type { operations } from '../../../generated/v2/client.js';
import { PROPAGATION_MS } from '../../data/key-change-feed.js';
import { revokeKey } from '../../domain/key-management.js';
import { type Handler, settles } from '../../http/operation-types.js';
import { subscriberOf, writeContext } from '../contexts.js';
import { apiKeyView } from './api-key-views.js';

/** Revoke an API key: refused by every replica before this answer is sent. */
// Answered once every replica has read the change (data/key-change-feed.ts), a replay too.
export const revokeApiKey: Handler<operations['revokeApiKey']> = settles(PROPAGATION_MS, async (context) => {
  const write = writeContext(context);
  const key = await revokeKey(write, subscriberOf(context), { id: context.params.keyId });
  return {
    status: 200,
    body: apiKeyView(key, context.services.clock.now()),
  };
});
