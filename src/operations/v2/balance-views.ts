// How v2 shows the ledger: balance entries and the balance.
import type { components } from '../../../generated/v2/client.js';
import type { BalanceEntryRow, PayoutRow } from '../../data/models/index.js';
import type { PayoutEntryTotal } from '../../domain/events.js';
import type { Balance } from '../../domain/ledger.js';

type Schemas = components['schemas'];

/** `payout`: the payout that settled it, if any (domain/ledger.ts payoutsOf). */
export function balanceEntryView(entry: BalanceEntryRow, payout: string | null): Schemas['BalanceEntry'] {
  return {
    id: entry.id,
    object: 'balance_entry',
    livemode: entry.livemode,
    type: entry.type,
    currency: entry.currency,
    amount: entry.amount,
    fee: entry.fee,
    net: entry.net,
    source: entry.sourceId,
    transaction: entry.transactionId,
    payout,
    created: entry.createdAt.toISOString(),
    available_on: entry.availableOn.toISOString(),
  };
}

export function balanceView(balance: Balance, livemode: boolean): Schemas['Balance'] {
  return { object: 'balance', livemode, available: balance.available, pending: balance.pending };
}

export function payoutView(payout: PayoutRow, totals: PayoutEntryTotal[]): Schemas['Payout'] {
  return {
    id: payout.id,
    object: 'payout',
    livemode: payout.livemode,
    status: payout.status,
    currency: payout.currency,
    amount: payout.amount,
    period: payout.period,
    arrival_date: payout.arrivalDate.toISOString(),
    created: payout.createdAt.toISOString(),
    failure_code: payout.failureCode,
    failure_message: payout.failureMessage,
    entry_totals: totals,
  };
}
