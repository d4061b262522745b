import type { operations } from '../../../generated/v2/client.js';
import { voidTransaction as voidIt } from '../../domain/transactions.js';
import type { Handler } from '../../http/operation-types.js';
import { writeContext } from '../contexts.js';
import { transactionView } from './views.js';

/** Void a transaction. */
export const voidTransaction: Handler<operations['voidTransaction']> = async (context) => {
  const tx = await voidIt(writeContext(context), context.auth, { id: context.params.transactionId });
  return { status: 200, body: transactionView(tx) };
};
