// First start on an empty database: a sandbox merchant with test keys, so `npm start` is
// immediately usable. The secret is shown once (printed, and written to a git-ignored file for
// `source`); only its hash is stored.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { ReadContext } from './domain/context.js';
import { createMerchantWithKeys, type PlanTermInput, STANDARD_PLAN_TERMS } from './domain/merchants.js';

export interface SeededSandbox {
  merchantId: string;
  secretKey: string;
  publishableKey: string;
}

export const SANDBOX_MERCHANT_NAME = 'Evenpay Sandbox Outfitters';

/**
 * The sandbox merchant pays fees like a real one, so its balance entries and payouts show how
 * fees work: basis points of the net captured amount plus a fixed 30 cents (domain/fees.ts).
 * monthly_12 at 3.99 % + 30: a capture of 80 000 costs 3 222.
 */
export const SANDBOX_PLAN_FEES: Readonly<Record<string, { feeRateBps: number; feeFixedAmount: number }>> = {
  pay_in_4: { feeRateBps: 599, feeFixedAmount: 30 },
  monthly_3: { feeRateBps: 499, feeFixedAmount: 30 },
  monthly_6: { feeRateBps: 449, feeFixedAmount: 30 },
  monthly_12: { feeRateBps: 399, feeFixedAmount: 30 },
};

/** Evenpay's standard line-up at the sandbox's fees: the sandbox merchant's plans. */
export const SANDBOX_PLAN_TERMS: readonly PlanTermInput[] = STANDARD_PLAN_TERMS.map((term) => ({ ...term, ...SANDBOX_PLAN_FEES[term.planId] }));

/** A job: opens its own transaction. */
export async function seedSandboxIfEmpty({ models, uow, clock }: ReadContext): Promise<SeededSandbox | undefined> {
  if ((await models.Merchant.count()) > 0) return undefined;
  return uow.transaction(async (transaction) => {
    const context = { models, clock, transaction, requestId: null };
    const { merchant, test } = await createMerchantWithKeys(context, { name: SANDBOX_MERCHANT_NAME, currencies: ['USD'], planTerms: SANDBOX_PLAN_TERMS });
    return { merchantId: merchant.id, ...test };
  });
}

/** The sandbox's keys and the API's base URL (`PUBLIC_BASE_URL`, else localhost on `PORT`), for `source`. */
/** The publishable key a first start wrote to `file` (it is public: pages carry it), or undefined. */
export function readSandboxPublishableKey(file: string): string | undefined {
  try {
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      const [name, value] = line.replace(/^export /, '').split('=');
      if (name === 'EVENPAY_PUBLISHABLE_KEY' && value && /^pk_test_[0-9A-Za-z]+$/.test(value)) return value;
    }
    return undefined;
  } catch {
    return undefined;
  }
}

export function writeSandboxKeys(file: string, sandbox: SeededSandbox, apiBase: string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(
    file,
    `# Sandbox keys written on first start. Test mode only; delete the data/ folder to start over.\n` +
      `export EVENPAY_SECRET_KEY=${sandbox.secretKey}\nexport EVENPAY_PUBLISHABLE_KEY=${sandbox.publishableKey}\n` +
      `# The API: $EVENPAY_API_BASE/v2 (and /v1, /docs/).\nexport EVENPAY_API_BASE=${apiBase}\n`,
    { mode: 0o600 },
  );
}
