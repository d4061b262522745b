import type { operations } from '../../../generated/v2/client.js';
import { captureTransaction as capture } from '../../domain/transactions.js';
import type { Handler } from '../../http/operation-types.js';
import { writeContext } from '../contexts.js';
import { transactionView } from './views.js';

/** Capture a transaction. */
export const captureTransaction: Handler<operations['captureTransaction']> = async (context) => {
  const tx = await capture(writeContext(context), context.auth, { id: context.params.transactionId, amount: context.body?.amount });
  return { status: 200, body: transactionView(tx) };
};
