import type { operations } from '../../../generated/v1/client.js';
import { voidTransaction } from '../../domain/transactions.js';
import type { Handler } from '../../http/operation-types.js';
import { writeContext } from '../contexts.js';
import { latestEventOf } from './latest-event.js';
import { chargeEventView } from './views.js';

/** Void a charge (v1 shape of voidTransaction). */
export const voidCharge: Handler<operations['voidCharge']> = async (context) => {
  const tx = await voidTransaction(writeContext(context), context.auth, { id: context.params.chargeId });
  return { status: 200, body: chargeEventView(await latestEventOf(context.services.models, tx.id, context.transaction), tx) };
};
