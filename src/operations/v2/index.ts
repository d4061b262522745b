// operationId → handler for v2. Typed against the generated `operations`: adding an operation
// to the spec without a handler here is a compile error.
import type { operations } from '../../../generated/v2/client.js';
import type { HandlerRegistry } from '../../http/operation-types.js';
import { createCheckout } from './createCheckout.js';
import { createPlanQuote } from './createPlanQuote.js';
import { getCheckout } from './getCheckout.js';
import { getMerchant } from './getMerchant.js';
import { listCheckouts } from './listCheckouts.js';

export const v2Handlers: HandlerRegistry<operations> = {
  createCheckout,
  createPlanQuote,
  getCheckout,
  getMerchant,
  listCheckouts,
};
