import type { operations } from '../../../generated/v2/client.js';
import { getPartnerMerchant as find } from '../../domain/onboarding.js';
import type { Handler } from '../../http/operation-types.js';
import { partnerOwner, readContext } from '../contexts.js';
import { merchantView } from './views.js';

/** Retrieve one of the partner's merchants. */
export const getPartnerMerchant: Handler<operations['getPartnerMerchant']> = async (context) => {
  const owner = partnerOwner(context);
  const { merchant, planTerms } = await find(readContext(context), owner, { id: context.params.merchantId });
  return { status: 200, body: merchantView(merchant, planTerms, owner.livemode, context.services.config.publicBaseUrl) };
};
