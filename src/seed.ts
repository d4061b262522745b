// First start on an empty database: a sandbox merchant with test keys, so `npm start` is
// immediately usable. The secret is shown once (printed, and written to a git-ignored file for
// `source`); only its hash is stored.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Models } from './data/models/index.js';
import type { UnitOfWork } from './data/unit-of-work.js';
import { issueKey } from './domain/api-keys.js';
import { createMerchant } from './domain/merchants.js';

export interface SeededSandbox {
  merchantId: string;
  secretKey: string;
  publishableKey: string;
}

export const SANDBOX_MERCHANT_NAME = 'Evenpay Sandbox Outfitters';

export async function seedSandboxIfEmpty(uow: UnitOfWork, models: Models): Promise<SeededSandbox | undefined> {
  if ((await models.Merchant.count()) > 0) return undefined;
  return uow.transaction(async (transaction) => {
    const merchant = await createMerchant(models, { name: SANDBOX_MERCHANT_NAME, currencies: ['USD'] }, transaction);
    const secret = await issueKey(models, merchant.id, 'secret', false, transaction);
    const publishable = await issueKey(models, merchant.id, 'publishable', false, transaction);
    return { merchantId: merchant.id, secretKey: secret.token, publishableKey: publishable.token };
  });
}

export function writeSandboxKeys(file: string, sandbox: SeededSandbox): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(
    file,
    `# Sandbox keys written on first start. Test mode only; delete the data/ folder to start over.\n` +
      `export EVENPAY_SECRET_KEY=${sandbox.secretKey}\nexport EVENPAY_PUBLISHABLE_KEY=${sandbox.publishableKey}\n`,
    { mode: 0o600 },
  );
}
