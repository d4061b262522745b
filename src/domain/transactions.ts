// The loan lifecycle: authorize from a confirmed checkout, capture (partial, multiple), refund
// (partial, multiple), void before any capture, update shipping and order id. Every change runs
// in the caller's database transaction with the transaction row locked (SELECT … FOR UPDATE on
// MySQL; the single writer on SQLite), re-reads the totals under that lock and writes its event
// (and a capture's or refund's balance entry, domain/ledger.ts) in the same transaction: racing captures cannot exceed the authorization, on any replica.
import { Op, type WhereOptions } from 'sequelize';
import { type CreatedFilter, createdRange } from '../data/created-range.js';
import { findOwned } from '../data/find-owned.js';
import type { TransactionRow, TransactionStatus } from '../data/models/index.js';
import { type Page, type PageRequest, paginate } from '../data/pagination.js';
import { AppError } from '../kernel/errors.js';
import { type Owner, scopeOf } from '../kernel/owner.js';
import { checkoutNotFound } from './checkouts.js';
import type { ReadContext, WriteContext } from './context.js';
import { recordEvent } from './events.js';
import { newId } from './ids.js';
import { bookCapture, bookRefund } from './ledger.js';
import { type SweepOptions, type SweepOutcome, sweep } from './sweep.js';
import { authorizationLapsed, capturableAmount, deriveStatus, refundableAmount, type TransactionData } from './transaction-state.js';

export const DEFAULT_AUTHORIZATION_TTL_MS = 30 * 24 * 60 * 60 * 1000;

function notFound(id: string): AppError {
  return new AppError('resource_not_found', `No transaction ${id} exists for this merchant.`);
}

async function lockTransaction(context: WriteContext, owner: Owner, id: string): Promise<TransactionRow> {
  const tx = await context.models.Transaction.findOne({
    where: { ...scopeOf(owner), id },
    transaction: context.transaction,
    lock: context.transaction.LOCK.UPDATE,
  });
  if (!tx) throw notFound(id);
  return tx;
}

/** Saves new totals with the status they imply. */
async function save(context: WriteContext, tx: TransactionRow, changes: Partial<TransactionRow>): Promise<void> {
  tx.set({ ...changes, updatedAt: context.clock.now() });
  tx.set({ status: deriveStatus(tx) });
  await tx.save({ transaction: context.transaction });
}

function assertNotVoided(tx: TransactionRow): void {
  if (tx.voidedAt) throw new AppError('transaction_voided', `Transaction ${tx.id} was voided.`);
}

function authorizationExpired(tx: TransactionRow): AppError {
  return new AppError('authorization_expired', `The authorization of ${tx.id} expired at ${tx.authorizationExpiresAt.toISOString()}.`);
}

/** Marks a lapsed authorization expired (with its event) inside the caller's transaction. */
async function expireIfLapsed(context: WriteContext, tx: TransactionRow): Promise<void> {
  if (!authorizationLapsed(tx, context.clock.now())) return;
  await save(context, tx, { expiredAt: context.clock.now() });
  await recordEvent(context, 'transaction.expired', tx);
}

/** The merchant's partner, if it has one (its share of the fee is fixed at authorization). */
async function partnerOf({ models, transaction }: WriteContext, owner: Owner) {
  const merchant = await models.Merchant.findByPk(owner.merchantId, { attributes: ['id', 'partnerId'], transaction });
  return merchant?.partnerId ? models.Partner.findByPk(merchant.partnerId, { attributes: ['id', 'revenueShareBps'], transaction }) : null;
}

