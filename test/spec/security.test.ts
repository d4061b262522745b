// Every operation authenticates the way its spec says, and only ways the service implements
// (src/http/spec.ts authSchemeOf): a secret key as a bearer token (v2), v1's key pair, or — for
// the operations a browser calls — the publishable key alone. The redocly config leaves the
// operation-level `security` free; this is its check.
import { describe, expect, it } from 'vitest';
import { authSchemeOf, loadBundledSpec } from '../../src/http/spec.js';
import { specOperations } from '../helpers/spec-operations.js';

describe('security of every operation', () => {
  it.each(['v1', 'v2'])('%s: each operation names a scheme the service implements', (version) => {
    const spec = loadBundledSpec(version);
    const schemes = Object.entries(spec.paths).flatMap(([, item]) =>
      Object.values(item).flatMap((operation) => (operation?.operationId ? [authSchemeOf(spec, operation)] : [])),
    );
    expect(new Set(schemes)).toEqual(new Set(version === 'v1' ? ['basic'] : ['bearer', 'publishable']));
  });

  it('only GET /v2/promotions takes the publishable key, and it takes nothing else', () => {
    const publishable = ['v1', 'v2'].flatMap((version) => specOperations(version).filter((operation) => operation.publishable));
    expect(publishable.map((operation) => `${operation.method} ${operation.template}`)).toEqual(['get /promotions']);
    const spec = loadBundledSpec('v2');
    expect(spec.paths['/promotions']?.get?.security).toEqual([{ publishableKey: [] }, { publishableKeyBasic: [] }]);
  });
});
