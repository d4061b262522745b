import type { operations } from '../../../generated/v1/client.js';
import { getTransaction } from '../../domain/transactions.js';
import type { Handler } from '../../http/operation-types.js';
import { chargeView } from './views.js';

/** Retrieve a charge. */
export const getCharge: Handler<operations['getCharge']> = async ({ auth, params, services }) => {
  const tx = await getTransaction(services.models, services.uow, services.clock, auth, params.chargeId);
  return { status: 200, body: chargeView(tx) };
};
