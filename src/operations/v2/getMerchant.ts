import type { operations } from '../../../generated/v2/client.js';
import type { Handler } from '../../http/operation-types.js';
import { merchantView } from './views.js';

/** Retrieve the merchant. */
export const getMerchant: Handler<operations['getMerchant']> = async ({ auth, services }) => {
  const { merchant, planTerms } = await services.merchantProfiles.load(auth.merchantId);
  return { status: 200, body: merchantView(merchant, planTerms, auth.livemode, services.config.publicBaseUrl) };
};
