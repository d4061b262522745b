import type { operations } from '../../../generated/v2/client.js';
import { refundTransaction as refund } from '../../domain/transactions.js';
import type { Handler } from '../../http/operation-types.js';
import { writeContext } from '../contexts.js';
import { transactionView } from './views.js';

/** Refund a transaction. */
export const refundTransaction: Handler<operations['refundTransaction']> = async (context) => {
  const tx = await refund(writeContext(context), context.auth, { id: context.params.transactionId, amount: context.body?.amount });
  return { status: 200, body: transactionView(tx) };
};
