import type { operations } from '../../../generated/v1/client.js';
import { getTransaction } from '../../domain/transactions.js';
import type { Handler } from '../../http/operation-types.js';
import { readContext } from '../contexts.js';
import { chargeView } from './views.js';

/** Retrieve a charge. */
export const getCharge: Handler<operations['getCharge']> = async (context) => {
  const tx = await getTransaction(readContext(context), context.auth, { id: context.params.chargeId });
  return { status: 200, body: chargeView(tx) };
};
