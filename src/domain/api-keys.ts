// API keys: `sk_test_…`/`sk_live_…` secrets and `pk_test_…`/`pk_live_…` publishable keys.
// Secrets are high-entropy random strings, so one SHA-256 (no salt, no slow hash) is enough to
// make the stored value useless to a thief while keeping the lookup a single indexed read.
import { createHash } from 'node:crypto';
import type { Transaction } from 'sequelize';
import type { ApiKeyKind, Models } from '../data/models/index.js';
import { newId, secretBase62 } from './ids.js';

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function parseToken(token: string): { kind: ApiKeyKind; livemode: boolean } | undefined {
  const match = /^(sk|pk)_(test|live)_[0-9A-Za-z]{24,64}$/.exec(token);
  if (!match) return undefined;
  return { kind: match[1] === 'sk' ? 'secret' : 'publishable', livemode: match[2] === 'live' };
}

export interface IssuedKey {
  id: string;
  token: string;
}

export async function issueKey(models: Models, merchantId: string, kind: ApiKeyKind, livemode: boolean, transaction?: Transaction): Promise<IssuedKey> {
  const token = `${kind === 'secret' ? 'sk' : 'pk'}_${livemode ? 'live' : 'test'}_${secretBase62(24)}`;
  const id = newId('key');
  await models.ApiKey.create(
    {
      id,
      merchantId,
      kind,
      livemode,
      tokenHash: hashToken(token),
      tokenHint: `${token.slice(0, 8)}…${token.slice(-4)}`,
      publishableToken: kind === 'publishable' ? token : null,
      revokedAt: null,
    },
    { transaction },
  );
  return { id, token };
}
