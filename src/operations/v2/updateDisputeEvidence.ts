import type { operations } from '../../../generated/v2/client.js';
import { updateEvidence } from '../../domain/disputes.js';
import type { Handler } from '../../http/operation-types.js';
import { writeContext } from '../contexts.js';
import { disputeView } from './dispute-views.js';

/** Add evidence to a dispute (and submit it, with `submit`). */
export const updateDisputeEvidence: Handler<operations['updateDisputeEvidence']> = async (context) => {
  const { body } = context;
  const dispute = await updateEvidence(writeContext(context), context.auth, {
    id: context.params.disputeId,
    fields: {
      productDescription: body.product_description,
      customerCommunication: body.customer_communication,
      refundPolicy: body.refund_policy,
      shippingCarrier: body.shipping_carrier,
      shippingTrackingNumber: body.shipping_tracking_number,
      shippingDate: body.shipping_date,
      explanation: body.explanation,
    },
    documents: body.documents?.map((document) => ({ filename: document.filename, contentType: document.content_type, data: document.data })),
    submit: body.submit,
  });
  return { status: 200, body: disputeView(dispute) };
};
