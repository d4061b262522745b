import type { operations } from '../../../generated/v2/client.js';
import { getTransaction } from '../../domain/transactions.js';
import type { Handler } from '../../http/operation-types.js';
import { scheduleView } from './views.js';

/** Retrieve the schedule. */
export const getTransactionSchedule: Handler<operations['getTransactionSchedule']> = async ({ auth, params, services }) => {
  const tx = await getTransaction(services.models, services.uow, services.clock, auth, params.transactionId);
  return { status: 200, body: scheduleView(tx) };
};
