import type { operations } from '../../../generated/v2/client.js';
import { getCheckout } from '../../domain/checkouts.js';
import { eventsOf } from '../../domain/events.js';
import { getTransaction as find } from '../../domain/transactions.js';
import type { Handler } from '../../http/operation-types.js';
import { readContext } from '../contexts.js';
import { checkoutView, eventView, transactionView } from './views.js';

/** Retrieve a transaction. */
export const getTransaction: Handler<operations['getTransaction']> = async (context) => {
  const { auth, params, query, services } = context;
  const { config } = services;
  const read = readContext(context);
  const tx = await find(read, auth, { id: params.transactionId });
  const expand = new Set(query.expand ?? []);
  const [checkout, events] = await Promise.all([
    expand.has('checkout') ? getCheckout(read, auth, { id: tx.checkoutId }) : undefined,
    expand.has('events') ? eventsOf(read, auth, { objectId: tx.id }) : undefined,
  ]);
  return {
    status: 200,
    body: transactionView(tx, {
      ...(checkout ? { checkout: checkoutView(checkout, config.publicBaseUrl) } : {}),
      ...(events ? { events: events.map((event) => eventView(event, config.publicBaseUrl)) } : {}),
    }),
  };
};
