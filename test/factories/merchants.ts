// A fresh merchant with its own keys for each test: tests never share data.

import type { Models } from '../../src/data/models/index.js';
import { issueKey } from '../../src/domain/api-keys.js';
import { createMerchant, type PlanTermInput } from '../../src/domain/merchants.js';

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

export async function makeMerchant(models: Models, options: { name?: string; currencies?: string[]; planTerms?: PlanTermInput[] } = {}): Promise<TestMerchant> {
  const merchant = await createMerchant(models, {
    name: options.name ?? 'Test Outfitters',
    ...(options.currencies ? { currencies: options.currencies } : {}),
    ...(options.planTerms ? { planTerms: options.planTerms } : {}),
  });
  const secret = await issueKey(models, merchant.id, 'secret', false);
  const publishable = await issueKey(models, merchant.id, 'publishable', false);
  const live = await issueKey(models, merchant.id, 'secret', true);
  return {
    id: merchant.id,
    secretKey: secret.token,
    publishableKey: publishable.token,
    liveSecretKey: live.token,
    bearer: `Bearer ${secret.token}`,
    basic: `Basic ${Buffer.from(`${publishable.token}:${secret.token}`).toString('base64')}`,
  };
}
