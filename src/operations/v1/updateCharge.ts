import type { operations } from '../../../generated/v1/client.js';
import { updateTransaction } from '../../domain/transactions.js';
import type { Handler } from '../../http/operation-types.js';
import { writeContext } from '../contexts.js';
import { latestEventOf } from './latest-event.js';
import { chargeEventView } from './views.js';

/** Update a charge (v1 shape of updateTransaction; `shipping_confirmation` is the tracking number). */
export const updateCharge: Handler<operations['updateCharge']> = async (context) => {
  const { order_id, shipping_carrier, shipping_confirmation } = context.body;
  const tx = await updateTransaction(writeContext(context), context.auth, {
    id: context.params.chargeId,
    changes: { orderId: order_id, shippingCarrier: shipping_carrier, shippingTrackingNumber: shipping_confirmation },
  });
  return { status: 200, body: chargeEventView(await latestEventOf(context.services.models, tx.id, context.transaction), tx) };
};
