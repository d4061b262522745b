import type { Sequelize } from 'sequelize';
import { defineApiKey } from './api-key.js';
import { defineCheckout } from './checkout.js';
import { defineIdempotencyKey } from './idempotency-key.js';
import { defineMerchant } from './merchant.js';
import { definePlanTerm } from './plan-term.js';

export function defineModels(sequelize: Sequelize) {
  return {
    Merchant: defineMerchant(sequelize),
    ApiKey: defineApiKey(sequelize),
    PlanTerm: definePlanTerm(sequelize),
    Checkout: defineCheckout(sequelize),
    IdempotencyKey: defineIdempotencyKey(sequelize),
  };
}

export type Models = ReturnType<typeof defineModels>;
export type { ApiKeyKind, ApiKeyRow } from './api-key.js';
export type { CheckoutRow, CustomerData, LineItemData } from './checkout.js';
export type { IdempotencyKeyRow } from './idempotency-key.js';
export type { MerchantRow } from './merchant.js';
export type { PlanTermRow } from './plan-term.js';
