// Onboarding links: for what a partner cannot collect itself, a single-use link (one hour) to the
// hosted page where the merchant's representative supplies what is currently due. A link is
// re-issued, never extended: the page sends an expired or used one to the partner's refresh_url.
// Completing the form is an update of the merchant like the partner's own (it may send the
// merchant to review), made by the representative rather than the partner.
import type { MerchantRow, OnboardingLinkRow } from '../data/models/index.js';
import type { PartnerOwner } from '../kernel/owner.js';
import { hashToken } from './api-keys.js';
import { assertReturnUrl } from './checkouts.js';
import type { ReadContext, WriteContext } from './context.js';
import { newId, secretBase62 } from './ids.js';
import {
  assertMayChangeProfile,
  currentlyDue,
  type MerchantProfileInput,
  merchantNotFound,
  ownedBy,
  type Requirement,
  updatePartnerMerchant,
} from './onboarding.js';

export const ONBOARDING_LINK_TTL_MS = 60 * 60 * 1000;
/** The token's shape (the page looks nothing else up). */
export const ONBOARDING_TOKEN = /^[0-9A-Za-z]{32}$/;

export async function createOnboardingLink(
  context: WriteContext,
  owner: PartnerOwner,
  input: { merchantId: string; returnUrl: string; refreshUrl: string },
): Promise<{ link: OnboardingLinkRow; token: string }> {
  const { models, clock, transaction } = context;
  assertReturnUrl(input.returnUrl, '/return_url');
  assertReturnUrl(input.refreshUrl, '/refresh_url');
  const merchant = await models.Merchant.findByPk(input.merchantId, { transaction });
  if (!ownedBy(merchant, owner)) throw merchantNotFound(input.merchantId);
  assertMayChangeProfile(merchant, owner);
  const token = secretBase62(32);
  const now = clock.now();
  const link = await models.OnboardingLink.create(
    {
      id: newId('olk'),
      merchantId: merchant.id,
      livemode: owner.livemode,
      tokenHash: hashToken(token),
      returnUrl: input.returnUrl,
      refreshUrl: input.refreshUrl,
      createdAt: now,
      expiresAt: new Date(now.getTime() + ONBOARDING_LINK_TTL_MS),
      usedAt: null,
    },
    { transaction },
  );
  return { link, token };
}

/** What a link's address finds: nothing, a link that no longer works (and why), or the merchant to onboard. */
export type OnboardingVisit =
  | { kind: 'unknown' }
  | { kind: 'expired' | 'used'; link: OnboardingLinkRow; merchant: MerchantRow }
  | { kind: 'open'; link: OnboardingLinkRow; merchant: MerchantRow; due: Requirement[] };

export async function visitOnboardingLink({ models, clock }: ReadContext, { token }: { token: string }): Promise<OnboardingVisit> {
  if (!ONBOARDING_TOKEN.test(token)) return { kind: 'unknown' };
  const link = await models.OnboardingLink.findOne({ where: { tokenHash: hashToken(token) } });
  const merchant = link ? await models.Merchant.findByPk(link.merchantId) : null;
  if (!link || !merchant) return { kind: 'unknown' };
  if (link.usedAt) return { kind: 'used', link, merchant };
  if (link.expiresAt <= clock.now()) return { kind: 'expired', link, merchant };
  return { kind: 'open', link, merchant, due: currentlyDue(merchant) };
}

/**
 * Supplies what the representative filled in and uses the link up — once: of two submissions
 * racing, the second finds it used (`undefined`) and changes nothing. The merchant as it now is.
 */
export async function completeOnboarding(
  context: WriteContext,
  { link, merchant }: { link: OnboardingLinkRow; merchant: MerchantRow },
  input: MerchantProfileInput & { reviewDelayMs: number },
): Promise<MerchantRow | undefined> {
  const { models, clock, transaction } = context;
  const [used] = await models.OnboardingLink.update({ usedAt: clock.now() }, { where: { id: link.id, usedAt: null }, transaction });
  if (used === 0) return undefined;
  const owner = { partnerId: merchant.partnerId!, livemode: link.livemode };
  return (await updatePartnerMerchant({ ...context, actingPartnerId: null }, owner, { ...input, id: merchant.id })).merchant;
}
