// operationId → handler for the legacy v1 API: adapters over the same domain as v2.
import type { operations } from '../../../generated/v1/client.js';
import type { HandlerRegistry } from '../../http/operation-types.js';
import { getAccount } from './getAccount.js';

export const v1Handlers: HandlerRegistry<operations> = {
  getAccount,
};
