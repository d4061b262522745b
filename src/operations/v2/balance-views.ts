// How v2 shows the ledger: balance entries and the balance.
import type { components } from '../../../generated/v2/client.js';
import type { BalanceEntryRow } from '../../data/models/index.js';
import type { Balance } from '../../domain/ledger.js';

type Schemas = components['schemas'];

export function balanceEntryView(entry: BalanceEntryRow): Schemas['BalanceEntry'] {
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
    created: entry.createdAt.toISOString(),
    available_on: entry.availableOn.toISOString(),
  };
}

export function balanceView(balance: Balance, livemode: boolean): Schemas['Balance'] {
  return { object: 'balance', livemode, available: balance.available, pending: balance.pending };
}
