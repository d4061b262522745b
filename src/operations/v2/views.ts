// How v2 shows domain objects: snake_case fields and ISO timestamps, typed by the spec's schemas.
import type { components } from '../../../generated/v2/client.js';
import type { UsageTotals } from '../../data/deprecation-usage.js';
import type { ApiKeyRow, DisputeRow, EventRow, MerchantRow, PayoutRow, PlanTermRow, WebhookEndpointRow } from '../../data/models/index.js';
import { type BrandingInput, merchantLogoUrl } from '../../domain/branding.js';
import type { CheckoutData } from '../../domain/checkouts.js';
import { type DeprecatedOperation, daysUntil } from '../../domain/deprecations.js';
import type { EventObjectType, PayoutEntryTotal } from '../../domain/events.js';
import { currentlyDue, disabledReason } from '../../domain/onboarding.js';
import type { QuotedPlan } from '../../domain/plans.js';
import { scheduleFor } from '../../domain/schedule.js';
import { thaw } from '../../domain/snapshots.js';
import { capturableAmount, disputedAmount, refundableAmount, type TransactionData } from '../../domain/transaction-state.js';
import { payPageUrl } from '../../pay/page-url.js';
import { apiKeyView } from './api-key-views.js';
import { payoutView } from './balance-views.js';
import { disputeView } from './dispute-views.js';
import { webhookEndpointView } from './webhook-views.js';

type Schemas = components['schemas'];

/** The plan's terms as v2 shows them, wherever a plan appears (merchant, quote, promotion, transaction). */
export function planView(plan: { planId: string; type: 'pay_in_4' | 'monthly'; installmentCount: number; aprBps: number }): Schemas['TransactionPlan'] {
  return {
    plan_id: plan.planId,
    type: plan.type,
    installment_count: plan.installmentCount,
    interval: plan.type === 'pay_in_4' ? 'two_weeks' : 'month',
    apr_bps: plan.aprBps,
  };
}

export function planTermView(term: PlanTermRow): Schemas['PlanTerm'] {
  return {
    ...planView(term),
    min_amount: term.minAmount,
    max_amount: term.maxAmount,
    merchant_fee: { rate_bps: term.feeRateBps, fixed_amount: term.feeFixedAmount },
  };
}

/** A request's `branding` as the domain takes it (null: remove; left out: keep). */
export function brandingInput(branding: Schemas['MerchantBrandingInput'] | undefined): BrandingInput | undefined {
  if (!branding) return undefined;
  return {
    ...(branding.primary_color !== undefined ? { primaryColor: branding.primary_color } : {}),
    ...(branding.logo_url !== undefined ? { logoUrl: branding.logo_url } : {}),
    ...(branding.logo ? { logo: { contentType: branding.logo.content_type, data: branding.logo.data } } : {}),
  };
}

export function merchantView(merchant: MerchantRow, planTerms: PlanTermRow[], livemode: boolean, publicBaseUrl: string): Schemas['Merchant'] {
  return {
    id: merchant.id,
    object: 'merchant',
    name: merchant.name,
    livemode,
    currencies: merchant.currencies,
    plan_terms: planTerms.map(planTermView),
    created: merchant.createdAt.toISOString(),
    status: merchant.status,
    requirements: {
      currently_due: currentlyDue(merchant),
      errors: (merchant.requirementErrors ?? []).map((error) => ({
        requirement: error.requirement as Schemas['MerchantRequirement'] | null,
        code: error.code as Schemas['MerchantRequirementErrorCode'],
        reason: error.reason,
      })),
      disabled_reason: disabledReason(merchant),
    },
    partner: merchant.partnerId,
    external_merchant_id: merchant.externalMerchantId,
    legal_name: merchant.legalName,
    website: merchant.website,
    country: merchant.country,
    category_code: merchant.categoryCode,
    support_email: merchant.supportEmail,
    branding: { primary_color: merchant.brandColor ?? null, logo_url: merchantLogoUrl(merchant, publicBaseUrl) },
    allowed_origins: merchant.allowedOrigins ?? [],
  };
}

export function quotedPlanView({ term, disclosure }: QuotedPlan, currency: string): Schemas['Plan'] {
  return {
    ...planView(term),
    installment_amount: disclosure.installments[0]?.amount ?? 0,
    disclosure: { ...disclosure, currency },
  };
}

export function checkoutView(checkout: CheckoutData, publicBaseUrl: string): Schemas['Checkout'] {
  return {
    id: checkout.id,
    object: 'checkout',
    livemode: checkout.livemode,
    status: checkout.status,
    plan_id: checkout.planId,
    decline_category: checkout.declineCategory as Schemas['DeclineCategory'] | null,
    transaction_id: checkout.transactionId,
    order_id: checkout.orderId,
    currency: checkout.currency,
    items: checkout.items,
    shipping_amount: checkout.shippingAmount,
    tax_amount: checkout.taxAmount,
    discount_amount: checkout.discountAmount,
    total_amount: checkout.totalAmount,
    customer: checkout.customer,
    confirm_url: checkout.confirmUrl,
    cancel_url: checkout.cancelUrl,
    redirect_url: payPageUrl(publicBaseUrl, checkout.id),
    metadata: checkout.metadata,
    created: checkout.createdAt.toISOString(),
    expires_at: checkout.expiresAt.toISOString(),
  };
}

