import type { operations } from '../../../generated/v1/client.js';
import { authorizeTransaction } from '../../domain/transactions.js';
import type { Handler } from '../../http/operation-types.js';
import { AppError } from '../../kernel/errors.js';
import { writeContext } from '../contexts.js';
import { chargeView } from './views.js';

/** The domain points refusals at the v2 field `/checkout_id`; a v1 caller sent `/checkout_token`. */
function inV1Terms(error: unknown): unknown {
  if (!(error instanceof AppError) || !error.errors) return error;
  const errors = error.errors.map((e) => (e.pointer === '/checkout_id' ? { ...e, pointer: '/checkout_token' } : e));
  return new AppError(error.code, error.message, { errors, ...(error.headers ? { headers: error.headers } : {}) });
}

/** Authorize a charge (v1 shape of createTransaction). */
export const createCharge: Handler<operations['createCharge']> = async (context) => {
  try {
    const tx = await authorizeTransaction(writeContext(context), context.auth, {
      checkoutId: context.body.checkout_token,
      defaultTtlMs: context.services.config.authorizationTtlMs,
    });
    return { status: 200, body: chargeView(tx) };
  } catch (error) {
    throw inV1Terms(error);
  }
};
