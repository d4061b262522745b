import type { operations } from '../../../generated/v2/client.js';
import { getCheckout as find } from '../../domain/checkouts.js';
import { settleCheckoutExpiry } from '../../domain/consumer-actions.js';
import type { Handler } from '../../http/operation-types.js';
import { checkoutView } from './views.js';

/** Retrieve a checkout. */
export const getCheckout: Handler<operations['getCheckout']> = async ({ auth, params, services }) => {
  // Reads see expiry at once: an open checkout past expires_at is expired (with its event) first.
  const checkout = await settleCheckoutExpiry(services.models, services.uow, services.clock, await find(services.models, auth, params.checkoutId));
  return { status: 200, body: checkoutView(checkout, services.config.publicBaseUrl) };
};
