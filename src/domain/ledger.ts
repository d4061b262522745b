// The merchant's ledger: every capture, refund and payout is an immutable balance entry
// (`bal_…`), booked by the write that causes it, in its database transaction (a capture without its entry
// cannot commit, nor an entry without its capture). A merchant's balance is the sum of its
// entries, always: nothing else is kept, so nothing can drift from them.
//
// THE RULES (published in the spec, on BalanceEntry and Balance)
// - A capture books +amount, +fee, +net; a refund −amount, −fee returned, −net (domain/fees.ts
//   says what each fee is). `net = amount − fee` on every entry.
// - Money a capture adds becomes available `availabilityDelayMs` after it (two days in live mode,
//   at once in test mode); money an entry takes away (a refund) is taken at once. Until then it is
//   pending.
// - A dispute holds its amount when opened (`dispute_hold`, −amount) and gives it back when won
//   (`dispute_release`), both at once and without fees; a lost dispute's hold stays.
// - Balance, per currency: available = Σ net of entries available now; pending = Σ net of the rest.
import { Op, QueryTypes, type WhereOptions } from 'sequelize';
import { timestampToRaw } from '../data/columns.js';
import { type CreatedFilter, createdRange } from '../data/created-range.js';
import type { BalanceEntryRow, BalanceEntryType, DisputeRow, TransactionRow } from '../data/models/index.js';
import { type Page, type PageRequest, paginate } from '../data/pagination.js';
import { type Owner, scopeOf } from '../kernel/owner.js';
import type { ReadContext, WriteContext } from './context.js';
import { captureFee, type FeeLine, type NetTotals, refundFee } from './fees.js';
import { newId } from './ids.js';

const DAY_MS = 24 * 60 * 60 * 1000;
/** How long a capture's money is pending: two days in live mode (the lender's settlement), none in test mode. */
export const AVAILABILITY_DELAY_MS = { live: 2 * DAY_MS, test: 0 } as const;

/** The fee terms a transaction was authorized under. */
function termsOf(tx: TransactionRow) {
  return { feeRateBps: tx.feeRateBps, feeFixedAmount: tx.feeFixedAmount, partnerShareBps: tx.partnerShareBps };
}

async function book(context: WriteContext, tx: TransactionRow, type: BalanceEntryType, line: FeeLine, sign: 1 | -1): Promise<BalanceEntryRow> {
  const now = context.clock.now();
  const delay = sign > 0 ? (tx.livemode ? AVAILABILITY_DELAY_MS.live : AVAILABILITY_DELAY_MS.test) : 0;
  return context.models.BalanceEntry.create(
    {
      id: newId('bal'),
      merchantId: tx.merchantId,
      partnerId: tx.partnerId,
      livemode: tx.livemode,
      type,
      currency: tx.currency,
      amount: sign * line.amount,
      fee: sign * line.fee,
      net: sign * line.net,
      partnerShare: sign * line.partnerShare,
      sourceId: tx.id,
      transactionId: tx.id,
      createdAt: now,
      availableOn: new Date(now.getTime() + delay),
    },
    { transaction: context.transaction },
  );
}

/** Books a capture of `amount` on `tx`, whose totals were `before` (read under the caller's row lock). */
export function bookCapture(context: WriteContext, tx: TransactionRow, before: NetTotals, amount: number): Promise<BalanceEntryRow> {
  return book(context, tx, 'capture', captureFee(termsOf(tx), before, amount), 1);
}

/** Books a refund of `amount` on `tx`, whose totals were `before` (read under the caller's row lock). */
export function bookRefund(context: WriteContext, tx: TransactionRow, before: NetTotals, amount: number): Promise<BalanceEntryRow> {
  return book(context, tx, 'refund', refundFee(termsOf(tx), before, amount), -1);
}

/**
 * Books a dispute's hold (−amount, when it is opened) or its release (+amount, when it is won),
 * both available at once: held money leaves the available balance the moment the consumer
 * disputes, and comes back the moment the dispute is won. No fee moves either way.
 */
export function bookDispute(context: WriteContext, dispute: DisputeRow, type: 'dispute_hold' | 'dispute_release'): Promise<BalanceEntryRow> {
  const now = context.clock.now();
  const amount = type === 'dispute_hold' ? -dispute.amount : dispute.amount;
  return context.models.BalanceEntry.create(
    {
      id: newId('bal'),
      merchantId: dispute.merchantId,
      partnerId: dispute.partnerId,
      livemode: dispute.livemode,
      type,
      currency: dispute.currency,
      amount,
      fee: 0,
      net: amount,
      partnerShare: 0,
      sourceId: dispute.id,
      transactionId: dispute.transactionId,
      createdAt: now,
      availableOn: now,
    },
    { transaction: context.transaction },
  );
}

export interface CurrencyAmount {
  currency: string;
  amount: number;
}

export interface Balance {
  available: CurrencyAmount[];
  pending: CurrencyAmount[];
}

/** The owner's balance now: the sums of its entries' nets, per currency, available and pending, in one query. */
export async function balanceOf({ models, clock }: ReadContext, owner: Owner): Promise<Balance> {
  const sequelize = models.BalanceEntry.sequelize!;
  const rows = await sequelize.query<{ currency: string; available: number | string; pending: number | string }>(
    `SELECT currency,
            SUM(CASE WHEN available_on <= $now THEN net ELSE 0 END) AS available,
            SUM(CASE WHEN available_on > $now THEN net ELSE 0 END) AS pending
       FROM balance_entries WHERE merchant_id = $merchantId AND livemode = $livemode
      GROUP BY currency ORDER BY currency`,
    { bind: { ...scopeOf(owner), now: timestampToRaw(sequelize, clock.now()) }, type: QueryTypes.SELECT },
  );
  // SUM comes back as a number (SQLite) or a decimal string (MySQL); either is an exact integer.
  return {
    available: rows.map((row) => ({ currency: row.currency, amount: Number(row.available) })),
    pending: rows.map((row) => ({ currency: row.currency, amount: Number(row.pending) })),
  };
}

export interface BalanceEntryFilter {
  type?: BalanceEntryType | undefined;
  source?: string | undefined;
  /** The entries a payout settled, and its own. */
  payout?: string | undefined;
  created?: CreatedFilter | undefined;
}

/** The owner's entries, newest first, with the one pagination helper. */
export function listBalanceEntries(
  { models }: ReadContext,
  owner: Owner,
  { page, ...filter }: { page: PageRequest } & BalanceEntryFilter,
): Promise<Page<BalanceEntryRow>> {
  const where: Record<string | symbol, unknown> = {};
  if (filter.type) where.type = filter.type;
  if (filter.source) where.sourceId = filter.source;
  if (filter.payout) {
    const sequelize = models.BalanceEntry.sequelize!;
    where.id = { [Op.in]: sequelize.literal(`(SELECT entry_id FROM payout_entries WHERE payout_id = ${sequelize.escape(filter.payout)})`) };
  }
  const created = createdRange(filter.created);
  if (created) where.createdAt = created;
  return paginate(models.BalanceEntry, scopeOf(owner), page, where as WhereOptions);
}

/** Which payout settled each of these entries (absent: none yet), in one query. */
export async function payoutsOf({ models }: Pick<ReadContext, 'models'>, entries: readonly BalanceEntryRow[]): Promise<Map<string, string>> {
  if (!entries.length) return new Map();
  const links = await models.PayoutEntry.findAll({ where: { entryId: entries.map((entry) => entry.id) } });
  return new Map(links.map((link) => [link.entryId, link.payoutId]));
}
