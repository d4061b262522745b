import type { operations } from '../../../generated/v2/client.js';
import { acceptDispute as accept } from '../../domain/disputes.js';
import type { Handler } from '../../http/operation-types.js';
import { writeContext } from '../contexts.js';
import { disputeView } from './dispute-views.js';

/** Accept a dispute. */
export const acceptDispute: Handler<operations['acceptDispute']> = async (context) => {
  const dispute = await accept(writeContext(context), context.auth, { id: context.params.disputeId });
  return { status: 200, body: disputeView(dispute) };
};
