// API keys: `sk_test_…`/`sk_live_…` secrets and `pk_test_…`/`pk_live_…` publishable keys.
// Secrets are high-entropy random strings, so one SHA-256 (no salt, no slow hash) is enough to
// make the stored value useless to a thief while keeping the lookup a single indexed read.
import { createHash } from 'node:crypto';
import type { ApiKeyKind } from '../data/models/index.js';
import type { Owner } from '../kernel/owner.js';
import type { WriteContext } from './context.js';
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

/** A new secret (`sk_…`) or publishable (`pk_…`) token for test or live mode, and its hint. */
export function newToken(kind: ApiKeyKind, livemode: boolean): { token: string; hint: string } {
  const token = `${kind === 'secret' ? 'sk' : 'pk'}_${livemode ? 'live' : 'test'}_${secretBase62(24)}`;
  return { token, hint: `${token.slice(0, 8)}…${token.slice(-4)}` };
}

/** Issues a merchant key in the owner's mode; the token is returned once and only its hash (for secrets) is kept. */
export async function issueKey(context: WriteContext, owner: Owner, { kind }: { kind: ApiKeyKind }): Promise<IssuedKey> {
  const { token, hint } = newToken(kind, owner.livemode);
  const id = newId('key');
  await context.models.ApiKey.create(
    {
      id,
      merchantId: owner.merchantId,
      kind,
      livemode: owner.livemode,
      tokenHash: hashToken(token),
      tokenHint: hint,
      publishableToken: kind === 'publishable' ? token : null,
      revokedAt: null,
    },
    { transaction: context.transaction },
  );
  return { id, token };
}
