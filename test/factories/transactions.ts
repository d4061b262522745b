// Checkouts and transactions in a given state, made the way a partner makes them: through the
// API (so every step is also checked against the spec). Each helper fails loudly, with the
// response body, when a step is refused.
import { randomUUID } from 'node:crypto';
import type { Response } from 'supertest';
import type { components } from '../../generated/v2/client.js';
import type { Models, TransactionRow } from '../../src/data/models/index.js';
import type { UnitOfWork } from '../../src/data/unit-of-work.js';
import { newId } from '../../src/domain/ids.js';
import { captureTransaction, DEFAULT_AUTHORIZATION_TTL_MS } from '../../src/domain/transactions.js';
import type { Clock } from '../../src/kernel/clock.js';
import type { Http } from '../helpers/http.js';
import { checkoutBody } from './checkouts.js';
import type { TestMerchant } from './merchants.js';

export type { Http };
export type Checkout = components['schemas']['Checkout'];
export type Transaction = components['schemas']['Transaction'];

export interface CheckoutOptions {
  /** The customer's email: its local part carries the sandbox magic values (`+decline_fraud`, `+expire_fast`). */
  email?: string;
  /** The checkout's total, as one line item with no shipping, tax or discount (default 15 500). */
  total?: number;
  /** Create it with the live key (a livemode checkout). */
  live?: boolean;
  order_id?: string;
}

export interface ConfirmOptions extends Omit<CheckoutOptions, 'live'> {
  /** The plan the consumer picks (default `pay_in_4`). */
  plan_id?: string;
}

export const liveBearer = (merchant: TestMerchant): string => `Bearer ${merchant.liveSecretKey}`;

function expectStatus(res: Response, status: number, what: string): void {
  if (res.status !== status) throw new Error(`${what}: expected ${status}, got ${res.status}\n${JSON.stringify(res.body, null, 2)}`);
}

/** A create-checkout body for `total` (a single line item) and the customer's email. */
export function checkoutBodyFor(options: Omit<CheckoutOptions, 'live'> = {}) {
  const base = checkoutBody();
  return checkoutBody({
    ...(options.order_id ? { order_id: options.order_id } : {}),
    ...(options.total !== undefined
      ? {
          items: [{ sku: 'ITEM-1', name: 'One item', unit_price: options.total, quantity: 1 }],
          shipping_amount: 0,
          tax_amount: 0,
          discount_amount: 0,
          total_amount: options.total,
        }
      : {}),
    customer: { ...base.customer, ...(options.email ? { email: options.email } : {}) },
  });
}

export async function openCheckout(http: Http, merchant: TestMerchant, options: CheckoutOptions = {}): Promise<Checkout> {
  const res = await http.post('/v2/checkouts', { auth: options.live ? liveBearer(merchant) : merchant.bearer, body: checkoutBodyFor(options) });
  expectStatus(res, 201, 'create checkout');
  return res.body as Checkout;
}

/** An open checkout the sandbox consumer confirmed (approved, unless the email says otherwise). */
export async function confirmedCheckout(http: Http, merchant: TestMerchant, options: ConfirmOptions = {}): Promise<Checkout> {
  const checkout = await openCheckout(http, merchant, options);
  const res = await http.post(`/v2/sandbox/checkouts/${checkout.id}/confirm`, { auth: merchant.bearer, body: { plan_id: options.plan_id ?? 'pay_in_4' } });
  expectStatus(res, 200, 'confirm checkout');
  return res.body as Checkout;
}

export async function declinedCheckout(http: Http, merchant: TestMerchant, options: ConfirmOptions = {}): Promise<Checkout> {
  const checkout = await confirmedCheckout(http, merchant, { ...options, email: options.email ?? 'decl+decline_credit@example.com' });
  if (checkout.status !== 'declined') throw new Error(`expected a declined checkout, got ${checkout.status}`);
  return checkout;
}

export async function canceledCheckout(http: Http, merchant: TestMerchant, options: CheckoutOptions = {}): Promise<Checkout> {
  const checkout = await openCheckout(http, merchant, options);
  const res = await http.post(`/v2/sandbox/checkouts/${checkout.id}/cancel`, { auth: merchant.bearer });
  expectStatus(res, 200, 'cancel checkout');
  return res.body as Checkout;
}

