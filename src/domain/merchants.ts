// Merchants and the plans they offer. A new merchant gets Evenpay's standard plan line-up; the
// sandbox merchant is seeded with it on first start.
import type { Transaction } from 'sequelize';
import type { MerchantRow, Models, PlanTermRow } from '../data/models/index.js';
import { type CacheSettings, type ReadThroughCache, readThroughCache } from '../data/read-through-cache.js';
import { AppError } from '../kernel/errors.js';
import { issueKey } from './api-keys.js';
import type { ReadContext, WriteContext } from './context.js';
import { newId } from './ids.js';

export interface PlanTermInput {
  planId: string;
  type: 'pay_in_4' | 'monthly';
  installmentCount: number;
  aprBps: number;
  minAmount: number;
  maxAmount: number;
  /** The plan's merchant fee (domain/fees.ts); none unless given. */
  feeRateBps?: number;
  feeFixedAmount?: number;
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

/** An operator's write (no owner: it makes one). `partnerId`: the partner it belongs to, which must exist. */
export async function createMerchant(
  { models, transaction }: WriteContext,
  input: { name: string; currencies?: string[]; planTerms?: readonly PlanTermInput[]; partnerId?: string },
): Promise<MerchantRow> {
  if (input.partnerId && !(await models.Partner.findByPk(input.partnerId, { transaction }))) {
    throw new AppError('resource_not_found', `No partner ${input.partnerId} exists.`);
  }
  const merchant = await models.Merchant.create(
    { id: newId('mer'), name: input.name, currencies: input.currencies ?? ['USD'], partnerId: input.partnerId ?? null },
    { transaction },
  );
  const terms = input.planTerms ?? STANDARD_PLAN_TERMS;
  await models.PlanTerm.bulkCreate(
    terms.map((term, position) => ({ ...term, merchantId: merchant.id, position })),
    { transaction },
  );
  return merchant;
}

export interface MerchantKeys {
  secretKey: string;
  publishableKey: string;
}

/**
 * A merchant with its test keys (a secret and a publishable one) and, with `live`, its live keys
 * too: the tokens are returned once; only their hashes (and the publishable tokens) are stored.
 */
export async function createMerchantWithKeys(
  context: WriteContext,
  input: Parameters<typeof createMerchant>[1] & { live?: boolean },
): Promise<{ merchant: MerchantRow; test: MerchantKeys; live?: MerchantKeys }> {
  const { live, ...merchantInput } = input;
  const merchant = await createMerchant(context, merchantInput);
  const keysIn = async (livemode: boolean): Promise<MerchantKeys> => {
    const owner = { merchantId: merchant.id, livemode };
    const secret = await issueKey(context, owner, { kind: 'secret' });
    const publishable = await issueKey(context, owner, { kind: 'publishable' });
    return { secretKey: secret.token, publishableKey: publishable.token };
  };
  const test = await keysIn(false);
  return live ? { merchant, test, live: await keysIn(true) } : { merchant, test };
}

/** Every merchant, oldest first; `partnerId`: only that partner's. (An operator's read: no owner.) */
export function listMerchants({ models }: ReadContext, { partnerId }: { partnerId?: string | undefined }): Promise<MerchantRow[]> {
  return models.Merchant.findAll({
    where: partnerId ? { partnerId } : {},
    order: [
      ['createdAt', 'ASC'],
      ['id', 'ASC'],
    ],
  });
}

/** The plans merchants offer, each merchant's in display order: one query for all of them. */
export async function planTermsOf(models: Models, merchantIds: string[], transaction?: Transaction): Promise<Map<string, PlanTermRow[]>> {
  const terms = merchantIds.length
    ? await models.PlanTerm.findAll({ where: { merchantId: merchantIds }, order: [['position', 'ASC']], ...(transaction ? { transaction } : {}) })
    : [];
  return new Map(merchantIds.map((id) => [id, terms.filter((term) => term.merchantId === id)]));
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
          planTermsOf(models, [merchantId], transaction),
        ]);
        return merchant ? { merchant, planTerms: planTerms.get(merchantId)! } : undefined;
      },
    });
  }

  /** Inside a transaction, pass it: a cache miss then reads on its connection (read-through-cache.ts). */
  async load(merchantId: string, transaction?: Transaction): Promise<MerchantProfile> {
    const profile = await this.cache.get(merchantId, transaction);
    if (!profile) throw new AppError('resource_not_found', `No merchant ${merchantId}.`);
    return profile;
  }

  /** The merchant, or undefined when there is none (who owns it and its mode never change: a cached copy is as good). */
  async find(merchantId: string): Promise<MerchantRow | undefined> {
    return (await this.cache.get(merchantId))?.merchant;
  }

  /** The profile as the database has it now (its status may have changed in another process since it was cached). */
  reload(merchantId: string, transaction?: Transaction): Promise<MerchantProfile> {
    this.forget(merchantId);
    return this.load(merchantId, transaction);
  }

  /** Drops this process's copy (after this process changed the merchant). */
  forget(merchantId: string): void {
    this.cache.forget(merchantId);
  }
}

/** `at`: where the currency was sent, a pointer into the body or a parameter. */
export function assertCurrencyAccepted(merchant: MerchantRow, currency: string, at: { pointer: string } | { parameter: string }): void {
  if (!merchant.currencies.includes(currency)) {
    throw new AppError('currency_not_supported', `This merchant accepts ${merchant.currencies.join(', ')} only.`, {
      errors: [{ ...at, detail: `must be one of ${merchant.currencies.join(', ')}` }],
    });
  }
}
