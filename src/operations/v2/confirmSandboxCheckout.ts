import type { operations } from '../../../generated/v2/client.js';
import { confirmCheckout } from '../../domain/consumer-actions.js';
import type { Handler } from '../../http/operation-types.js';
import { writeContext } from '../contexts.js';
import { checkoutView } from './views.js';

/** Simulate the consumer confirming. */
export const confirmSandboxCheckout: Handler<operations['confirmSandboxCheckout']> = async (context) => {
  const checkout = await confirmCheckout(writeContext(context), context.auth, { id: context.params.checkoutId, planId: context.body.plan_id });
  return { status: 200, body: checkoutView(checkout, context.services.config.publicBaseUrl) };
};
