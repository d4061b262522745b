// What the consumer does with an open checkout: confirm a plan (and get Evenpay's decision) or
// leave. In the sandbox these are API calls; a decline and a cancel stay distinct states.
import { Op } from 'sequelize';
import { findOwned } from '../data/find-owned.js';
import type { CheckoutRow } from '../data/models/index.js';
import { AppError } from '../kernel/errors.js';
import { type Owner, scopeOf } from '../kernel/owner.js';
import { type CheckoutData, checkoutNotFound } from './checkouts.js';
import type { ReadContext, WriteContext } from './context.js';
import { recordEvent } from './events.js';
import { eligibleTerms } from './plans.js';
import { decideSandbox } from './sandbox-decisions.js';
import { type SweepOptions, type SweepOutcome, sweep } from './sweep.js';

function assertSandbox(owner: Owner): void {
  if (owner.livemode) throw new AppError('sandbox_only', 'This operation simulates the consumer and only exists for test keys.');
}

async function lockOpenCheckout(context: WriteContext, owner: Owner, id: string): Promise<CheckoutRow> {
  const checkout = await context.models.Checkout.findOne({
    where: { ...scopeOf(owner), id },
    transaction: context.transaction,
    lock: context.transaction.LOCK.UPDATE,
  });
  if (!checkout) throw checkoutNotFound(id);
  if (checkout.status !== 'open') {
    throw new AppError('checkout_not_open', `Checkout ${id} is ${checkout.status}; only an open checkout can be confirmed or canceled.`);
  }
  if (checkout.expiresAt <= context.clock.now()) {
    throw new AppError('checkout_expired', `Checkout ${id} expired at ${checkout.expiresAt.toISOString()}.`);
  }
  return checkout;
}

export async function confirmCheckout(context: WriteContext, owner: Owner, { id, planId }: { id: string; planId: string }): Promise<CheckoutRow> {
  assertSandbox(owner);
  const checkout = await lockOpenCheckout(context, owner, id);
  const terms = await context.models.PlanTerm.findAll({ where: { merchantId: owner.merchantId }, transaction: context.transaction });
  const term = terms.find((t) => t.planId === planId);
  if (!term || !eligibleTerms([term], checkout.totalAmount).length) {
    const range = term ? ` (its range is ${term.minAmount} to ${term.maxAmount})` : '';
    throw new AppError('plan_not_available', `Plan ${planId} is not offered for ${checkout.totalAmount}${range}.`, {
      errors: [{ pointer: '/plan_id', detail: 'is not available for this amount' }],
    });
  }
  const decision = decideSandbox(checkout.customer.email);
  if (decision.outcome === 'declined') {
    await checkout.update({ status: 'declined', declineCategory: decision.declineCategory }, { transaction: context.transaction });
    await recordEvent(context, 'checkout.declined', checkout);
  } else {
    await checkout.update({ status: 'confirmed', planId, authorizationTtlSeconds: decision.authorizationTtlSeconds }, { transaction: context.transaction });
    await recordEvent(context, 'checkout.confirmed', checkout);
  }
  return checkout;
}

export async function cancelCheckout(context: WriteContext, owner: Owner, { id }: { id: string }): Promise<CheckoutRow> {
  assertSandbox(owner);
  const checkout = await lockOpenCheckout(context, owner, id);
  await checkout.update({ status: 'canceled' }, { transaction: context.transaction });
  await recordEvent(context, 'checkout.canceled', checkout);
  return checkout;
}

/** Moves one checkout to `expired` if it is open and past `expires_at` (re-checked under lock). */
async function expireCheckout(context: WriteContext, id: string): Promise<boolean> {
  const checkout = await context.models.Checkout.findOne({ where: { id }, transaction: context.transaction, lock: context.transaction.LOCK.UPDATE });
  if (checkout?.status !== 'open' || checkout.expiresAt > context.clock.now()) return false;
  await checkout.update({ status: 'expired' }, { transaction: context.transaction });
  await recordEvent(context, 'checkout.expired', checkout);
  return true;
}

/** The sweeper: expires open checkouts past their `expires_at`, a batch at a time. */
export async function expireDueCheckouts({ models, uow, clock }: ReadContext, { batch = 100, merchantId }: SweepOptions = {}): Promise<SweepOutcome> {
  const due = await models.Checkout.findAll({
    where: { ...(merchantId ? { merchantId } : {}), status: 'open', expiresAt: { [Op.lte]: clock.now() } },
    attributes: ['id'],
    limit: batch,
  });
  return sweep(
    due.map(({ id }) => id),
    uow,
    (transaction, id) => expireCheckout({ models, clock, transaction, requestId: null }, id),
  );
}

/** Reads see expiry at once: a checkout past its time is expired before it is shown. */
export async function settleCheckoutExpiry({ models, uow, clock }: ReadContext, checkout: CheckoutData): Promise<CheckoutData> {
  if (checkout.status !== 'open' || checkout.expiresAt > clock.now()) return checkout;
  await uow.transaction((transaction) => expireCheckout({ models, clock, transaction, requestId: null }, checkout.id));
  const settled = await findOwned(models.Checkout, checkout, checkout.id);
  if (!settled) throw checkoutNotFound(checkout.id);
  return settled;
}
