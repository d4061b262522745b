// How v1 shows v2's objects: legacy field names, unix timestamps, `auth` for authorized.
import type { components } from '../../../generated/v1/client.js';
import type { EventRow, TransactionStatus } from '../../data/models/index.js';
import { capturableAmount, refundableAmount, type TransactionData } from '../../domain/transaction-state.js';

type Schemas = components['schemas'];

const LEGACY_STATUS: Record<TransactionStatus, Schemas['ChargeStatus']> = {
  authorized: 'auth',
  partially_captured: 'partially_captured',
  captured: 'captured',
  partially_refunded: 'partially_refunded',
  refunded: 'refunded',
  voided: 'voided',
  expired: 'auth_expired',
};

const LEGACY_EVENT: Record<string, Schemas['ChargeEvent']['type']> = {
  'transaction.captured': 'capture',
  'transaction.refunded': 'refund',
  'transaction.voided': 'void',
  'transaction.updated': 'update',
};

const unix = (at: Date) => Math.floor(at.getTime() / 1000);

export function chargeView(tx: TransactionData): Schemas['Charge'] {
  return {
    charge_id: tx.id,
    checkout_token: tx.checkoutId,
    order_id: tx.orderId,
    status: LEGACY_STATUS[tx.status],
    currency: tx.currency,
    amount: tx.amount,
    auth_hold: capturableAmount(tx),
    payable: refundableAmount(tx),
    amount_refunded: tx.refundedAmount,
    financing_program: tx.planId,
    created_at: unix(tx.createdAt),
    expires_at: unix(tx.authorizationExpiresAt),
    shipping_carrier: tx.shippingCarrier,
    shipping_confirmation: tx.shippingTrackingNumber,
  };
}

export function chargeEventView(event: EventRow, tx: TransactionData): Schemas['ChargeEvent'] {
  const type = LEGACY_EVENT[event.type];
  if (!type) throw new Error(`No v1 shape for event ${event.type}`);
  return { id: event.id, charge_id: tx.id, type, amount: event.amount ?? 0, currency: tx.currency, created_at: unix(event.createdAt) };
}
