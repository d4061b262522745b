// Keys by API: a merchant's keys (its own, or its partner's acting for it) and a partner's own
// secret keys — listed, created, rolled (the old key keeps working for an overlap of at most
// 7 days) and revoked. Secrets are shown once and stored as a hash. Every revocation or roll
// writes a row to the key change feed in the same transaction, which every replica reads to drop
// its cached copy (data/key-change-feed.ts).
import type { ApiKeyKind, ApiKeyRow, PartnerKeyRow } from '../data/models/index.js';
import { type Page, type PageRequest, paginate } from '../data/pagination.js';
import { AppError } from '../kernel/errors.js';
import { isPartner, type Subscriber, subscriberScopeOf } from '../kernel/owner.js';
import { hashToken, newToken } from './api-keys.js';
import type { ReadContext, WriteContext } from './context.js';
import { recordEvent } from './events.js';
import { newId } from './ids.js';

/** Whose keys: a merchant's (in a mode) or a partner's own. */
export type KeyHolder = Subscriber;

export type KeyRow = ApiKeyRow | PartnerKeyRow;

/** At most how long a rolled key keeps working (PRODUCT.md: an overlap of at most 7 days). */
export const MAX_ROLL_OVERLAP_HOURS = 168;

export function keyKind(key: KeyRow): ApiKeyKind {
  return 'kind' in key ? key.kind : 'secret';
}

/** Where a key stands now: active, expiring (rolled, until expires_at), expired or revoked. */
export function keyStatus(key: KeyRow, now: Date): 'active' | 'expiring' | 'expired' | 'revoked' {
  if (key.revokedAt) return 'revoked';
  if (key.expiresAt) return key.expiresAt <= now ? 'expired' : 'expiring';
  return 'active';
}

export function listKeys({ models }: ReadContext, holder: KeyHolder, { page }: { page: PageRequest }): Promise<Page<KeyRow>> {
  return isPartner(holder) ? paginate(models.PartnerKey, subscriberScopeOf(holder), page) : paginate(models.ApiKey, subscriberScopeOf(holder), page);
}

async function findKey(context: WriteContext, holder: KeyHolder, id: string): Promise<KeyRow> {
  const { models, transaction } = context;
  const options = { where: { ...subscriberScopeOf(holder), id }, transaction, lock: transaction.LOCK.UPDATE };
  const key = isPartner(holder) ? await models.PartnerKey.findOne(options) : await models.ApiKey.findOne(options);
  if (!key) throw new AppError('resource_not_found', `No API key ${id} exists for this ${isPartner(holder) ? 'partner' : 'merchant'} in this mode.`);
  return key;
}

/** A new key of the holder, in its mode; the token is returned once. */
export async function createKey(context: WriteContext, holder: KeyHolder, { type }: { type: ApiKeyKind }): Promise<{ key: KeyRow; token: string }> {
  const { models, clock, transaction } = context;
  const { token, hint } = newToken(type, holder.livemode);
  const common = { id: newId('key'), livemode: holder.livemode, tokenHash: hashToken(token), tokenHint: hint, createdAt: clock.now(), revokedAt: null };
  if (isPartner(holder)) {
    if (type !== 'secret') {
      throw new AppError(
        'api_key_not_allowed',
        'A partner has secret keys only: publishable keys belong to merchants (send Evenpay-Merchant to make one for a merchant).',
        {
          errors: [{ pointer: '/type', detail: 'must be secret for a partner' }],
        },
      );
    }
    return { key: await models.PartnerKey.create({ ...common, partnerId: holder.partnerId }, { transaction }), token };
  }
  const key = await models.ApiKey.create(
    { ...common, merchantId: holder.merchantId, kind: type, publishableToken: type === 'publishable' ? token : null },
    { transaction },
  );
  await recordEvent(context, 'api_key.created', key);
  return { key, token };
}

/** A change of a merchant's key is an event of the merchant (a partner's own keys have none). */
async function recordKeyEvent(context: WriteContext, type: 'api_key.rolled' | 'api_key.revoked', key: KeyRow): Promise<void> {
  if ('merchantId' in key) await recordEvent(context, type, key);
}

async function recordChange(context: WriteContext, key: KeyRow): Promise<void> {
  await context.models.ApiKeyChange.create(
    { tokenHash: key.tokenHash, publishableToken: 'publishableToken' in key ? key.publishableToken : null, createdAt: context.clock.now() },
    { transaction: context.transaction },
  );
}

/**
 * A new key in place of `id`, returned with its token; the old one works for `expiresInHours`
 * more (0: not at all) and names its successor. A revoked or expired key cannot be rolled.
 */
export async function rollKey(
  context: WriteContext,
  holder: KeyHolder,
  { id, expiresInHours }: { id: string; expiresInHours: number },
): Promise<{ key: KeyRow; token: string; rolled: KeyRow }> {
  const old = await findKey(context, holder, id);
  const now = context.clock.now();
  const status = keyStatus(old, now);
  if (status === 'revoked' || status === 'expired') {
    const when = (old.revokedAt ?? old.expiresAt)!.toISOString();
    throw new AppError('api_key_revoked', `Key ${id} was ${status} on ${when}: it cannot be rolled. Create a new key instead.`);
  }
  const created = await createKey(context, holder, { type: keyKind(old) });
  const expiresAt = new Date(now.getTime() + expiresInHours * 60 * 60 * 1000);
  // An expiring key rolled again keeps the earlier of its two ends.
  old.expiresAt = old.expiresAt && old.expiresAt < expiresAt ? old.expiresAt : expiresAt;
  old.rolledTo = created.key.id;
  await old.save({ transaction: context.transaction });
  await recordChange(context, old);
  await recordKeyEvent(context, 'api_key.rolled', old);
  return { ...created, rolled: old };
}

/** Revokes the key at once (a revoked one is answered as it is). */
export async function revokeKey(context: WriteContext, holder: KeyHolder, { id }: { id: string }): Promise<KeyRow> {
  const key = await findKey(context, holder, id);
  if (key.revokedAt) return key;
  key.revokedAt = context.clock.now();
  await key.save({ transaction: context.transaction });
  await recordChange(context, key);
  await recordKeyEvent(context, 'api_key.revoked', key);
  return key;
}
