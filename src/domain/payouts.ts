// Payouts: the available balance paid out to the merchant's bank account, one payout per
// currency, settling every entry available by the cut-off and not yet paid out.
//
// How a payout is made (payOut, in the caller's database transaction):
// 1. The merchant's row is locked: two workers (or a worker and a sandbox run) paying the same
//    merchant out take turns, and the second finds nothing left to pay.
// 2. The entries are claimed first — `payout_entries` rows, whose primary key is the entry, so
//    no entry is ever settled twice — and the payout's totals are then read from what was
//    claimed: the sum is exactly the entries it settles, whatever commits meanwhile.
// 3. A sum of zero or less is not paid (the claims are let go: a negative balance waits for more
//    captures). Otherwise the payout is created with its own `payout` entry of −amount (claimed
//    by it too, so a payout's entries always sum to zero).
// 4. It is made `pending` (`payout.created`). In the sandbox it is then `paid` at once, or
//    `failed` when asked to (the magic `failure_code`): a `payout_failure` entry puts its money
//    back in the balance, unclaimed, for the next payout (`payout.paid` / `payout.failed`). A live
//    payout stays `pending` until its arrival date (settleArrivedPayouts).
//
// The schedule (runPayoutSchedule) runs after each day's cut-off (PAYOUT_CUTOFF_UTC, default
// 00:00): one transaction per merchant, at most one payout per merchant, mode, currency and day
// (a unique index, should two workers ever race past the lock).
import { Op, QueryTypes, UniqueConstraintError } from 'sequelize';
import { timestampToRaw } from '../data/columns.js';
import { type CreatedFilter, createdRange } from '../data/created-range.js';
import type { PayoutRow, PayoutStatus } from '../data/models/index.js';
import { type Page, type PageRequest, paginate } from '../data/pagination.js';
import { AppError } from '../kernel/errors.js';
import { type Owner, scopeOf } from '../kernel/owner.js';
import type { ReadContext, WriteContext } from './context.js';
import { type PayoutEntryTotal, recordPayoutEvent } from './events.js';
import { newId } from './ids.js';

const DAY_MS = 24 * 60 * 60 * 1000;

export const PAYOUT_FAILURE_CODES = ['account_closed', 'account_frozen', 'could_not_process'] as const;
export type PayoutFailureCode = (typeof PAYOUT_FAILURE_CODES)[number];

const FAILURE_MESSAGES: Record<PayoutFailureCode, string> = {
  account_closed: 'The bank account has been closed.',
  account_frozen: 'The bank account is frozen and cannot receive money now.',
  could_not_process: 'The bank could not process the payout.',
};

export interface PayoutInput {
  /** Entries available by this instant are paid out. */
  cutoff: Date;
  /** The UTC day of a scheduled payout (its cut-off's); null for a sandbox run on demand. */
  period: string | null;
  /** Sandbox only: the run's payouts fail with this code. */
  failureCode?: PayoutFailureCode | null | undefined;
}

/** Pays out the owner's available balance, one payout per currency; the payouts made (none when nothing was due). */
export async function payOut(context: WriteContext, owner: Owner, input: PayoutInput): Promise<PayoutRow[]> {
  const { models, transaction } = context;
  if (input.failureCode && owner.livemode) throw new Error('a payout failure is only simulated in the sandbox');
  const merchant = await models.Merchant.findByPk(owner.merchantId, { attributes: ['id', 'partnerId'], transaction, lock: transaction.LOCK.UPDATE });
  if (!merchant) throw new AppError('merchant_not_found', `No merchant ${owner.merchantId} exists.`);
  const payouts: PayoutRow[] = [];
  for (const currency of await currenciesDue(context, owner, input.cutoff)) {
    const payout = await payOutCurrency(context, owner, merchant.partnerId, currency, input);
    if (payout) payouts.push(payout);
  }
  return payouts;
}

/** The sandbox's "run the schedule now": everything available up to this instant, no period; a failure code makes every payout fail. */
export function runSandboxPayouts(context: WriteContext, owner: Owner, { failureCode }: { failureCode?: PayoutFailureCode | undefined }): Promise<PayoutRow[]> {
  if (owner.livemode)
    throw new AppError(
      'sandbox_only',
      'Running payouts on demand is a sandbox operation and only exists for test keys; live payouts follow the daily schedule.',
    );
  return payOut(context, owner, { cutoff: context.clock.now(), period: null, failureCode });
}

const unclaimed = 'NOT EXISTS (SELECT 1 FROM payout_entries p WHERE p.entry_id = e.id)';
const dueEntries = `e.merchant_id = $merchantId AND e.livemode = $livemode AND e.available_on <= $cutoff AND ${unclaimed}`;

