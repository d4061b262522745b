// Deprecation is declared in the specs (`deprecated`, `x-deprecated-on`, `x-sunset`,
// `x-successor`, `x-brownouts`); this module turns that into a catalogue and answers, for an
// instant, whether an operation is still served. The service, `GET /v2/deprecations` and
// `npm run deprecations` all read the same catalogue.

export interface Brownout {
  start: string;
  end: string;
}

export interface DeprecatedOperation {
  apiVersion: string;
  operationId: string;
  method: string;
  /** OpenAPI path template with the version prefix: `/v1/charges/{chargeId}`. */
  path: string;
  deprecatedOn: string;
  sunset: string;
  brownouts: Brownout[];
  successor: { apiVersion: string; operationId: string; method: string; path: string };
}

interface SpecOperation {
  operationId?: string;
  deprecated?: boolean;
  'x-deprecated-on'?: string;
  'x-sunset'?: string;
  'x-successor'?: string;
  'x-brownouts'?: Brownout[];
}

export interface SpecLike {
  paths: Record<string, Record<string, unknown>>;
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

function operationsOf(version: string, spec: SpecLike): Array<{ method: string; path: string; operation: SpecOperation }> {
  return Object.entries(spec.paths).flatMap(([path, item]) =>
    METHODS.filter((method) => item[method]).map((method) => ({
      method: method.toUpperCase(),
      path: `/${version}${path}`,
      operation: item[method] as SpecOperation,
    })),
  );
}

/** Every deprecated operation of every version, soonest sunset first. `specs` maps `v1` → bundled spec. */
export function deprecationCatalogue(specs: Record<string, SpecLike>): DeprecatedOperation[] {
  const byOperationId = new Map<string, { apiVersion: string; method: string; path: string }>();
  for (const [version, spec] of Object.entries(specs)) {
    for (const { method, path, operation } of operationsOf(version, spec)) {
      if (operation.operationId && !operation.deprecated) byOperationId.set(operation.operationId, { apiVersion: version, method, path });
    }
  }
  const catalogue: DeprecatedOperation[] = [];
  for (const [version, spec] of Object.entries(specs)) {
    for (const { method, path, operation } of operationsOf(version, spec)) {
      if (!operation.deprecated) continue;
      const successorId = operation['x-successor'];
      const successor = successorId ? byOperationId.get(successorId) : undefined;
      if (!operation.operationId || !operation['x-sunset'] || !successorId || !successor) {
        throw new Error(`Deprecated operation ${method} ${path} needs x-sunset and an x-successor that exists (got ${successorId ?? 'none'})`);
      }
      catalogue.push({
        apiVersion: version,
        operationId: operation.operationId,
        method,
        path,
        deprecatedOn: operation['x-deprecated-on'] ?? operation['x-sunset'],
        sunset: operation['x-sunset'],
        brownouts: operation['x-brownouts'] ?? [],
        successor: { operationId: successorId, ...successor },
      });
    }
  }
  return catalogue.sort((a, b) => a.sunset.localeCompare(b.sunset) || a.path.localeCompare(b.path) || a.method.localeCompare(b.method));
}

/**
 * Where the docs site explains moving off a version's deprecated operations to their successors'
 * version (relative to the docs base URL): one guide per (deprecated version, successor version).
 */
export function migrationGuidePath(from: string, to: string): string {
  return `migration/${from}-to-${to}`;
}

export type Availability = { served: true } | { served: false; reason: 'sunset' } | { served: false; reason: 'brownout'; until: string };

/** The sunset date is the first day the operation is gone (00:00 UTC). */
export function availabilityAt(operation: DeprecatedOperation, now: Date): Availability {
  if (now.getTime() >= Date.parse(`${operation.sunset}T00:00:00Z`)) return { served: false, reason: 'sunset' };
  const window = operation.brownouts.find((b) => now.getTime() >= Date.parse(b.start) && now.getTime() < Date.parse(b.end));
  return window ? { served: false, reason: 'brownout', until: new Date(window.end).toISOString() } : { served: true };
}

export function daysUntil(day: string, now: Date): number {
  return Math.ceil((Date.parse(`${day}T00:00:00Z`) - now.getTime()) / 86_400_000);
}
