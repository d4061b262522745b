import type { operations } from '../../../generated/v2/client.js';
import { updatePartnerMerchant as update } from '../../domain/onboarding.js';
import type { Handler } from '../../http/operation-types.js';
import { partnerOwner, writeContext } from '../contexts.js';
import { brandingInput, merchantView } from './views.js';

/** Update one of the partner's merchants: what it supplies anew may send it back to review. */
export const updatePartnerMerchant: Handler<operations['updatePartnerMerchant']> = async (context) => {
  const { body, params, services } = context;
  const owner = partnerOwner(context);
  const write = writeContext(context);
  const { merchant, planTerms } = await update(write, owner, {
    id: params.merchantId,
    legalName: body.legal_name,
    name: body.name,
    website: body.website,
    categoryCode: body.category_code,
    supportEmail: body.support_email,
    branding: brandingInput(body.branding),
    reviewDelayMs: services.config.sandboxReviewDelayMs,
  });
  // This replica's cached copy is stale once this commits (others' within the cache TTL; a checkout
  // re-reads a non-active one). Forgotten after the commit, so no request caches the old row again.
  write.transaction.afterCommit(() => services.merchantProfiles.forget(merchant.id));
  return { status: 200, body: merchantView(merchant, planTerms, owner.livemode, services.config.publicBaseUrl) };
};
