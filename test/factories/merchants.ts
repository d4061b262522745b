// A fresh merchant with its own keys for each test: tests never share data.

import type { Models } from '../../src/data/models/index.js';
import { createUnitOfWork } from '../../src/data/unit-of-work.js';
import { createMerchantWithKeys, type PlanTermInput } from '../../src/domain/merchants.js';
import { systemClock } from '../../src/kernel/clock.js';
import { SANDBOX_PLAN_TERMS } from '../../src/seed.js';

export interface TestMerchant {
  id: string;
  secretKey: string;
  publishableKey: string;
  liveSecretKey: string;
  bearer: string;
  /** v1's credentials: HTTP Basic with the publishable key as the user and the secret key as the password. */
  basic: string;
}

/** How the merchant authenticates with a version: the v1 key pair, or the v2 bearer secret. */
export function authFor(merchant: TestMerchant, version: string): string {
  return version === 'v1' ? merchant.basic : merchant.bearer;
}

export async function makeMerchant(
  models: Models,
  options: { name?: string; currencies?: string[]; planTerms?: PlanTermInput[]; partnerId?: string } = {},
): Promise<TestMerchant> {
  // Through the database's unit of work, like every write of the app on it (SQLite's one writer).
  const uow = createUnitOfWork(models.Merchant.sequelize!);
  const { merchant, test, live } = await uow.transaction((transaction) =>
    createMerchantWithKeys(
      { models, clock: systemClock, transaction, requestId: null },
      {
        name: options.name ?? 'Test Outfitters',
        ...(options.currencies ? { currencies: options.currencies } : {}),
        ...(options.planTerms ? { planTerms: options.planTerms } : {}),
        ...(options.partnerId ? { partnerId: options.partnerId } : {}),
        live: true,
      },
    ),
  );
  return {
    id: merchant.id,
    secretKey: test.secretKey,
    publishableKey: test.publishableKey,
    liveSecretKey: live!.secretKey,
    bearer: `Bearer ${test.secretKey}`,
    basic: `Basic ${Buffer.from(`${test.publishableKey}:${test.secretKey}`).toString('base64')}`,
  };
}

/** A merchant priced like the seeded sandbox merchant (seed.ts SANDBOX_PLAN_TERMS: monthly_12 at 3.99 % + 30). */
export function makeSandboxTwin(models: Models, options: { partnerId?: string } = {}): Promise<TestMerchant> {
  return makeMerchant(models, { name: 'Sandbox Twin', planTerms: [...SANDBOX_PLAN_TERMS], ...options });
}
