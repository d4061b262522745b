// Merchants onboarded by a partner through the API: created `pending`, reviewed once nothing is
// due, then `active` (may create checkouts), `restricted` (the review found a problem the partner
// can fix: what is due again) or `rejected` (final). In the sandbox the review is decided by
// magic values, the way test emails decide a checkout, and run by the background sweep a few
// seconds later, as a real review would be; a live merchant waits for Evenpay's review.
import { Op, UniqueConstraintError } from 'sequelize';
import type { MerchantRow, MerchantStatus, PlanTermRow, RequirementError } from '../data/models/index.js';
import { type Page, type PageRequest, paginate } from '../data/pagination.js';
import { AppError } from '../kernel/errors.js';
import type { PartnerOwner } from '../kernel/owner.js';
import { applyBranding, type BrandingInput } from './branding.js';
import type { ReadContext, WriteContext } from './context.js';
import { recordMerchantEvent } from './events.js';
import { newId } from './ids.js';
import { type MerchantProfile, type PlanTermInput, planTermsOf, STANDARD_PLAN_TERMS } from './merchants.js';
import { isCurrencyCode } from './money.js';
import { type SweepOutcome, sweep } from './sweep.js';

export type { PartnerOwner };

/** What a merchant may still owe, in the order the hosted form asks for it (the spec's KnownMerchantRequirement). */
export const REQUIREMENTS = ['website', 'category_code', 'support_email'] as const;
export type Requirement = (typeof REQUIREMENTS)[number];

const REQUIREMENT_FIELD = { website: 'website', category_code: 'categoryCode', support_email: 'supportEmail' } as const satisfies Record<
  Requirement,
  keyof MerchantRow
>;

export interface MerchantProfileInput {
  legalName?: string | undefined;
  name?: string | undefined;
  website?: string | undefined;
  categoryCode?: string | undefined;
  supportEmail?: string | undefined;
  branding?: BrandingInput | undefined;
}

export interface OnboardMerchantInput extends MerchantProfileInput {
  externalMerchantId: string;
  legalName: string;
  name: string;
  country: string;
  currencies: string[];
  plans?: Array<{ planId: string; feeRateBps: number; feeFixedAmount: number }> | undefined;
  /** How long after nothing is due the sandbox review runs (Config.sandboxReviewDelayMs). */
  reviewDelayMs: number;
}

/** The sandbox's magic values: what a review decides for a merchant (PRODUCT.md: deterministic outcomes). */
export function sandboxReview(merchant: Pick<MerchantRow, 'supportEmail' | 'website'>): { status: MerchantStatus; errors: RequirementError[] } {
  if (merchant.supportEmail?.toLowerCase().includes('+reject')) {
    return {
      status: 'rejected',
      errors: [
        {
          requirement: null,
          code: 'verification_failed',
          reason: 'The business could not be verified. Rejection is final: this merchant cannot be reviewed again.',
        },
      ],
    };
  }
  const host = merchant.website ? safeHost(merchant.website) : undefined;
  if (host?.startsWith('unreachable.')) {
    return {
      status: 'restricted',
      errors: [
        {
          requirement: 'website',
          code: 'website_unreachable',
          reason: `We could not reach ${host}. Update website to an address where the shop can be seen; the merchant is then reviewed again.`,
        },
      ],
    };
  }
  return { status: 'active', errors: [] };
}

function safeHost(url: string): string | undefined {
  try {
    return new URL(url).hostname;
  } catch {
    return undefined;
  }
}

/** What is still due: each requirement not supplied, or named by a problem the review found. */
export function currentlyDue(merchant: MerchantRow): Requirement[] {
  // Only a merchant still in review owes anything: an active one (an operator's merchants among
  // them) may create checkouts, a rejected one never will.
  if (merchant.status !== 'pending' && merchant.status !== 'restricted') return [];
  const flagged = new Set((merchant.requirementErrors ?? []).map((error) => error.requirement));
  return REQUIREMENTS.filter((requirement) => merchant[REQUIREMENT_FIELD[requirement]] === null || flagged.has(requirement));
}

