// operationId → handler for the legacy v1 API: adapters over the same domain as v2, so a charge
// made here is a transaction there.
import type { operations } from '../../../generated/v1/client.js';
import type { HandlerRegistry } from '../../http/operation-types.js';
import { captureCharge } from './captureCharge.js';
import { createCharge } from './createCharge.js';
import { getAccount } from './getAccount.js';
import { getCharge } from './getCharge.js';
import { refundCharge } from './refundCharge.js';
import { updateCharge } from './updateCharge.js';
import { voidCharge } from './voidCharge.js';

export const v1Handlers: HandlerRegistry<operations> = {
  captureCharge,
  createCharge,
  getAccount,
  getCharge,
  refundCharge,
  updateCharge,
  voidCharge,
};
