import type { operations } from '../../../generated/v1/client.js';
import { authorizeTransaction } from '../../domain/transactions.js';
import type { Handler } from '../../http/operation-types.js';
import { writeContext } from '../write-context.js';
import { chargeView } from './views.js';

/** Authorize a charge (v1 shape of createTransaction). */
export const createCharge: Handler<operations['createCharge']> = async (context) => {
  const tx = await authorizeTransaction(writeContext(context), context.auth, context.body.checkout_token, context.services.config.authorizationTtlMs);
  return { status: 200, body: chargeView(tx) };
};