export async function authorizeTransaction(
  context: WriteContext,
  owner: Owner,
  { checkoutId, defaultTtlMs = DEFAULT_AUTHORIZATION_TTL_MS }: { checkoutId: string; defaultTtlMs?: number },
): Promise<TransactionRow> {
  const checkout = await context.models.Checkout.findOne({
    where: { ...scopeOf(owner), id: checkoutId },
    transaction: context.transaction,
    lock: context.transaction.LOCK.UPDATE,
  });
  if (!checkout) throw checkoutNotFound(checkoutId);
  if (checkout.status === 'completed') {
    throw new AppError('checkout_already_authorized', `Checkout ${checkoutId} was already authorized as ${checkout.transactionId}.`, {
      errors: [{ pointer: '/checkout_id', detail: 'was already authorized' }],
    });
  }
  if (checkout.status !== 'confirmed' || !checkout.planId) {
    throw new AppError('checkout_not_confirmed', `Checkout ${checkoutId} is ${checkout.status}; only a confirmed checkout can be authorized.`, {
      errors: [{ pointer: '/checkout_id', detail: 'must name a confirmed checkout' }],
    });
  }
  const term = await context.models.PlanTerm.findOne({ where: { merchantId: owner.merchantId, planId: checkout.planId }, transaction: context.transaction });
  if (!term) throw new AppError('plan_not_available', `Plan ${checkout.planId} is no longer offered.`);
  const partner = await partnerOf(context, owner);
  const now = context.clock.now();
  const ttlMs = checkout.authorizationTtlSeconds !== null ? checkout.authorizationTtlSeconds * 1000 : defaultTtlMs;
  const tx = await context.models.Transaction.create(
    {
      id: newId('txn'),
      ...scopeOf(owner),
      checkoutId: checkout.id,
      status: 'authorized',
      orderId: checkout.orderId,
      currency: checkout.currency,
      amount: checkout.totalAmount,
      capturedAmount: 0,
      refundedAmount: 0,
      planId: term.planId,
      planType: term.type,
      installmentCount: term.installmentCount,
      aprBps: term.aprBps,
      // The fee terms are the transaction's from now on: a later change of the merchant's plans
      // or the partner's share never changes what its captures and refunds cost.
      feeRateBps: term.feeRateBps,
      feeFixedAmount: term.feeFixedAmount,
      partnerId: partner?.id ?? null,
      partnerShareBps: partner?.revenueShareBps ?? 0,
      shippingCarrier: null,
      shippingTrackingNumber: null,
      authorizationExpiresAt: new Date(now.getTime() + ttlMs),
      firstCapturedAt: null,
      voidedAt: null,
      expiredAt: null,
      createdAt: now,
      updatedAt: now,
    },
    { transaction: context.transaction },
  );
  await checkout.update({ status: 'completed', transactionId: tx.id }, { transaction: context.transaction });
  await recordEvent(context, 'transaction.authorized', tx);
  return tx;
}

export async function captureTransaction(
  context: WriteContext,
  owner: Owner,
  { id, amount }: { id: string; amount?: number | undefined },
): Promise<TransactionRow> {
  const tx = await lockTransaction(context, owner, id);
  assertNotVoided(tx);
  if (tx.expiredAt || authorizationLapsed(tx, context.clock.now())) throw authorizationExpired(tx);
  const capturable = capturableAmount(tx);
  const capture = amount ?? capturable;
  if (capturable === 0 || capture > capturable) {
    throw new AppError('capture_exceeds_authorized', `Capturing ${capture} would exceed the capturable amount of ${capturable}.`, {
      errors: [{ pointer: '/amount', detail: `must be at most ${capturable}` }],
    });
  }
  const before = { capturedAmount: tx.capturedAmount, refundedAmount: tx.refundedAmount };
  await save(context, tx, { capturedAmount: tx.capturedAmount + capture, firstCapturedAt: tx.firstCapturedAt ?? context.clock.now() });
  await bookCapture(context, tx, before, capture);
  await recordEvent(context, 'transaction.captured', tx, capture);
  return tx;
}

export async function voidTransaction(context: WriteContext, owner: Owner, { id }: { id: string }): Promise<TransactionRow> {
  const tx = await lockTransaction(context, owner, id);
  assertNotVoided(tx);
  if (tx.capturedAmount > 0) throw new AppError('void_after_capture', `Transaction ${id} has captures; refund instead of voiding.`);
  if (tx.expiredAt || authorizationLapsed(tx, context.clock.now())) throw authorizationExpired(tx);
  await save(context, tx, { voidedAt: context.clock.now() });
  await recordEvent(context, 'transaction.voided', tx);
  return tx;
}