/** Why the merchant cannot create checkouts (the spec's KnownMerchantDisabledReason), or null when it can. */
export function disabledReason(merchant: MerchantRow): 'requirements_due' | 'under_review' | 'rejected' | null {
  if (merchant.status === 'active') return null;
  if (merchant.status === 'rejected') return 'rejected';
  return currentlyDue(merchant).length > 0 ? 'requirements_due' : 'under_review';
}

/** The plan terms offered: the standard line-up, or the plans chosen with their fees. */
function offeredTerms(plans: OnboardMerchantInput['plans']): Array<PlanTermInput & { feeRateBps: number; feeFixedAmount: number }> {
  if (plans === undefined) return STANDARD_PLAN_TERMS.map((term) => ({ ...term, feeRateBps: 0, feeFixedAmount: 0 }));
  const seen = new Set<string>();
  return plans.map((plan, index) => {
    const term = STANDARD_PLAN_TERMS.find((standard) => standard.planId === plan.planId);
    const pointer = `/plans/${index}/plan_id`;
    if (!term) {
      const detail = `must be one of ${STANDARD_PLAN_TERMS.map((t) => t.planId).join(', ')}`;
      throw new AppError('invalid_request', `Plan ${plan.planId} is not one Evenpay offers: ${detail}.`, { errors: [{ pointer, detail }] });
    }
    if (seen.has(plan.planId)) {
      throw new AppError('invalid_request', `Plan ${plan.planId} is offered twice: list each plan once.`, {
        errors: [{ pointer, detail: 'is already listed' }],
      });
    }
    seen.add(plan.planId);
    return { ...term, feeRateBps: plan.feeRateBps, feeFixedAmount: plan.feeFixedAmount };
  });
}

function assertCurrencies(currencies: string[]): void {
  currencies.forEach((currency, index) => {
    if (!isCurrencyCode(currency)) {
      throw new AppError('currency_not_supported', `${currency} is not an ISO 4217 currency Evenpay lends in.`, {
        errors: [{ pointer: `/currencies/${index}`, detail: 'must be an ISO 4217 currency code' }],
      });
    }
  });
}

/** When the review runs: once nothing is due, and in the sandbox only (a live merchant waits for Evenpay's review). */
function reviewDueAt(merchant: MerchantRow, now: Date, reviewDelayMs: number): Date | null {
  return currentlyDue(merchant).length === 0 && merchant.livemode === false ? new Date(now.getTime() + reviewDelayMs) : null;
}

function externalIdInUse(externalMerchantId: string, existing: string): AppError {
  return new AppError(
    'external_merchant_id_in_use',
    `You already onboarded a merchant with external_merchant_id "${externalMerchantId}": ${existing}. Update it with POST /v2/merchants/${existing} instead.`,
    { errors: [{ pointer: '/external_merchant_id', detail: `is the external_merchant_id of ${existing}` }] },
  );
}

/** A partner's new merchant, `pending`, in the partner key's mode, with the plans and fees it offers. */
export async function onboardMerchant(context: WriteContext, owner: PartnerOwner, input: OnboardMerchantInput): Promise<MerchantProfile> {
  const { models, clock, transaction } = context;
  assertCurrencies(input.currencies);
  const terms = offeredTerms(input.plans);
  const scope = { partnerId: owner.partnerId, livemode: owner.livemode, externalMerchantId: input.externalMerchantId };
  const existing = await models.Merchant.findOne({ where: scope, attributes: ['id'], transaction });
  if (existing) throw externalIdInUse(input.externalMerchantId, existing.id);
  const now = clock.now();
  const merchant = models.Merchant.build({
    id: newId('mer'),
    ...scope,
    name: input.name,
    legalName: input.legalName,
    country: input.country,
    currencies: [...new Set(input.currencies)],
    website: input.website ?? null,
    categoryCode: input.categoryCode ?? null,
    supportEmail: input.supportEmail ?? null,
    status: 'pending',
    requirementErrors: [],
    createdAt: now,
    updatedAt: now,
  });
  merchant.reviewDueAt = reviewDueAt(merchant, now, input.reviewDelayMs);
  if (input.branding) await applyBranding(context, merchant, input.branding);
  try {
    await merchant.save({ transaction });
  } catch (error) {
    // Another request onboarded the same external id between the check and the insert.
    if (error instanceof UniqueConstraintError) {
      const winner = await models.Merchant.findOne({ where: scope, attributes: ['id'], transaction });
      throw externalIdInUse(input.externalMerchantId, winner?.id ?? 'another merchant');
    }
    throw error;
  }
  const planTerms = await models.PlanTerm.bulkCreate(
    terms.map((term, position) => ({ ...term, merchantId: merchant.id, position })),
    { transaction },
  );
  return { merchant, planTerms };
}

