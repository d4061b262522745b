// Merchants and the plans they offer. A new merchant gets Evenpay's standard plan line-up; the
// sandbox merchant is seeded with it on first start.
import type { Transaction } from 'sequelize';
import type { MerchantRow, Models, PlanTermRow } from '../data/models/index.js';
import { type CacheSettings, type ReadThroughCache, readThroughCache } from '../data/read-through-cache.js';
import { AppError } from '../kernel/errors.js';
import { newId } from './ids.js';

export interface PlanTermInput {
  planId: string;
  type: 'pay_in_4' | 'monthly';
  installmentCount: number;
  aprBps: number;
  minAmount: number;
  maxAmount: number;
}

export const STANDARD_PLAN_TERMS: readonly PlanTermInput[] = [
  { planId: 'pay_in_4', type: 'pay_in_4', installmentCount: 4, aprBps: 0, minAmount: 3_500, maxAmount: 150_000 },
  { planId: 'monthly_3', type: 'monthly', installmentCount: 3, aprBps: 0, minAmount: 10_000, maxAmount: 500_000 },
  { planId: 'monthly_6', type: 'monthly', installmentCount: 6, aprBps: 999, minAmount: 25_000, maxAmount: 1_000_000 },
  { planId: 'monthly_12', type: 'monthly', installmentCount: 12, aprBps: 1_500, minAmount: 50_000, maxAmount: 3_000_000 },
];

export interface MerchantProfile {
  merchant: MerchantRow;
  planTerms: PlanTermRow[];
}

export async function createMerchant(
  models: Models,
  input: { name: string; currencies?: string[]; planTerms?: readonly PlanTermInput[] },
  transaction?: Transaction,
): Promise<MerchantRow> {
  const merchant = await models.Merchant.create({ id: newId('mer'), name: input.name, currencies: input.currencies ?? ['USD'] }, { transaction });
  const terms = input.planTerms ?? STANDARD_PLAN_TERMS;
  await models.PlanTerm.bulkCreate(
    terms.map((term, position) => ({ ...term, merchantId: merchant.id, position })),
    { transaction },
  );
  return merchant;
}

/** A merchant's profile (currencies, plan terms), cached like API keys: it changes only in the database. */
export class MerchantProfiles {
  private readonly cache: ReadThroughCache<MerchantProfile, Transaction>;

  constructor(models: Models, settings: CacheSettings) {
    this.cache = readThroughCache<MerchantProfile, Transaction>({
      ...settings,
      max: 10_000,
      load: async (merchantId, transaction) => {
        const [merchant, planTerms] = await Promise.all([
          models.Merchant.findByPk(merchantId, { transaction }),
          models.PlanTerm.findAll({ where: { merchantId }, order: [['position', 'ASC']], transaction }),
        ]);
        return merchant ? { merchant, planTerms } : undefined;
      },
    });
  }

  /** Inside a transaction, pass it: a cache miss then reads on its connection (read-through-cache.ts). */
  async load(merchantId: string, transaction?: Transaction): Promise<MerchantProfile> {
    const profile = await this.cache.get(merchantId, transaction);
    if (!profile) throw new AppError('resource_not_found', `No merchant ${merchantId}.`);
    return profile;
  }
}

export function assertCurrencyAccepted(merchant: MerchantRow, currency: string, pointer: string): void {
  if (!merchant.currencies.includes(currency)) {
    throw new AppError('currency_not_supported', `This merchant accepts ${merchant.currencies.join(', ')} only.`, {
      errors: [{ pointer, detail: `must be one of ${merchant.currencies.join(', ')}` }],
    });
  }
}
