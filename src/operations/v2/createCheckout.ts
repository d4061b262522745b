import type { operations } from '../../../generated/v2/client.js';
import { createCheckout as create } from '../../domain/checkouts.js';
import type { Handler } from '../../http/operation-types.js';
import { writeContext } from '../contexts.js';
import { checkoutView } from './views.js';

/** Create a checkout. */
export const createCheckout: Handler<operations['createCheckout']> = async (context) => {
  const { auth, body, services } = context;
  const write = writeContext(context);
  let profile = await services.merchantProfiles.load(auth.merchantId, write.transaction);
  // A cached copy may predate the review that activated the merchant in another process.
  if (profile.merchant.status !== 'active') profile = await services.merchantProfiles.reload(auth.merchantId, write.transaction);
  const checkout = await create(write, auth, {
    profile,
    checkout: {
      orderId: body.order_id,
      currency: body.currency,
      items: body.items,
      shippingAmount: body.shipping_amount ?? 0,
      taxAmount: body.tax_amount ?? 0,
      discountAmount: body.discount_amount ?? 0,
      totalAmount: body.total_amount,
      customer: body.customer,
      confirmUrl: body.confirm_url,
      cancelUrl: body.cancel_url,
      metadata: body.metadata ?? {},
    },
  });
  return {
    status: 201,
    body: checkoutView(checkout, services.config.publicBaseUrl),
    headers: { Location: `/v2/checkouts/${checkout.id}` },
  };
};
