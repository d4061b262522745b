import type { Sequelize } from 'sequelize';
import { defineApiKey, defineApiKeyChange } from './api-key.js';
import { defineBalanceEntry } from './balance-entry.js';
import { defineBrandAsset } from './brand-asset.js';
import { defineCheckout } from './checkout.js';
import { defineDisputeModels } from './dispute.js';
import { defineEvent } from './event.js';
import { defineIdempotencyKey } from './idempotency-key.js';
import { defineMerchant, defineMerchantOrigin } from './merchant.js';
import { defineOnboardingLink } from './onboarding-link.js';
import { definePartnerModels } from './partner.js';
import { definePayoutModels } from './payout.js';
import { definePlanTerm } from './plan-term.js';
import { defineTransaction } from './transaction.js';
import { defineWebhookModels } from './webhook.js';

export function defineModels(sequelize: Sequelize) {
  return {
    Merchant: defineMerchant(sequelize),
    MerchantOrigin: defineMerchantOrigin(sequelize),
    ApiKey: defineApiKey(sequelize),
    ApiKeyChange: defineApiKeyChange(sequelize),
    PlanTerm: definePlanTerm(sequelize),
    Checkout: defineCheckout(sequelize),
    IdempotencyKey: defineIdempotencyKey(sequelize),
    Transaction: defineTransaction(sequelize),
    Event: defineEvent(sequelize),
    OnboardingLink: defineOnboardingLink(sequelize),
    BrandAsset: defineBrandAsset(sequelize),
    BalanceEntry: defineBalanceEntry(sequelize),
    ...defineWebhookModels(sequelize),
    ...definePartnerModels(sequelize),
    ...definePayoutModels(sequelize),
    ...defineDisputeModels(sequelize),
  };
}

export type Models = ReturnType<typeof defineModels>;
export type { ApiKeyChangeRow, ApiKeyKind, ApiKeyRow } from './api-key.js';
export type { BalanceEntryRow, BalanceEntryType } from './balance-entry.js';
export type { BrandAssetRow } from './brand-asset.js';
export type { CheckoutRow, CheckoutStatus, CustomerData, LineItemData } from './checkout.js';
export type { DisputeDocumentData, DisputeDocumentRow, DisputeEvidenceData, DisputeRow, DisputeStatus } from './dispute.js';
export type { EventRow } from './event.js';
export type { IdempotencyKeyRow } from './idempotency-key.js';
export type { MerchantOriginRow, MerchantRow, MerchantStatus, RequirementError } from './merchant.js';
export type { OnboardingLinkRow } from './onboarding-link.js';
export type { PartnerKeyRow, PartnerRow } from './partner.js';
export type { PayoutEntryRow, PayoutRow, PayoutStatus } from './payout.js';
export type { PlanTermRow } from './plan-term.js';
export type { TransactionRow, TransactionStatus } from './transaction.js';
export type { DeliveryStatus, WebhookAttemptRow, WebhookDeliveryRow, WebhookEndpointRow } from './webhook.js';
