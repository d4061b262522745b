// Every error code says how to fix it (KnownErrorCode's `x-fix`), in every version the shared
// schema is bundled into: one fix per code of the enum, none for a code it does not have, each
// its own. The docs test shows them rendered in the error catalogue.
import { describe, expect, it } from 'vitest';
import { listApis } from '../../scripts/lib/apis.js';
import { loadBundledSpec } from '../../src/http/spec.js';

interface KnownErrorCode {
  enum: string[];
  'x-fix': Record<string, string>;
}

const knownErrorCodeOf = (version: string) =>
  (loadBundledSpec(version) as unknown as { components: { schemas: { KnownErrorCode: KnownErrorCode } } }).components.schemas.KnownErrorCode;

describe.each(listApis().map((api) => api.version))('KnownErrorCode x-fix in %s', (version) => {
  const schema = knownErrorCodeOf(version);

  it('has a fix for exactly the codes of the enum: none missing, none extra', () => {
    expect(Object.keys(schema['x-fix']).sort()).toEqual([...schema.enum].sort());
  });

  it('gives each code a fix of its own, a sentence or two long', () => {
    for (const code of schema.enum) {
      expect(schema['x-fix'][code], code).toMatch(/^\S.{39,299}[.)]$/s);
    }
    const fixes = Object.values(schema['x-fix']);
    expect(new Set(fixes).size, 'no two codes share a fix').toBe(fixes.length);
  });
});
