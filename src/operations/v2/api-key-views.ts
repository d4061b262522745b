// How an API key is shown: never its secret, except in the answer that creates or rolls it.
import type { components } from '../../../generated/v2/client.js';
import { type KeyRow, keyKind, keyStatus } from '../../domain/key-management.js';

type Schemas = components['schemas'];

export function apiKeyView(key: KeyRow, now: Date, secret?: string): Schemas['ApiKey'] {
  const publishableToken = 'publishableToken' in key ? key.publishableToken : null;
  return {
    id: key.id,
    object: 'api_key',
    type: keyKind(key),
    livemode: key.livemode,
    status: keyStatus(key, now),
    merchant: 'merchantId' in key ? key.merchantId : null,
    partner: 'partnerId' in key ? key.partnerId : null,
    hint: key.tokenHint,
    publishable_key: publishableToken,
    created: key.createdAt.toISOString(),
    expires_at: key.expiresAt?.toISOString() ?? null,
    revoked_at: key.revokedAt?.toISOString() ?? null,
    rolled_to: key.rolledTo,
    ...(secret !== undefined && publishableToken === null ? { secret } : {}),
  };
}
