import type { operations } from '../../../generated/v2/client.js';
import { entryTotalsOf, runSandboxPayouts as run } from '../../domain/payouts.js';
import type { Handler } from '../../http/operation-types.js';
import { writeContext } from '../contexts.js';
import { payoutView } from './balance-views.js';

/** Run the payout schedule now (sandbox). */
export const runSandboxPayouts: Handler<operations['runSandboxPayouts']> = async (context) => {
  const write = writeContext(context);
  const payouts = await run(write, context.auth, { failureCode: context.body?.failure_code });
  // Newest first, like every list.
  const totals = await entryTotalsOf(
    write,
    payouts.map((payout) => payout.id),
  );
  const data = payouts.reverse().map((payout) => payoutView(payout, totals.get(payout.id) ?? []));
  return { status: 200, body: { object: 'list', url: '/v2/payouts', has_more: false, data } };
};
