import type { operations } from '../../../generated/v2/client.js';
import { captureTransaction as capture } from '../../domain/transactions.js';
import type { Handler } from '../../http/operation-types.js';
import { writeContext } from '../write-context.js';
import { transactionView } from './views.js';

/** Capture a transaction. */
export const captureTransaction: Handler<operations['captureTransaction']> = async (context) => {
  const tx = await capture(writeContext(context), context.auth, context.params.transactionId, context.body?.amount);
  return { status: 200, body: transactionView(tx) };
};
