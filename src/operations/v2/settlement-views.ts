// How v2 shows the settlement report's lines, as JSON objects and as CSV records (the API's
// `Accept: text/csv` answer and the operator's `reports settlement` print the same columns).
import { stringify } from 'csv-stringify';
import { stringify as stringifyNow } from 'csv-stringify/sync';
import type { components } from '../../../generated/v2/client.js';
import type { SettlementLine } from '../../domain/settlement-report.js';

type Line = components['schemas']['SettlementReportLine'];

/** The CSV's columns, in the order the spec's SettlementReport names them. */
export const SETTLEMENT_COLUMNS = [
  'entry',
  'type',
  'merchant',
  'currency',
  'amount',
  'fee',
  'net',
  'partner_share',
  'transaction',
  'order_id',
  'checkout',
  'payout',
  'created',
  'available_on',
] as const satisfies ReadonlyArray<keyof Line>;

export function settlementLineView(line: SettlementLine): Line {
  return {
    entry: line.entry,
    type: line.type,
    merchant: line.merchant,
    currency: line.currency,
    amount: line.amount,
    fee: line.fee,
    net: line.net,
    partner_share: line.partnerShare,
    transaction: line.transaction,
    order_id: line.orderId,
    checkout: line.checkout,
    payout: line.payout,
    created: line.created.toISOString(),
    available_on: line.availableOn.toISOString(),
  };
}

/** A csv-stringify transform: line objects in, a header row then one record each out (null as empty). */
export function settlementCsv() {
  return stringify({ header: true, columns: [...SETTLEMENT_COLUMNS] });
}

/** One page of lines as CSV text (after the header row when `header`), for a caller that writes pages itself. */
export function settlementCsvPage(lines: Line[], header: boolean): string {
  return stringifyNow(lines, { header, columns: [...SETTLEMENT_COLUMNS] });
}
