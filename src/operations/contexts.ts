// The domain's two contexts, from a handler's: a write's (the framework's transaction and the
// request id) and a read's (the data, the unit of work and the clock).
import type { ReadContext, WriteContext } from '../domain/context.js';
import type { OperationContext } from '../http/operation-types.js';

export function writeContext({ services, transaction, requestId }: OperationContext<unknown>): WriteContext {
  if (!transaction) throw new Error('POST handlers run inside a database transaction');
  return { models: services.models, clock: services.clock, transaction, requestId };
}

export function readContext({ services }: Pick<OperationContext<unknown>, 'services'>): ReadContext {
  return { models: services.models, uow: services.uow, clock: services.clock };
}
