import type { operations } from '../../../generated/v2/client.js';
import { onboardMerchant } from '../../domain/onboarding.js';
import type { Handler } from '../../http/operation-types.js';
import { partnerOwner, writeContext } from '../contexts.js';
import { brandingInput, merchantView } from './views.js';

/** Onboard a merchant (a partner's operation). */
export const createMerchant: Handler<operations['createMerchant']> = async (context) => {
  const { body, services } = context;
  const owner = partnerOwner(context);
  const write = writeContext(context);
  const { merchant, planTerms } = await onboardMerchant(write, owner, {
    externalMerchantId: body.external_merchant_id,
    legalName: body.legal_name,
    name: body.name,
    country: body.country,
    currencies: body.currencies,
    website: body.website,
    categoryCode: body.category_code,
    supportEmail: body.support_email,
    branding: brandingInput(body.branding),
    plans: body.plans?.map((plan) => ({ planId: plan.plan_id, feeRateBps: plan.merchant_fee.rate_bps, feeFixedAmount: plan.merchant_fee.fixed_amount })),
    reviewDelayMs: services.config.sandboxReviewDelayMs,
  });
  return {
    status: 201,
    body: merchantView(merchant, planTerms, owner.livemode, services.config.publicBaseUrl),
    headers: { Location: `/v2/merchants/${merchant.id}` },
  };
};
