import type { operations } from '../../../generated/v2/client.js';
import { getDispute as find } from '../../domain/disputes.js';
import type { Handler } from '../../http/operation-types.js';
import { readContext } from '../contexts.js';
import { disputeView } from './dispute-views.js';

/** Retrieve a dispute. */
export const getDispute: Handler<operations['getDispute']> = async (context) => {
  const dispute = await find(readContext(context), context.auth, { id: context.params.disputeId });
  return { status: 200, body: disputeView(dispute) };
};
