// The compiler already refuses a missing handler; this also catches a handler the spec no longer
// has, and proves each version's registry covers exactly its spec.
import { describe, expect, it } from 'vitest';
import { operationIds as v1OperationIds } from '../../generated/v1/client.js';
import { operationIds as v2OperationIds } from '../../generated/v2/client.js';
import { v1Handlers } from '../../src/operations/v1/index.js';
import { v2Handlers } from '../../src/operations/v2/index.js';

describe('operation registries', () => {
  it.each([
    ['v1', v1Handlers, v1OperationIds],
    ['v2', v2Handlers, v2OperationIds],
  ] as const)('%s has one handler per operationId of its spec, and no other', (_version, handlers, ids) => {
    expect(Object.keys(handlers).sort()).toEqual([...ids].sort());
  });
});
