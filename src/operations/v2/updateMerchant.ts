import type { operations } from '../../../generated/v2/client.js';
import { setAllowedOrigins } from '../../domain/allowed-origins.js';
import type { Handler } from '../../http/operation-types.js';
import { writeContext } from '../contexts.js';
import { merchantView } from './views.js';

/** Update the merchant's own settings (a partner's with Evenpay-Merchant). */
export const updateMerchant: Handler<operations['updateMerchant']> = async (context) => {
  const { auth, body, services } = context;
  const write = writeContext(context);
  const { planTerms } = await services.merchantProfiles.load(auth.merchantId, write.transaction);
  const merchant = await setAllowedOrigins(write, auth.merchantId, body.allowed_origins);
  // This replica's cached copy is stale once this commits (others' within the cache TTL): forgotten
  // after the commit, so no request caches the old row again.
  write.transaction.afterCommit(() => services.merchantProfiles.forget(merchant.id));
  return { status: 200, body: merchantView(merchant, planTerms, auth.livemode, services.config.publicBaseUrl) };
};
