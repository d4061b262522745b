import { describe, expect, it } from 'vitest';
import { availabilityAt, type DeprecatedOperation, daysUntil, deprecationCatalogue } from '../../src/domain/deprecations.js';
import { loadBundledSpec } from '../../src/http/spec.js';

const operation: DeprecatedOperation = {
  apiVersion: 'v1',
  operationId: 'captureCharge',
  method: 'POST',
  path: '/v1/charges/{chargeId}/capture',
  deprecatedOn: '2026-06-01',
  sunset: '2027-06-30',
  brownouts: [{ start: '2027-03-03T15:00:00Z', end: '2027-03-03T16:00:00Z' }],
  successor: { apiVersion: 'v2', operationId: 'captureTransaction', method: 'POST', path: '/v2/transactions/{transactionId}/capture' },
};

describe('availabilityAt', () => {
  it.each([
    ['2027-03-03T14:59:59.999Z', { served: true }],
    ['2027-03-03T15:00:00.000Z', { served: false, reason: 'brownout', until: '2027-03-03T16:00:00.000Z' }],
    ['2027-03-03T15:59:59.999Z', { served: false, reason: 'brownout', until: '2027-03-03T16:00:00.000Z' }],
    ['2027-03-03T16:00:00.000Z', { served: true }],
    ['2027-06-29T23:59:59.999Z', { served: true }],
    ['2027-06-30T00:00:00.000Z', { served: false, reason: 'sunset' }],
    ['2030-01-01T00:00:00.000Z', { served: false, reason: 'sunset' }],
  ])('at %s answers %j', (at, expected) => {
    expect(availabilityAt(operation, new Date(at))).toEqual(expected);
  });

  it('counts whole days to the sunset', () => {
    expect(daysUntil('2027-06-30', new Date('2027-06-29T00:00:00Z'))).toBe(1);
    expect(daysUntil('2027-06-30', new Date('2027-06-29T12:00:00Z'))).toBe(1);
    expect(daysUntil('2027-06-30', new Date('2027-06-30T00:00:00Z'))).toBe(0);
    expect(daysUntil('2027-06-30', new Date('2027-07-02T00:00:00Z'))).toBe(-2);
  });
});

describe('deprecationCatalogue', () => {
  const specs = { v1: loadBundledSpec('v1'), v2: loadBundledSpec('v2') };

  it('lists every v1 operation with a v2 successor that exists', () => {
    const catalogue = deprecationCatalogue(specs);
    const v1Operations = Object.values(specs.v1.paths).flatMap((item) => (['get', 'post'] as const).flatMap((method) => item[method]?.operationId ?? []));
    expect(catalogue.map((op) => op.operationId).sort()).toEqual(v1Operations.sort());
    for (const op of catalogue) {
      expect(op.successor.apiVersion).toBe('v2');
      expect(op.sunset).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(op.deprecatedOn < op.sunset).toBe(true);
      for (const b of op.brownouts) expect(Date.parse(b.start) < Date.parse(b.end) && b.end < op.sunset).toBe(true);
    }
  });

  it('refuses a deprecated operation whose successor does not exist', () => {
    const broken = {
      v1: { paths: { '/x': { get: { operationId: 'getX', deprecated: true, 'x-sunset': '2027-01-01', 'x-successor': 'nope' } } } },
      v2: specs.v2,
    };
    expect(() => deprecationCatalogue(broken)).toThrow(/x-successor/);
  });
});
