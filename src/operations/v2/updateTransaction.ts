import type { operations } from '../../../generated/v2/client.js';
import { updateTransaction as update } from '../../domain/transactions.js';
import type { Handler } from '../../http/operation-types.js';
import { writeContext } from '../contexts.js';
import { transactionView } from './views.js';

/** Update a transaction. */
export const updateTransaction: Handler<operations['updateTransaction']> = async (context) => {
  const { order_id, shipping_carrier, shipping_tracking_number } = context.body;
  const tx = await update(writeContext(context), context.auth, {
    id: context.params.transactionId,
    changes: { orderId: order_id, shippingCarrier: shipping_carrier, shippingTrackingNumber: shipping_tracking_number },
  });
  return { status: 200, body: transactionView(tx) };
};
