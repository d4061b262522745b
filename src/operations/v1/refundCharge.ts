import type { operations } from '../../../generated/v1/client.js';
import { refundTransaction } from '../../domain/transactions.js';
import type { Handler } from '../../http/operation-types.js';
import { writeContext } from '../contexts.js';
import { latestEventOf } from './latest-event.js';
import { chargeEventView } from './views.js';

/** Refund a charge (v1 shape of refundTransaction). */
export const refundCharge: Handler<operations['refundCharge']> = async (context) => {
  const tx = await refundTransaction(writeContext(context), context.auth, { id: context.params.chargeId, amount: context.body?.amount });
  return { status: 200, body: chargeEventView(await latestEventOf(context.services.models, tx.id, context.transaction), tx) };
};
