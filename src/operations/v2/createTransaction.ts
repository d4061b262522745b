import type { operations } from '../../../generated/v2/client.js';
import { authorizeTransaction } from '../../domain/transactions.js';
import type { Handler } from '../../http/operation-types.js';
import { writeContext } from '../contexts.js';
import { transactionView } from './views.js';

/** Authorize a transaction. */
export const createTransaction: Handler<operations['createTransaction']> = async (context) => {
  const tx = await authorizeTransaction(writeContext(context), context.auth, {
    checkoutId: context.body.checkout_id,
    defaultTtlMs: context.services.config.authorizationTtlMs,
  });
  return { status: 201, body: transactionView(tx), headers: { Location: `/v2/transactions/${tx.id}` } };
};