/** A transaction authorized from a freshly confirmed checkout. */
export async function authorizedTransaction(http: Http, merchant: TestMerchant, options: ConfirmOptions = {}): Promise<Transaction> {
  const checkout = await confirmedCheckout(http, merchant, options);
  if (checkout.status !== 'confirmed') throw new Error(`expected a confirmed checkout, got ${checkout.status} (${checkout.decline_category})`);
  const res = await http.post('/v2/transactions', { auth: merchant.bearer, body: { checkout_id: checkout.id }, headers: { 'Idempotency-Key': randomUUID() } });
  expectStatus(res, 201, 'authorize transaction');
  return res.body as Transaction;
}

export type TransactionAction = 'capture' | 'refund' | 'void' | 'update';

/** POST /v2/transactions/{id}/<action> with a fresh Idempotency-Key; returns the raw response. */
export function transactionAction(http: Http, merchant: TestMerchant, id: string, action: TransactionAction, body?: object, key: string = randomUUID()) {
  return http.post(`/v2/transactions/${id}/${action}`, { auth: merchant.bearer, headers: { 'Idempotency-Key': key }, ...(body !== undefined ? { body } : {}) });
}

/** Captures `amount` (everything still capturable when left out) and expects it to succeed. */
export async function capture(http: Http, merchant: TestMerchant, id: string, amount?: number): Promise<Transaction> {
  const res = await transactionAction(http, merchant, id, 'capture', amount === undefined ? undefined : { amount });
  expectStatus(res, 200, 'capture');
  return res.body as Transaction;
}

/** Refunds `amount` (everything still refundable when left out) and expects it to succeed. */
export async function refund(http: Http, merchant: TestMerchant, id: string, amount?: number): Promise<Transaction> {
  const res = await transactionAction(http, merchant, id, 'refund', amount === undefined ? undefined : { amount });
  expectStatus(res, 200, 'refund');
  return res.body as Transaction;
}

export async function voidTransaction(http: Http, merchant: TestMerchant, id: string): Promise<Transaction> {
  const res = await transactionAction(http, merchant, id, 'void');
  expectStatus(res, 200, 'void');
  return res.body as Transaction;
}

export type Event = components['schemas']['Event'];

/** The events of one object, newest first, as GET /v2/events lists them. */
export async function eventsOf(http: Http, merchant: TestMerchant, objectId: string, options: { live?: boolean } = {}): Promise<Event[]> {
  const res = await http.get('/v2/events?limit=100', { auth: options.live ? liveBearer(merchant) : merchant.bearer });
  expectStatus(res, 200, 'list events');
  return (res.body.data as Event[]).filter((event) => event.data.object.id === objectId);
}

/**
 * A live transaction of 10000 on pay_in_4 at 5.99 % + 30, as a live checkout would leave it (the
 * sandbox cannot confirm a live checkout), captured in full at `clock`'s now through the domain.
 */
export async function capturedLiveTransaction({ models, uow }: { models: Models; uow: UnitOfWork }, merchantId: string, clock: Clock): Promise<TransactionRow> {
  const now = clock.now();
  const row = await models.Transaction.create({
    id: newId('txn'),
    merchantId,
    livemode: true,
    checkoutId: newId('chk'),
    status: 'authorized',
    orderId: 'LIVE-1',
    currency: 'USD',
    amount: 10_000,
    capturedAmount: 0,
    refundedAmount: 0,
    planId: 'pay_in_4',
    planType: 'pay_in_4',
    installmentCount: 4,
    aprBps: 0,
    feeRateBps: 599,
    feeFixedAmount: 30,
    shippingCarrier: null,
    shippingTrackingNumber: null,
    authorizationExpiresAt: new Date(now.getTime() + DEFAULT_AUTHORIZATION_TTL_MS),
    firstCapturedAt: null,
    voidedAt: null,
    expiredAt: null,
    createdAt: now,
    updatedAt: now,
  });
  return uow.transaction((transaction) => captureTransaction({ models, clock, transaction, requestId: null }, { merchantId, livemode: true }, { id: row.id }));
}
