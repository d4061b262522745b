// The settlement report: every balance entry created in [from, to) but the payouts' own, oldest
// first, with what a finance team matches a deposit against — the transaction, its order id and
// checkout, and the payout that settled the entry. The payouts are the deposits the lines add up
// to (the lines of a payout sum to its amount), not lines of their own. Read in pages of BATCH entries by `seq` (keyset, never OFFSET)
// and yielded one page at a time, so a report of any size is streamed in bounded memory; each
// page is one query joining the entry's transaction and payout claim.
import { QueryTypes } from 'sequelize';
import { timestampFromRaw, timestampToRaw } from '../data/columns.js';
import type { Subscriber } from '../kernel/owner.js';
import type { ReadContext } from './context.js';

const BATCH = 1_000;

export interface SettlementLine {
  entry: string;
  type: string;
  merchant: string;
  currency: string;
  amount: number;
  fee: number;
  net: number;
  /** Null in a merchant's own report. */
  partnerShare: number | null;
  transaction: string | null;
  orderId: string | null;
  checkout: string | null;
  payout: string | null;
  created: Date;
  availableOn: Date;
}

export interface ReportPeriod {
  from: Date;
  to: Date;
}

interface Row {
  seq: number;
  id: string;
  type: string;
  merchant_id: string;
  currency: string;
  amount: number | string;
  fee: number | string;
  net: number | string;
  partner_share: number | string;
  transaction_id: string | null;
  order_id: string | null;
  checkout_id: string | null;
  payout_id: string | null;
  created_at: string | Date;
  available_on: string | Date;
}

/** Whose entries: a merchant's, a partner's merchants', or (an operator's report) every merchant's, in one mode. */
export type ReportScope = Subscriber | { livemode: boolean };

/**
 * The report's lines, a page at a time. `scope`: a merchant (its own report, without partner
 * shares; also what a partner acting for it gets, with them), a partner (all its merchants), or
 * every merchant (the operator's).
 */
export async function* settlementLines(
  { models }: ReadContext,
  scope: ReportScope,
  { from, to }: ReportPeriod,
  { withPartnerShare }: { withPartnerShare: boolean },
): AsyncGenerator<SettlementLine[]> {
  const sequelize = models.BalanceEntry.sequelize!;
  const [column, owner] = 'merchantId' in scope ? ['merchant_id', scope.merchantId] : 'partnerId' in scope ? ['partner_id', scope.partnerId] : [null, null];
  let after = 0;
  for (;;) {
    const rows = await sequelize.query<Row>(
      `SELECT e.seq, e.id, e.type, e.merchant_id, e.currency, e.amount, e.fee, e.net, e.partner_share, e.transaction_id,
              t.order_id, t.checkout_id, p.payout_id, e.created_at, e.available_on
         FROM balance_entries e
         LEFT JOIN transactions t ON t.id = e.transaction_id
         LEFT JOIN payout_entries p ON p.entry_id = e.id
        WHERE ${column ? `e.${column} = $owner AND ` : ''}e.livemode = $livemode AND e.type <> 'payout' AND e.created_at >= $from AND e.created_at < $to AND e.seq > $after
        ORDER BY e.seq
        LIMIT ${BATCH}`,
      {
        // Bound, not replaced: replacements drop a timestamp's milliseconds on MySQL.
        bind: { ...(column ? { owner } : {}), livemode: scope.livemode, from: timestampToRaw(sequelize, from), to: timestampToRaw(sequelize, to), after },
        type: QueryTypes.SELECT,
      },
    );
    if (rows.length === 0) return;
    yield rows.map((row) => lineOf(row, withPartnerShare));
    if (rows.length < BATCH) return;
    after = rows.at(-1)!.seq;
  }
}

function lineOf(row: Row, withPartnerShare: boolean): SettlementLine {
  return {
    entry: row.id,
    type: row.type,
    merchant: row.merchant_id,
    currency: row.currency,
    amount: Number(row.amount),
    fee: Number(row.fee),
    net: Number(row.net),
    partnerShare: withPartnerShare ? Number(row.partner_share) : null,
    transaction: row.transaction_id,
    orderId: row.order_id,
    checkout: row.checkout_id,
    payout: row.payout_id,
    created: timestampFromRaw(row.created_at),
    availableOn: timestampFromRaw(row.available_on),
  };
}
