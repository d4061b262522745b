import type { operations } from '../../../generated/v2/client.js';
import { getCheckout } from '../../domain/checkouts.js';
import { eventsOf } from '../../domain/events.js';
import { getTransaction as find } from '../../domain/transactions.js';
import type { Handler } from '../../http/operation-types.js';
import { checkoutView, eventView, transactionView } from './views.js';

/** Retrieve a transaction. */
export const getTransaction: Handler<operations['getTransaction']> = async ({ auth, params, query, services }) => {
  const { models, uow, clock, config } = services;
  const tx = await find(models, uow, clock, auth, params.transactionId);
  const expand = new Set(query.expand ?? []);
  const [checkout, events] = await Promise.all([
    expand.has('checkout') ? getCheckout(models, auth, tx.checkoutId) : undefined,
    expand.has('events') ? eventsOf(models, auth, tx.id) : undefined,
  ]);
  return {
    status: 200,
    body: transactionView(tx, {
      ...(checkout ? { checkout: checkoutView(checkout, config.publicBaseUrl) } : {}),
      ...(events ? { events: events.map((event) => eventView(event, config.publicBaseUrl)) } : {}),
    }),
  };
};
