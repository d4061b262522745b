// The domain's two contexts, from a handler's: a write's (the framework's transaction and the
// request id) and a read's (the data, the unit of work and the clock).
import type { ReadContext, WriteContext } from '../domain/context.js';
import type { OperationContext } from '../http/operation-types.js';
import type { PartnerOwner, Subscriber } from '../kernel/owner.js';

export function writeContext({ services, transaction, requestId, caller }: OperationContext<unknown>): WriteContext {
  if (!transaction) throw new Error('POST handlers run inside a database transaction');
  return { models: services.models, clock: services.clock, transaction, requestId, actingPartnerId: caller.partnerId };
}

export function readContext({ services }: Pick<OperationContext<unknown>, 'services'>): ReadContext {
  return { models: services.models, uow: services.uow, clock: services.clock };
}

/** The partner of a partner's own operation (the acting-merchant middleware refused every other key). */
export function partnerOwner({ caller }: Pick<OperationContext<unknown>, 'caller'>): PartnerOwner {
  if (caller.partnerId === null) throw new Error('partner operations run with a partner key only');
  return { partnerId: caller.partnerId, livemode: caller.livemode };
}

/** Whose events and webhook endpoints: the merchant acted for, or the partner itself when it names none (`x-partner-scope`). */
export function subscriberOf(context: Pick<OperationContext<unknown>, 'caller' | 'acting'>): Subscriber {
  return context.acting ?? partnerOwner(context);
}
