// Partners: platforms that embed Evenpay for their many merchants ("powered by Evenpay"). An
// operator creates them (src/operator.ts) and issues their secret keys: `sk_test_…`/`sk_live_…`
// like a merchant's, stored as a SHA-256 hash only and shown once.
import type { PartnerRow } from '../data/models/index.js';
import { AppError } from '../kernel/errors.js';
import { hashToken, type IssuedKey, newToken } from './api-keys.js';
import type { ReadContext, WriteContext } from './context.js';
import { MAX_FEE_BPS } from './fees.js';
import { newId } from './ids.js';

/**
 * An operator's write (no owner). `revenueShareBps`: the partner's share of the merchant fee on
 * its merchants' transactions, in basis points of the fee (0–10 000; none unless given). It
 * applies to transactions authorized from then on: each keeps the share it was authorized under.
 */
export function createPartner(
  { models, clock, transaction }: WriteContext,
  { name, revenueShareBps = 0 }: { name: string; revenueShareBps?: number },
): Promise<PartnerRow> {
  if (!Number.isInteger(revenueShareBps) || revenueShareBps < 0 || revenueShareBps > MAX_FEE_BPS) {
    throw new AppError('invalid_request', `A revenue share is 0 to ${MAX_FEE_BPS} basis points of the fee, not ${revenueShareBps}.`);
  }
  return models.Partner.create({ id: newId('ptn'), name, revenueShareBps, createdAt: clock.now() }, { transaction });
}

/** A secret key for the partner, in test or live mode; the token is returned once. */
export async function issuePartnerKey(
  { models, clock, transaction }: WriteContext,
  { partnerId }: { partnerId: string },
  { livemode }: { livemode: boolean },
): Promise<IssuedKey> {
  if (!(await models.Partner.findByPk(partnerId, { transaction }))) throw new AppError('resource_not_found', `No partner ${partnerId} exists.`);
  const { token, hint } = newToken('secret', livemode);
  const id = newId('key');
  await models.PartnerKey.create(
    { id, partnerId, livemode, tokenHash: hashToken(token), tokenHint: hint, createdAt: clock.now(), revokedAt: null },
    { transaction },
  );
  return { id, token };
}

/** Every partner, oldest first, with how many merchants each has. (An operator's read.) */
export async function listPartners({ models }: ReadContext, _query: Record<string, never> = {}): Promise<Array<{ partner: PartnerRow; merchants: number }>> {
  const partners = await models.Partner.findAll({
    order: [
      ['createdAt', 'ASC'],
      ['id', 'ASC'],
    ],
  });
  const counts = await models.Merchant.count({ where: { partnerId: partners.map((p) => p.id) }, group: ['partnerId'] });
  const byPartner = new Map(counts.map(({ partnerId, count }) => [partnerId as string, count]));
  return partners.map((partner) => ({ partner, merchants: byPartner.get(partner.id) ?? 0 }));
}