/** Whether the partner may see and act for the merchant: its own, in its key's mode (null: both). */
export function ownedBy(merchant: MerchantRow | null | undefined, owner: PartnerOwner): merchant is MerchantRow {
  return !!merchant && merchant.partnerId === owner.partnerId && (merchant.livemode === null || merchant.livemode === owner.livemode);
}

/**
 * A merchant an operator set up for both modes has one profile: only a live key changes it, so
 * that no test request changes what live consumers see.
 */
export function assertMayChangeProfile(merchant: MerchantRow, owner: PartnerOwner): void {
  if (merchant.livemode === null && !owner.livemode) {
    throw new AppError(
      'live_key_required',
      `Merchant ${merchant.id} was set up by Evenpay for both test and live: change its profile with your live key, so that no test request changes what live consumers see.`,
    );
  }
}

export function merchantNotFound(merchantId: string): AppError {
  return new AppError(
    'merchant_not_found',
    `No merchant ${merchantId} is yours to act for: check the id, and that it is in the same mode (test or live) as your key.`,
  );
}

/** One of the partner's merchants (the same 404 for another partner's and for none). */
export async function getPartnerMerchant({ models }: ReadContext, owner: PartnerOwner, { id }: { id: string }): Promise<MerchantProfile> {
  const merchant = await models.Merchant.findByPk(id);
  if (!ownedBy(merchant, owner)) throw merchantNotFound(id);
  return { merchant, planTerms: await planTermsOfMerchant(models, id) };
}

async function planTermsOfMerchant(models: ReadContext['models'], merchantId: string, transaction?: WriteContext['transaction']): Promise<PlanTermRow[]> {
  return (await planTermsOf(models, [merchantId], transaction)).get(merchantId)!;
}

/**
 * Updates what the partner supplied. A requirement supplied anew clears the problems the review
 * found with it; once nothing is due a pending or restricted merchant is reviewed again. A
 * rejected merchant stays rejected, an active one active.
 */
export async function updatePartnerMerchant(
  context: WriteContext,
  owner: PartnerOwner,
  input: MerchantProfileInput & { id: string; reviewDelayMs: number },
): Promise<MerchantProfile> {
  const { models, clock, transaction } = context;
  const merchant = await models.Merchant.findByPk(input.id, { transaction, lock: transaction.LOCK.UPDATE });
  if (!ownedBy(merchant, owner)) throw merchantNotFound(input.id);
  assertMayChangeProfile(merchant, owner);
  const changes = {
    name: input.name,
    legalName: input.legalName,
    website: input.website,
    categoryCode: input.categoryCode,
    supportEmail: input.supportEmail,
  };
  for (const [field, value] of Object.entries(changes) as Array<[keyof typeof changes, string | undefined]>) {
    if (value !== undefined) merchant.set(field, value);
  }
  // After the website: a logo URL must be on the website as it now is.
  if (input.branding) await applyBranding(context, merchant, input.branding);
  const supplied = REQUIREMENTS.filter((requirement) => changes[REQUIREMENT_FIELD[requirement]] !== undefined);
  merchant.requirementErrors = (merchant.requirementErrors ?? []).filter((error) => !supplied.includes(error.requirement as Requirement));
  const now = clock.now();
  if (merchant.status === 'pending' || merchant.status === 'restricted') {
    merchant.status = 'pending';
    merchant.reviewDueAt = reviewDueAt(merchant, now, input.reviewDelayMs);
  }
  merchant.updatedAt = now;
  await merchant.save({ transaction });
  const profile = { merchant, planTerms: await planTermsOfMerchant(models, merchant.id, transaction) };
  await recordMerchantEvent(context, 'merchant.updated', profile, owner.livemode);
  return profile;
}

/**
 * Evenpay's decision on a merchant waiting for it (a live merchant: the sandbox decides its own):
 * `active`, `restricted` (what to supply again, and why) or `rejected` (why). An operator's write.
 */
