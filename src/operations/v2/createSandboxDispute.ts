import type { operations } from '../../../generated/v2/client.js';
import { openSandboxDispute } from '../../domain/disputes.js';
import type { Handler } from '../../http/operation-types.js';
import { writeContext } from '../contexts.js';
import { disputeView } from './dispute-views.js';

/** Open a dispute (sandbox). */
export const createSandboxDispute: Handler<operations['createSandboxDispute']> = async (context) => {
  const { body } = context;
  const dispute = await openSandboxDispute(writeContext(context), context.auth, {
    transactionId: context.params.transactionId,
    reason: body?.reason ?? 'not_received',
    amount: body?.amount,
    responseDueBy: body?.response_due_by ? new Date(body.response_due_by) : undefined,
  });
  return { status: 200, body: disputeView(dispute) };
};
