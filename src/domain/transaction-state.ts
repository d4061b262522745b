// The transaction's state is its running totals; everything else is derived here, in one place:
// what can still be captured or refunded, and the status shown to partners.
import type { InferAttributes } from 'sequelize';
import type { TransactionRow, TransactionStatus } from '../data/models/index.js';

export type TransactionData = InferAttributes<TransactionRow>;

type Totals = Pick<TransactionData, 'amount' | 'capturedAmount' | 'refundedAmount' | 'voidedAt' | 'expiredAt'> & {
  /** Absent from snapshots taken before disputes existed: none was disputed then. */
  disputedAmount?: number | undefined;
};

export function capturableAmount(tx: Totals): number {
  return tx.voidedAt || tx.expiredAt ? 0 : tx.amount - tx.capturedAmount;
}

/** Captured and not refunded: what the consumer repays (disputed money included). */
export function netCapturedAmount(tx: Totals): number {
  return tx.capturedAmount - tx.refundedAmount;
}

/** Captured money under an open dispute, or lost to one. */
export function disputedAmount(tx: Totals): number {
  return tx.disputedAmount ?? 0;
}

/** What a refund may still return: captured, not refunded and not disputed (domain/disputes.ts). */
export function refundableAmount(tx: Totals): number {
  return netCapturedAmount(tx) - disputedAmount(tx);
}

export function deriveStatus(tx: Totals): TransactionStatus {
  if (tx.voidedAt) return 'voided';
  if (tx.capturedAmount === 0) return tx.expiredAt ? 'expired' : 'authorized';
  if (tx.refundedAmount > 0) {
    return tx.refundedAmount === tx.capturedAmount && capturableAmount(tx) === 0 ? 'refunded' : 'partially_refunded';
  }
  return capturableAmount(tx) > 0 ? 'partially_captured' : 'captured';
}

/** The authorization has run out but was never marked expired (the sweeper or a write will). */
export function authorizationLapsed(tx: Pick<TransactionData, 'authorizationExpiresAt'> & Totals, now: Date): boolean {
  return capturableAmount(tx) > 0 && tx.authorizationExpiresAt <= now;
}