/** Bound, not replaced: Sequelize's replacements drop a timestamp's milliseconds on MySQL. */
function parametersOf(context: WriteContext | ReadContext, owner: Owner, cutoff: Date) {
  return { merchantId: owner.merchantId, livemode: owner.livemode, cutoff: timestampToRaw(context.models.BalanceEntry.sequelize!, cutoff) };
}

async function currenciesDue(context: WriteContext, owner: Owner, cutoff: Date): Promise<string[]> {
  const rows = await context.models.BalanceEntry.sequelize!.query<{ currency: string }>(
    `SELECT DISTINCT e.currency AS currency FROM balance_entries e WHERE ${dueEntries} ORDER BY e.currency`,
    { bind: parametersOf(context, owner, cutoff), type: QueryTypes.SELECT, transaction: context.transaction },
  );
  return rows.map((row) => row.currency);
}

type EntryTotalsContext = { models: WriteContext['models']; transaction?: WriteContext['transaction'] };

/** The entries claimed by each of `payoutIds`, summed per type, in one query (numbers: SUM is a decimal string on MySQL). */
export async function entryTotalsOf(context: EntryTotalsContext, payoutIds: readonly string[]): Promise<Map<string, PayoutEntryTotal[]>> {
  const totals = new Map(payoutIds.map((id) => [id, [] as PayoutEntryTotal[]]));
  if (!payoutIds.length) return totals;
  const placeholders = payoutIds.map((_, i) => `$p${i}`).join(', ');
  const rows = await context.models.BalanceEntry.sequelize!.query<Record<keyof PayoutEntryTotal | 'payoutId', string | number>>(
    `SELECT p.payout_id AS payoutId, e.type AS type, COUNT(*) AS count, SUM(e.amount) AS amount, SUM(e.fee) AS fee, SUM(e.net) AS net
       FROM balance_entries e JOIN payout_entries p ON p.entry_id = e.id
      WHERE p.payout_id IN (${placeholders}) AND e.source_id <> p.payout_id
      GROUP BY p.payout_id, e.type ORDER BY p.payout_id, MIN(e.seq)`,
    {
      bind: Object.fromEntries(payoutIds.map((id, i) => [`p${i}`, id])),
      type: QueryTypes.SELECT,
      ...(context.transaction ? { transaction: context.transaction } : {}),
    },
  );
  for (const row of rows) {
    totals
      .get(String(row.payoutId))
      ?.push({ type: String(row.type), count: Number(row.count), amount: Number(row.amount), fee: Number(row.fee), net: Number(row.net) });
  }
  return totals;
}

/** The entries claimed by `payoutId`, summed per type. */
export async function entryTotals(context: EntryTotalsContext, payoutId: string): Promise<PayoutEntryTotal[]> {
  return (await entryTotalsOf(context, [payoutId])).get(payoutId) ?? [];
}

async function payOutCurrency(context: WriteContext, owner: Owner, partnerId: string | null, currency: string, input: PayoutInput): Promise<PayoutRow | null> {
  const { models, transaction, clock } = context;
  const sequelize = models.BalanceEntry.sequelize!;
  const id = newId('po');
  await sequelize.query(
    `INSERT INTO payout_entries (entry_id, payout_id) SELECT e.id, $payoutId FROM balance_entries e WHERE ${dueEntries} AND e.currency = $currency`,
    { bind: { ...parametersOf(context, owner, input.cutoff), payoutId: id, currency }, transaction },
  );
  const totals = await entryTotals(context, id);
  const amount = totals.reduce((sum, line) => sum + line.net, 0);
  if (amount <= 0) {
    await models.PayoutEntry.destroy({ where: { payoutId: id }, transaction });
    return null;
  }
  const now = clock.now();
  const sandbox = !owner.livemode;
  const payout = await models.Payout.create(
    {
      id,
      ...scopeOf(owner),
      partnerId,
      status: 'pending',
      currency,
      amount,
      period: input.period,
      arrivalDate: sandbox ? now : new Date(input.cutoff.getTime() + DAY_MS),
      failureCode: null,
      failureMessage: null,
      createdAt: now,
      updatedAt: now,
    },
    { transaction },
  );
  const paidOut = await bookPayoutEntry(context, payout, 'payout', -amount);
  await models.PayoutEntry.create({ entryId: paidOut, payoutId: id }, { transaction });
  await recordPayoutEvent(context, 'payout.created', payout, totals);
  // The sandbox's bank answers at once.
  if (sandbox) await settle(context, payout, totals, input.failureCode ?? null);
  return payout;
}

