import type { operations } from '../../../generated/v2/client.js';
import { getCheckout as find } from '../../domain/checkouts.js';
import { settleCheckoutExpiry } from '../../domain/consumer-actions.js';
import type { Handler } from '../../http/operation-types.js';
import { readContext } from '../contexts.js';
import { checkoutView } from './views.js';

/** Retrieve a checkout. */
export const getCheckout: Handler<operations['getCheckout']> = async (context) => {
  const read = readContext(context);
  // Reads see expiry at once: an open checkout past expires_at is expired (with its event) first.
  const checkout = await settleCheckoutExpiry(read, await find(read, context.auth, { id: context.params.checkoutId }));
  return { status: 200, body: checkoutView(checkout, context.services.config.publicBaseUrl) };
};
