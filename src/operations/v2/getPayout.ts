import type { operations } from '../../../generated/v2/client.js';
import { entryTotals, getPayout as find } from '../../domain/payouts.js';
import type { Handler } from '../../http/operation-types.js';
import { readContext } from '../contexts.js';
import { payoutView } from './balance-views.js';

/** Retrieve a payout. */
export const getPayout: Handler<operations['getPayout']> = async (context) => {
  const read = readContext(context);
  const payout = await find(read, context.auth, { id: context.params.payoutId });
  return { status: 200, body: payoutView(payout, await entryTotals(read, payout.id)) };
};
