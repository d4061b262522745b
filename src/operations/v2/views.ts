// How v2 shows domain objects: snake_case fields and ISO timestamps, typed by the spec's schemas.
import type { components } from '../../../generated/v2/client.js';
import type { CheckoutRow, MerchantRow, PlanTermRow } from '../../data/models/index.js';
import type { QuotedPlan } from '../../domain/plans.js';

type Schemas = components['schemas'];

export function planTermView(term: PlanTermRow): Schemas['PlanTerm'] {
  return {
    plan_id: term.planId,
    type: term.type,
    installment_count: term.installmentCount,
    interval: term.type === 'pay_in_4' ? 'two_weeks' : 'month',
    apr_bps: term.aprBps,
    min_amount: term.minAmount,
    max_amount: term.maxAmount,
  };
}

export function merchantView(merchant: MerchantRow, planTerms: PlanTermRow[], livemode: boolean): Schemas['Merchant'] {
  return {
    id: merchant.id,
    object: 'merchant',
    name: merchant.name,
    livemode,
    currencies: merchant.currencies,
    plan_terms: planTerms.map(planTermView),
    created: merchant.createdAt.toISOString(),
  };
}

export function planView({ term, disclosure }: QuotedPlan, currency: string): Schemas['Plan'] {
  const { plan_id, type, installment_count, interval, apr_bps } = planTermView(term);
  return {
    plan_id,
    type,
    installment_count,
    interval,
    apr_bps,
    installment_amount: disclosure.installments[0]?.amount ?? 0,
    disclosure: { ...disclosure, currency },
  };
}

export function checkoutView(checkout: CheckoutRow, publicBaseUrl: string): Schemas['Checkout'] {
  return {
    id: checkout.id,
    object: 'checkout',
    livemode: checkout.livemode,
    status: checkout.status as Schemas['CheckoutStatus'],
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
    redirect_url: `${publicBaseUrl}/pay/${checkout.id}`,
    metadata: checkout.metadata,
    created: checkout.createdAt.toISOString(),
    expires_at: checkout.expiresAt.toISOString(),
  };
}
