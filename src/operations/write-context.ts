// The domain's WriteContext for a POST handler: the framework's transaction and request id.
import type { WriteContext } from '../domain/context.js';
import type { OperationContext } from '../http/operation-types.js';

export function writeContext({ services, transaction, requestId }: OperationContext<unknown>): WriteContext {
  if (!transaction) throw new Error('POST handlers run inside a database transaction');
  return { models: services.models, clock: services.clock, transaction, requestId };
}
