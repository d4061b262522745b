import type { operations } from '../../../generated/v1/client.js';
import { captureTransaction } from '../../domain/transactions.js';
import type { Handler } from '../../http/operation-types.js';
import { writeContext } from '../contexts.js';
import { latestEventOf } from './latest-event.js';
import { chargeEventView } from './views.js';

/** Capture a charge (v1 shape of captureTransaction). */
export const captureCharge: Handler<operations['captureCharge']> = async (context) => {
  const tx = await captureTransaction(writeContext(context), context.auth, { id: context.params.chargeId, amount: context.body?.amount });
  return { status: 200, body: chargeEventView(await latestEventOf(context.services.models, tx.id, context.transaction), tx) };
};