export async function decideReview(
  context: WriteContext,
  input: { merchantId: string; outcome: 'active' | 'restricted' | 'rejected'; requirement?: Requirement; reason?: string },
): Promise<MerchantRow> {
  const { models, clock, transaction } = context;
  const merchant = await models.Merchant.findByPk(input.merchantId, { transaction, lock: transaction.LOCK.UPDATE });
  if (!merchant) throw new AppError('resource_not_found', `No merchant ${input.merchantId} exists.`);
  if (merchant.status !== 'pending' || currentlyDue(merchant).length > 0) {
    const why = merchant.status === 'pending' ? `it still owes ${currentlyDue(merchant).join(', ')}` : `it is ${merchant.status}`;
    throw new AppError('invalid_request', `Merchant ${merchant.id} is not waiting for a review: ${why}.`);
  }
  if (input.outcome !== 'active' && !input.reason)
    throw new AppError('invalid_request', `A ${input.outcome} decision needs a --reason the merchant can act on.`);
  if (input.outcome === 'restricted' && !input.requirement)
    throw new AppError('invalid_request', 'A restricted decision names the --requirement to supply again.');
  const errors: RequirementError[] =
    input.outcome === 'active'
      ? []
      : [
          input.outcome === 'restricted'
            ? { requirement: input.requirement!, code: 'requirement_invalid', reason: input.reason! }
            : { requirement: null, code: 'verification_failed', reason: input.reason! },
        ];
  merchant.set({ status: input.outcome, requirementErrors: errors, reviewDueAt: null, updatedAt: clock.now() });
  await merchant.save({ transaction });
  const profile = { merchant, planTerms: await planTermsOfMerchant(models, merchant.id, transaction) };
  await recordMerchantEvent(context, 'merchant.updated', profile, merchant.livemode ?? false);
  return merchant;
}

/** The partner's merchants with their plans, newest first; `externalMerchantId` and `status` narrow the list. */
export async function listPartnerMerchants(
  { models }: ReadContext,
  owner: PartnerOwner,
  query: { page: PageRequest; externalMerchantId?: string | undefined; status?: string | undefined },
): Promise<Page<MerchantProfile>> {
  const scope = { partnerId: owner.partnerId, livemode: { [Op.or]: [owner.livemode, null] } };
  const filter = {
    ...(query.externalMerchantId !== undefined ? { externalMerchantId: query.externalMerchantId } : {}),
    ...(query.status !== undefined ? { status: query.status } : {}),
  };
  const page = await paginate(models.Merchant, scope, query.page, filter);
  const terms = await planTermsOf(
    models,
    page.data.map((merchant) => merchant.id),
  );
  return { hasMore: page.hasMore, data: page.data.map((merchant) => ({ merchant, planTerms: terms.get(merchant.id)! })) };
}

/**
 * The review sweep: decides each sandbox merchant whose review is due, each in its own
 * transaction under a row lock, so several processes sweeping at once decide each merchant once;
 * each decision is a `merchant.updated` event.
 * Returns the merchants it decided in `changedIds` (the caller forgets its cached copies), and those
 * it could not (retried on the next run).
 */
export async function reviewDueMerchants({ models, uow, clock }: ReadContext, { batch = 100 }: { batch?: number } = {}): Promise<SweepOutcome> {
  const due = await models.Merchant.findAll({
    where: { status: 'pending', livemode: false, reviewDueAt: { [Op.lte]: clock.now() } },
    attributes: ['id'],
    limit: batch,
  });
  return sweep(
    due.map(({ id }) => id),
    uow,
    async (transaction, id) => {
      const merchant = await models.Merchant.findByPk(id, { transaction, lock: transaction.LOCK.UPDATE });
      const now = clock.now();
      if (merchant?.status !== 'pending' || !merchant.reviewDueAt || merchant.reviewDueAt > now || currentlyDue(merchant).length > 0) return false;
      const outcome = sandboxReview(merchant);
      merchant.set({ status: outcome.status, requirementErrors: outcome.errors, reviewDueAt: null, updatedAt: now });
      await merchant.save({ transaction });
      const profile = { merchant, planTerms: await planTermsOfMerchant(models, id, transaction) };
      await recordMerchantEvent({ models, clock, transaction, requestId: null }, 'merchant.updated', profile, false);
      return true;
    },
  );
}
