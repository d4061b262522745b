// How v2 shows a dispute: live rows and event snapshots alike (a snapshot's `responseDueBy`
// does not end in `At`, so it thaws as a string).
import type { components } from '../../../generated/v2/client.js';
import type { DisputeRow } from '../../data/models/index.js';

type Schemas = components['schemas'];

const iso = (at: Date | string | null) => (at === null ? null : new Date(at).toISOString());

export function disputeView(dispute: DisputeRow): Schemas['Dispute'] {
  const { evidence } = dispute;
  return {
    id: dispute.id,
    object: 'dispute',
    livemode: dispute.livemode,
    merchant: dispute.merchantId,
    transaction: dispute.transactionId,
    currency: dispute.currency,
    amount: dispute.amount,
    reason: dispute.reason,
    status: dispute.status,
    response_due_by: new Date(dispute.responseDueBy).toISOString(),
    evidence: {
      product_description: evidence.productDescription,
      customer_communication: evidence.customerCommunication,
      refund_policy: evidence.refundPolicy,
      shipping_carrier: evidence.shippingCarrier,
      shipping_tracking_number: evidence.shippingTrackingNumber,
      shipping_date: evidence.shippingDate,
      explanation: evidence.explanation,
      documents: evidence.documents.map((document) => ({
        id: document.id,
        filename: document.filename,
        content_type: document.contentType,
        size: document.size,
        sha256: document.sha256,
        created: new Date(document.createdAt).toISOString(),
      })),
    },
    evidence_submitted_at: iso(dispute.evidenceSubmittedAt),
    closed_at: iso(dispute.closedAt),
    created: dispute.createdAt.toISOString(),
  };
}
