// operationId → handler for v2. Typed against the generated `operations`: adding an operation
// to the spec without a handler here is a compile error. Only the operations of `paths`
// (`OperationId`): the spec's `webhooks` are operations too, but partners serve them, not us.
import type { OperationId, operations } from '../../../generated/v2/client.js';
import type { HandlerRegistry } from '../../http/operation-types.js';
import { acceptDispute } from './acceptDispute.js';
import { cancelSandboxCheckout } from './cancelSandboxCheckout.js';
import { captureTransaction } from './captureTransaction.js';
import { confirmSandboxCheckout } from './confirmSandboxCheckout.js';
import { createApiKey } from './createApiKey.js';
import { createCheckout } from './createCheckout.js';
import { createMerchant } from './createMerchant.js';
import { createOnboardingLink } from './createOnboardingLink.js';
import { createPlanQuote } from './createPlanQuote.js';
import { createSandboxDispute } from './createSandboxDispute.js';
import { createTransaction } from './createTransaction.js';
import { createWebhookEndpoint } from './createWebhookEndpoint.js';
import { deleteWebhookEndpoint } from './deleteWebhookEndpoint.js';
import { enableWebhookEndpoint } from './enableWebhookEndpoint.js';
import { getBalance } from './getBalance.js';
import { getCheckout } from './getCheckout.js';
import { getDispute } from './getDispute.js';
import { getDisputeDocument } from './getDisputeDocument.js';
import { getEvent } from './getEvent.js';
import { getMerchant } from './getMerchant.js';
import { getPartnerMerchant } from './getPartnerMerchant.js';
import { getPayout } from './getPayout.js';
import { getPromotion } from './getPromotion.js';
import { getSettlementReport } from './getSettlementReport.js';
import { getTransaction } from './getTransaction.js';
import { getTransactionSchedule } from './getTransactionSchedule.js';
import { listApiKeys } from './listApiKeys.js';
import { listBalanceEntries } from './listBalanceEntries.js';
import { listCheckouts } from './listCheckouts.js';
import { listDeprecations } from './listDeprecations.js';
import { listDisputes } from './listDisputes.js';
import { listEvents } from './listEvents.js';
import { listMerchants } from './listMerchants.js';
import { listPayouts } from './listPayouts.js';
import { listTransactions } from './listTransactions.js';
import { listWebhookDeliveries } from './listWebhookDeliveries.js';
import { listWebhookEndpoints } from './listWebhookEndpoints.js';
import { redeliverEvent } from './redeliverEvent.js';
import { refundTransaction } from './refundTransaction.js';
import { revokeApiKey } from './revokeApiKey.js';
import { rollApiKey } from './rollApiKey.js';
import { rotateWebhookEndpointSecret } from './rotateWebhookEndpointSecret.js';
import { runSandboxPayouts } from './runSandboxPayouts.js';
import { submitDispute } from './submitDispute.js';
import { updateDisputeEvidence } from './updateDisputeEvidence.js';
import { updateMerchant } from './updateMerchant.js';
import { updatePartnerMerchant } from './updatePartnerMerchant.js';
import { updateTransaction } from './updateTransaction.js';
import { voidTransaction } from './voidTransaction.js';

export const v2Handlers: HandlerRegistry<Pick<operations, OperationId>> = {
  createWebhookEndpoint,
  deleteWebhookEndpoint,
  listWebhookDeliveries,
  listWebhookEndpoints,
  redeliverEvent,
  rotateWebhookEndpointSecret,
  enableWebhookEndpoint,
  cancelSandboxCheckout,
  getBalance,
  listBalanceEntries,
  getPayout,
  listPayouts,
  runSandboxPayouts,
  getSettlementReport,
  listDisputes,
  getDispute,
  getDisputeDocument,
  updateDisputeEvidence,
  submitDispute,
  acceptDispute,
  createSandboxDispute,
  captureTransaction,
  confirmSandboxCheckout,
  createCheckout,
  createMerchant,
  createOnboardingLink,
  listApiKeys,
  createApiKey,
  rollApiKey,
  revokeApiKey,
  listMerchants,
  getPartnerMerchant,
  updatePartnerMerchant,
  createPlanQuote,
  createTransaction,
  getCheckout,
  getEvent,
  getMerchant,
  updateMerchant,
  getPromotion,
  getTransaction,
  getTransactionSchedule,
  listCheckouts,
  listDeprecations,
  listEvents,
  listTransactions,
  refundTransaction,
  updateTransaction,
  voidTransaction,
};