export async function refundTransaction(
  context: WriteContext,
  owner: Owner,
  { id, amount }: { id: string; amount?: number | undefined },
): Promise<TransactionRow> {
  const tx = await lockTransaction(context, owner, id);
  assertNotVoided(tx);
  await expireIfLapsed(context, tx);
  const refundable = refundableAmount(tx);
  const refund = amount ?? refundable;
  if (refundable === 0 || refund > refundable) {
    // Money under dispute is the lender's to settle with the consumer: refunding it would pay twice.
    const disputed = tx.disputedAmount > 0 ? ` (${tx.disputedAmount} of what was captured is disputed and cannot be refunded)` : '';
    throw new AppError('refund_exceeds_captured', `Refunding ${refund} would exceed the refundable amount of ${refundable}${disputed}.`, {
      errors: [{ pointer: '/amount', detail: `must be at most ${refundable}` }],
    });
  }
  const before = { capturedAmount: tx.capturedAmount, refundedAmount: tx.refundedAmount };
  await save(context, tx, { refundedAmount: tx.refundedAmount + refund });
  await bookRefund(context, tx, before, refund);
  await recordEvent(context, 'transaction.refunded', tx, refund);
  return tx;
}

export interface TransactionUpdate {
  orderId?: string | undefined;
  shippingCarrier?: string | undefined;
  shippingTrackingNumber?: string | undefined;
}

export async function updateTransaction(
  context: WriteContext,
  owner: Owner,
  { id, changes: update }: { id: string; changes: TransactionUpdate },
): Promise<TransactionRow> {
  const tx = await lockTransaction(context, owner, id);
  assertNotVoided(tx);
  await expireIfLapsed(context, tx);
  if (tx.status === 'expired') throw authorizationExpired(tx);
  const changes = Object.fromEntries(Object.entries(update).filter(([, value]) => value !== undefined));
  await save(context, tx, changes);
  await recordEvent(context, 'transaction.updated', tx);
  return tx;
}

/** Moves one lapsed authorization to expired (re-checked under lock). */
async function expireTransaction(context: WriteContext, id: string): Promise<boolean> {
  const tx = await context.models.Transaction.findOne({ where: { id }, transaction: context.transaction, lock: context.transaction.LOCK.UPDATE });
  if (!tx || !authorizationLapsed(tx, context.clock.now())) return false;
  await expireIfLapsed(context, tx);
  return true;
}

/** The sweeper: expires lapsed authorizations, a batch at a time. */
export async function expireLapsedAuthorizations({ models, uow, clock }: ReadContext, { batch = 100, merchantId }: SweepOptions = {}): Promise<SweepOutcome> {
  const due = await models.Transaction.findAll({
    where: {
      ...(merchantId ? { merchantId } : {}),
      voidedAt: null,
      expiredAt: null,
      authorizationExpiresAt: { [Op.lte]: clock.now() },
      capturedAmount: { [Op.lt]: models.Transaction.sequelize!.col('amount') },
    },
    attributes: ['id'],
    limit: batch,
  });
  return sweep(
    due.map(({ id }) => id),
    uow,
    (transaction, id) => expireTransaction({ models, clock, transaction, requestId: null }, id),
  );
}

export async function getTransaction(context: ReadContext, owner: Owner, { id }: { id: string }): Promise<TransactionData> {
  const tx = await findOwned(context.models.Transaction, owner, id);
  if (!tx) throw notFound(id);
  return settleAuthorizationExpiry(context, tx);
}

/** Reads see expiry at once: a lapsed authorization is expired (with its event) before it is shown. */
export async function settleAuthorizationExpiry({ models, uow, clock }: ReadContext, tx: TransactionData): Promise<TransactionData> {
  if (!authorizationLapsed(tx, clock.now())) return tx;
  await uow.transaction((transaction) => expireTransaction({ models, clock, transaction, requestId: null }, tx.id));
  const settled = await findOwned(models.Transaction, tx, tx.id);
  if (!settled) throw notFound(tx.id);
  return settled;
}

export interface TransactionFilter {
  status?: TransactionStatus | undefined;
  created?: CreatedFilter | undefined;
}

export function listTransactions(
  { models }: ReadContext,
  owner: Owner,
  { page, ...filter }: { page: PageRequest } & TransactionFilter,
): Promise<Page<TransactionRow>> {
  const where: Record<string | symbol, unknown> = {};
  if (filter.status) where.status = filter.status;
  const created = createdRange(filter.created);
  if (created) where.createdAt = created;
  return paginate(models.Transaction, scopeOf(owner), page, where as WhereOptions);
}
