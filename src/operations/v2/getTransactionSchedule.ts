import type { operations } from '../../../generated/v2/client.js';
import { getTransaction } from '../../domain/transactions.js';
import type { Handler } from '../../http/operation-types.js';
import { readContext } from '../contexts.js';
import { scheduleView } from './views.js';

/** Retrieve the schedule. */
export const getTransactionSchedule: Handler<operations['getTransactionSchedule']> = async (context) => {
  const tx = await getTransaction(readContext(context), context.auth, { id: context.params.transactionId });
  return { status: 200, body: scheduleView(tx) };
};