/** A pending payout arrives (`paid`) or is refused (`failed`: its money comes back to the balance), with its event. */
async function settle(context: WriteContext, payout: PayoutRow, totals: PayoutEntryTotal[], failure: PayoutFailureCode | null): Promise<void> {
  const now = context.clock.now();
  payout.set(
    failure ? { status: 'failed', failureCode: failure, failureMessage: FAILURE_MESSAGES[failure], updatedAt: now } : { status: 'paid', updatedAt: now },
  );
  await payout.save({ transaction: context.transaction });
  if (failure) await bookPayoutEntry(context, payout, 'payout_failure', payout.amount);
  await recordPayoutEvent(context, failure ? 'payout.failed' : 'payout.paid', payout, totals);
}

async function bookPayoutEntry(context: WriteContext, payout: PayoutRow, type: 'payout' | 'payout_failure', amount: number): Promise<string> {
  const now = context.clock.now();
  const entry = await context.models.BalanceEntry.create(
    {
      id: newId('bal'),
      merchantId: payout.merchantId,
      partnerId: payout.partnerId,
      livemode: payout.livemode,
      type,
      currency: payout.currency,
      amount,
      fee: 0,
      net: amount,
      partnerShare: 0,
      sourceId: payout.id,
      transactionId: null,
      createdAt: now,
      availableOn: now,
    },
    { transaction: context.transaction },
  );
  return entry.id;
}

/** The last cut-off at or before `now` (each day at `cutoffUtc`, `HH:MM`), and its UTC day. */
export function lastCutoff(now: Date, cutoffUtc: string): { cutoff: Date; period: string } {
  const [hours, minutes] = cutoffUtc.split(':').map(Number) as [number, number];
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), hours, minutes);
  const cutoff = new Date(today <= now.getTime() ? today : today - DAY_MS);
  return { cutoff, period: cutoff.toISOString().slice(0, 10) };
}

/**
 * The daily schedule, a job (its own transactions): every merchant with entries available by
 * the last cut-off and not yet paid out is paid out, in both modes, then live payouts that have
 * arrived are marked paid. Safe to run often and on several workers at once. Returns the payouts made.
 */
export async function runPayoutSchedule(read: ReadContext, { cutoffUtc }: { cutoffUtc: string }): Promise<PayoutRow[]> {
  const { models, uow, clock } = read;
  const { cutoff, period } = lastCutoff(clock.now(), cutoffUtc);
  const made: PayoutRow[] = [];
  for (const livemode of [false, true]) {
    const due = await models.BalanceEntry.sequelize!.query<{ merchantId: string }>(
      `SELECT DISTINCT e.merchant_id AS merchantId FROM balance_entries e WHERE e.livemode = $livemode AND e.available_on <= $cutoff AND ${unclaimed}`,
      { bind: { livemode, cutoff: timestampToRaw(models.BalanceEntry.sequelize!, cutoff) }, type: QueryTypes.SELECT },
    );
    for (const { merchantId } of due) {
      try {
        made.push(
          ...(await uow.transaction((transaction) => payOut({ models, clock, transaction, requestId: null }, { merchantId, livemode }, { cutoff, period }))),
        );
      } catch (error) {
        // Another worker made this period's payout first: it is paid out already.
        if (!(error instanceof UniqueConstraintError)) throw error;
      }
    }
  }
  await settleArrivedPayouts(read);
  return made;
}

/** Live payouts whose arrival date has passed are paid, each in its own transaction with its event (a job). */
export async function settleArrivedPayouts({ models, uow, clock }: ReadContext): Promise<number> {
  const due = await models.Payout.findAll({ where: { status: 'pending', arrivalDate: { [Op.lte]: clock.now() } }, attributes: ['id'], limit: 100 });
  let settled = 0;
  for (const { id } of due) {
    const done = await uow.transaction(async (transaction) => {
      const context = { models, clock, transaction, requestId: null };
      const payout = await models.Payout.findOne({ where: { id }, transaction, lock: transaction.LOCK.UPDATE });
      // Another worker may have settled it meanwhile.
      if (payout?.status !== 'pending') return false;
      await settle(context, payout, await entryTotals(context, id), null);
      return true;
    });
    if (done) settled += 1;
  }
  return settled;
}

export async function getPayout({ models }: ReadContext, owner: Owner, { id }: { id: string }): Promise<PayoutRow> {
  const payout = await models.Payout.findOne({ where: { ...scopeOf(owner), id } });
  if (!payout) throw new AppError('resource_not_found', `No payout ${id} exists for this merchant.`);
  return payout;
}

export interface PayoutFilter {
  status?: PayoutStatus | undefined;
  created?: CreatedFilter | undefined;
}

export function listPayouts({ models }: ReadContext, owner: Owner, { page, ...filter }: { page: PageRequest } & PayoutFilter): Promise<Page<PayoutRow>> {
  const where: Record<string | symbol, unknown> = {};
  if (filter.status) where.status = filter.status;
  const created = createdRange(filter.created);
  if (created) where.createdAt = created;
  return paginate(models.Payout, scopeOf(owner), page, where);
}
