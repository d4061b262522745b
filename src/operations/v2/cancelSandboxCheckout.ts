import type { operations } from '../../../generated/v2/client.js';
import { cancelCheckout } from '../../domain/consumer-actions.js';
import type { Handler } from '../../http/operation-types.js';
import { writeContext } from '../contexts.js';
import { checkoutView } from './views.js';

/** Simulate the consumer leaving. */
export const cancelSandboxCheckout: Handler<operations['cancelSandboxCheckout']> = async (context) => {
  const checkout = await cancelCheckout(writeContext(context), context.auth, { id: context.params.checkoutId });
  return { status: 200, body: checkoutView(checkout, context.services.config.publicBaseUrl) };
};
