import type { operations } from '../../../generated/v2/client.js';
import { allowsOrigin } from '../../domain/allowed-origins.js';
import { assertCurrencyAccepted } from '../../domain/merchants.js';
import { promotionFor } from '../../domain/promotions.js';
import { corsHeaders } from '../../http/cors.js';
import type { Handler } from '../../http/operation-types.js';
import { utcDay } from '../../kernel/clock.js';
import { promotionView } from './promotion-views.js';

/** How long a browser or a CDN may reuse a message, in seconds: plans change rarely. */
const MAX_AGE_S = 300;

/** Retrieve the message for a price (publishable key): cacheable, CORS for the merchant's origins; its ETag is the dispatcher's. */
export const getPromotion: Handler<operations['getPromotion']> = async ({ auth, query, headers, services }) => {
  const { merchant, planTerms } = await services.merchantProfiles.load(auth.merchantId);
  assertCurrencyAccepted(merchant, query.currency, { parameter: 'currency' });
  const promotion = promotionFor(planTerms, query.amount, query.currency, utcDay(services.clock.now()));
  const origin = headers.Origin;
  return {
    status: 200,
    body: promotionView(promotion, query.amount, query.currency, auth.livemode),
    headers: {
      'Cache-Control': `public, max-age=${MAX_AGE_S}`,
      Vary: 'Origin, Authorization',
      ...corsHeaders(origin, origin !== undefined && allowsOrigin(merchant, origin)),
    },
  };
};
