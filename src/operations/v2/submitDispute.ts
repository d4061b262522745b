import type { operations } from '../../../generated/v2/client.js';
import { submitDispute as submit } from '../../domain/disputes.js';
import type { Handler } from '../../http/operation-types.js';
import { writeContext } from '../contexts.js';
import { disputeView } from './dispute-views.js';

/** Submit a dispute's evidence. */
export const submitDispute: Handler<operations['submitDispute']> = async (context) => {
  const dispute = await submit(writeContext(context), context.auth, { id: context.params.disputeId });
  return { status: 200, body: disputeView(dispute) };
};