export function scheduleView(tx: TransactionData): Schemas['Schedule'] {
  const schedule = scheduleFor(tx);
  return {
    object: 'schedule',
    transaction_id: tx.id,
    plan_id: tx.planId,
    currency: tx.currency,
    start_date: schedule.startDate,
    estimated: schedule.estimated,
    principal: schedule.principal,
    amount_owed: schedule.disclosure.total_of_payments,
    disclosure: { ...schedule.disclosure, currency: tx.currency },
  };
}

export function transactionView(tx: TransactionData, expanded: { checkout?: Schemas['Checkout']; events?: Schemas['Event'][] } = {}): Schemas['Transaction'] {
  return {
    id: tx.id,
    object: 'transaction',
    livemode: tx.livemode,
    status: tx.status,
    checkout_id: tx.checkoutId,
    order_id: tx.orderId,
    currency: tx.currency,
    amount: tx.amount,
    captured_amount: tx.capturedAmount,
    refunded_amount: tx.refundedAmount,
    capturable_amount: capturableAmount(tx),
    refundable_amount: refundableAmount(tx),
    disputed_amount: disputedAmount(tx),
    plan: planView({ planId: tx.planId, type: tx.planType, installmentCount: tx.installmentCount, aprBps: tx.aprBps }),
    shipping: { carrier: tx.shippingCarrier, tracking_number: tx.shippingTrackingNumber },
    authorization_expires_at: tx.authorizationExpiresAt.toISOString(),
    created: tx.createdAt.toISOString(),
    schedule: scheduleView(tx),
    ...expanded,
  };
}

/** How each kind of event object is shown from its snapshot: exhaustive over the kinds. */
const eventObjectViews: Record<EventObjectType, (snapshot: string, publicBaseUrl: string, livemode: boolean, at: Date) => Schemas['Event']['data']['object']> =
  {
    checkout: (snapshot, publicBaseUrl) => checkoutView(thaw<CheckoutData>(snapshot), publicBaseUrl),
    transaction: (snapshot) => transactionView(thaw<TransactionData>(snapshot)),
    webhook_endpoint: (snapshot) => webhookEndpointView(thaw<WebhookEndpointRow>(snapshot)),
    // The key as it stood when the event happened (never its secret, nor its hash).
    api_key: (snapshot, _publicBaseUrl, _livemode, at) => apiKeyView(thaw<ApiKeyRow>(snapshot), at),
    // `arrivalDate` does not end in `At`: thaw leaves it a string.
    payout: (snapshot) => {
      const { payout, entryTotals } = thaw<{ payout: PayoutRow & { arrivalDate: string | Date }; entryTotals: PayoutEntryTotal[] }>(snapshot);
      return payoutView({ ...payout, arrivalDate: new Date(payout.arrivalDate) } as PayoutRow, entryTotals);
    },
    dispute: (snapshot) => disputeView(thaw<DisputeRow>(snapshot)),
    merchant: (snapshot, publicBaseUrl, livemode) => {
      const { merchant, planTerms } = thaw<{ merchant: MerchantRow; planTerms: PlanTermRow[] }>(snapshot);
      return merchantView(merchant, planTerms, livemode, publicBaseUrl);
    },
  };

/** Events keep the object as it was; it is rendered in today's v2 shape when read. */
export function eventView(event: EventRow, publicBaseUrl: string): Schemas['Event'] {
  const object = eventObjectViews[event.objectType](event.snapshot, publicBaseUrl, event.livemode, event.createdAt);
  return {
    id: event.id,
    object: 'event',
    type: event.type as Schemas['EventType'],
    livemode: event.livemode,
    merchant: event.merchantId,
    partner: event.partnerId,
    acting_partner: event.actingPartnerId,
    created: event.createdAt.toISOString(),
    request_id: event.requestId,
    data: event.amount === null ? { object } : { object, amount: event.amount },
  };
}

export function deprecationView(operation: DeprecatedOperation, usage: UsageTotals | undefined, now: Date): Schemas['DeprecatedOperation'] {
  return {
    object: 'deprecated_operation',
    api_version: operation.apiVersion,
    operation_id: operation.operationId,
    method: operation.method,
    path: operation.path,
    deprecated_on: operation.deprecatedOn,
    sunset: operation.sunset,
    days_to_sunset: daysUntil(operation.sunset, now),
    brownouts: operation.brownouts,
    successor: {
      api_version: operation.successor.apiVersion,
      operation_id: operation.successor.operationId,
      method: operation.successor.method,
      path: operation.successor.path,
    },
    usage: {
      total_calls: usage?.totalCalls ?? 0,
      calls_last_7_days: usage?.callsLast7Days ?? 0,
      calls_last_30_days: usage?.callsLast30Days ?? 0,
      last_seen_at: usage?.lastSeenAt?.toISOString() ?? null,
      last_user_agent: usage?.lastUserAgent ?? null,
    },
  };
}
