// Checkouts: the order a consumer is about to finance. Totals must add up exactly, in integer
// minor units, before anything is stored.
import type { InferAttributes } from 'sequelize';
import { findOwned } from '../data/find-owned.js';
import { insertPlain } from '../data/insert-plain.js';
import type { CheckoutRow, CustomerData, LineItemData } from '../data/models/index.js';
import { type Page, type PageRequest, paginate } from '../data/pagination.js';
import { AppError } from '../kernel/errors.js';
import { type Owner, scopeOf } from '../kernel/owner.js';
import type { ReadContext, WriteContext } from './context.js';
import { newId } from './ids.js';
import { assertCurrencyAccepted, type MerchantProfile } from './merchants.js';
import { lineTotal, sumMinor } from './money.js';
import { assertFinanceable } from './plans.js';

export const CHECKOUT_LIFETIME_MS = 24 * 60 * 60 * 1000;

export interface NewCheckout {
  orderId: string;
  currency: string;
  items: LineItemData[];
  shippingAmount: number;
  taxAmount: number;
  discountAmount: number;
  totalAmount: number;
  customer: CustomerData;
  confirmUrl: string;
  cancelUrl: string;
  metadata: Record<string, string>;
}

export function assertTotalsAddUp(checkout: NewCheckout): void {
  const items = sumMinor(checkout.items.map((item) => lineTotal(item.unit_price, item.quantity)));
  const expected = items + BigInt(checkout.shippingAmount) + BigInt(checkout.taxAmount) - BigInt(checkout.discountAmount);
  if (expected === BigInt(checkout.totalAmount)) return;
  throw new AppError(
    'checkout_total_mismatch',
    `total_amount is ${checkout.totalAmount} but the items (${items}) + shipping (${checkout.shippingAmount}) + tax (${checkout.taxAmount}) - discount (${checkout.discountAmount}) add up to ${expected}.`,
    { errors: [{ pointer: '/total_amount', detail: `must equal items + shipping_amount + tax_amount - discount_amount (${expected})` }] },
  );
}

/** Schemes our page must never send a browser to: they run code or read local data. */
const UNSAFE_RETURN_SCHEMES = new Set(['javascript:', 'data:', 'vbscript:', 'file:', 'blob:']);

/**
 * A return URL the hosted page can link and send the browser to: one a browser parses (the spec's
 * `format: uri` also lets through ports past 65535 and hosts no browser accepts), and not a
 * scheme that runs code. An app's own scheme (myshop://…) is fine.
 */
export function assertReturnUrl(url: string, pointer: string): void {
  // The one template expression filled in (returnUrlOf); any other brace is a mistake to point out.
  const filled = url.replaceAll(CHECKOUT_ID_PLACEHOLDER, 'chk_0');
  if (/[{}]/.test(filled)) {
    throw new AppError('invalid_request', `${pointer.slice(1)} may hold one placeholder, {CHECKOUT_ID}, and no other braces.`, {
      errors: [{ pointer, detail: 'has a placeholder other than {CHECKOUT_ID}' }],
    });
  }
  const parsed = URL.canParse(filled) ? new URL(filled) : undefined;
  if (parsed && !UNSAFE_RETURN_SCHEMES.has(parsed.protocol)) return;
  throw new AppError('invalid_request', `${pointer.slice(1)} must be an absolute URL a browser can open: https://…, or your app's own scheme.`, {
    errors: [{ pointer, detail: parsed ? `${parsed.protocol} URLs are refused` : 'is not a URL a browser can open' }],
  });
}

/** `profile`: the merchant's currencies and plans, loaded on the write's transaction. */
/** Only an active merchant sells on credit: a pending, restricted or rejected one is refused, naming its status. */
function assertActive(merchant: MerchantProfile['merchant']): void {
  if (merchant.status === 'active') return;
  throw new AppError(
    'merchant_not_active',
    `Merchant ${merchant.id} is ${merchant.status}: it cannot create checkouts until it is active (see its requirements with GET /v2/merchants/${merchant.id}).`,
  );
}

export async function createCheckout(
  context: WriteContext,
  owner: Owner,
  { profile: { merchant, planTerms }, checkout: input }: { profile: MerchantProfile; checkout: NewCheckout },
): Promise<CheckoutData> {
  assertActive(merchant);
  assertReturnUrl(input.confirmUrl, '/confirm_url');
  assertReturnUrl(input.cancelUrl, '/cancel_url');
  assertTotalsAddUp(input);
  assertCurrencyAccepted(merchant, input.currency, { pointer: '/currency' });
  assertFinanceable(planTerms, input.totalAmount, '/total_amount');
  const now = context.clock.now();
  return insertPlain(context.models.Checkout, context.transaction, {
    id: newId('chk'),
    merchantId: owner.merchantId,
    livemode: owner.livemode,
    status: 'open',
    planId: null,
    declineCategory: null,
    transactionId: null,
    authorizationTtlSeconds: null,
    ...input,
    createdAt: now,
    expiresAt: new Date(now.getTime() + CHECKOUT_LIFETIME_MS),
  });
}

/** The one answer for a checkout the caller's merchant does not have (or that does not exist: the same). */
export function checkoutNotFound(id: string): AppError {
  return new AppError('resource_not_found', `No checkout ${id} exists for this merchant.`);
}

/** A checkout's values, whether a model instance or a plain row (data/find-owned.ts). */
export type CheckoutData = InferAttributes<CheckoutRow>;

export async function getCheckout(context: ReadContext, owner: Owner, { id }: { id: string }): Promise<CheckoutData> {
  const checkout = await findOwned(context.models.Checkout, owner, id);
  if (!checkout) throw checkoutNotFound(id);
  return checkout;
}

/**
 * The checkout behind the consumer's hosted page, found by its id alone: the consumer has no API
 * key, and the id (20 random base62 characters, about 119 bits, handed out only in the merchant's
 * `redirect_url`) is what lets them in.
 */
export function checkoutForConsumer(context: ReadContext, { id }: { id: string }): Promise<CheckoutRow | null> {
  return context.models.Checkout.findOne({ where: { id } });
}

export function listCheckouts(
  context: ReadContext,
  owner: Owner,
  { page, orderId }: { page: PageRequest; orderId?: string | undefined },
): Promise<Page<CheckoutRow>> {
  return paginate(context.models.Checkout, scopeOf(owner), page, orderId === undefined ? {} : { orderId });
}

/** Where a merchant's return URL wants the checkout's id, if it says. */
export const CHECKOUT_ID_PLACEHOLDER = '{CHECKOUT_ID}';

/**
 * Where the consumer goes back to the merchant, so its page knows which checkout came back: the
 * URL with `{CHECKOUT_ID}` filled in, when the merchant put it there; else with the checkout's id
 * added as `evenpay_checkout_id` (its own query and fragment kept).
 */
export function returnUrlOf(url: string, checkoutId: string): string {
  if (url.includes(CHECKOUT_ID_PLACEHOLDER)) return new URL(url.replaceAll(CHECKOUT_ID_PLACEHOLDER, checkoutId)).href;
  const target = new URL(url);
  target.searchParams.set('evenpay_checkout_id', checkoutId);
  return target.href;
}
