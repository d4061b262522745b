import type { operations } from '../../../generated/v2/client.js';
import { balanceOf } from '../../domain/ledger.js';
import type { Handler } from '../../http/operation-types.js';
import { readContext } from '../contexts.js';
import { balanceView } from './balance-views.js';

/** Retrieve the balance. */
export const getBalance: Handler<operations['getBalance']> = async (context) => {
  const balance = await balanceOf(readContext(context), context.auth);
  return { status: 200, body: balanceView(balance, context.auth.livemode) };
};
