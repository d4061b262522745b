// The spec as the test oracle: every response a test receives is checked against the bundled
// spec of its version, independently of the service's own response validation: status
// documented for the operation, content type, body schema and the Request-Id header.
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { ValidateFunction } from 'ajv';
import { loadBundledSpec, operationMatcher, type MatchedOperation, type OpenApiDocument } from '../../src/http/spec.js';

export interface SpecMatch {
  version: string;
  operationId: string | undefined;
  status: number;
}

interface ResponseSpec {
  content?: Record<string, { schema?: unknown }>;
  headers?: Record<string, unknown>;
}

/** Problems the service may answer for requests that never reached an operation. */
const OUTSIDE_OPERATIONS = new Set([401, 404, 405, 413, 415]);

class VersionOracle {
  private readonly ajv: Ajv2020;
  private readonly compiled = new Map<string, ValidateFunction>();
  private readonly match: (method: string, path: string) => MatchedOperation | undefined;

  constructor(
    readonly version: string,
    private readonly spec: OpenApiDocument,
  ) {
    this.ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
    (addFormats as unknown as (ajv: Ajv2020) => void)(this.ajv);
    this.ajv.addSchema(spec as object, 'spec');
    // The service's own matcher: the oracle and the service cannot disagree on which operation a URL is.
    this.match = operationMatcher({ [version]: spec });
  }

  private validator(pointer: string): ValidateFunction {
    let fn = this.compiled.get(pointer);
    if (!fn) {
      fn = this.ajv.compile({ $ref: `spec#${pointer}` });
      this.compiled.set(pointer, fn);
    }
    return fn;
  }

  check(method: string, url: string, status: number, contentType: string | undefined, headers: Record<string, unknown>, body: unknown): SpecMatch {
    const path = url.split('?')[0]!;
    const route = this.match(method.toUpperCase(), path);
    const operation = route ? this.spec.paths[route.template]?.[route.method] : undefined;
    const escape = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1');
    const responses = (operation as { responses?: Record<string, ResponseSpec> } | undefined)?.responses;
    const documented = responses?.[String(status)] ?? (status >= 500 || status === 429 ? responses?.default : undefined);
    if (!headers['request-id']) throw new Error(`${method} ${url} → ${status}: no Request-Id header`);
    if (!documented) {
      if (!OUTSIDE_OPERATIONS.has(status) && !(status >= 400 && route === undefined)) {
        throw new Error(`${method} ${url} answered ${status}, which the spec does not document for ${operation?.operationId ?? 'any operation'}`);
      }
      this.expectValid('/components/schemas/Problem', body, `${method} ${url} → ${status}`);
      if (!contentType?.startsWith('application/problem+json')) throw new Error(`${method} ${url} → ${status}: content-type ${contentType}`);
      return { version: this.version, operationId: operation?.operationId, status };
    }
    const media = Object.keys(documented.content ?? {})[0];
    if (media) {
      if (!contentType?.startsWith(media)) throw new Error(`${method} ${url} → ${status}: content-type ${contentType}, spec says ${media}`);
      const key = responses?.[String(status)] ? String(status) : 'default';
      const pointer = `/paths/${escape(route!.template)}/${route!.method}/responses/${key}/content/${escape(media)}/schema`;
      this.expectValid(pointer, body, `${method} ${url} → ${status}`);
    }
    return { version: this.version, operationId: operation?.operationId, status };
  }

  private expectValid(pointer: string, body: unknown, what: string): void {
    const validate = this.validator(pointer);
    if (!validate(body)) {
      throw new Error(`${what} does not match the spec (${pointer}): ${this.ajv.errorsText(validate.errors)}\n${JSON.stringify(body, null, 2)}`);
    }
  }
}

const oracles = new Map<string, VersionOracle>();

export function oracleFor(version: string): VersionOracle {
  let oracle = oracles.get(version);
  if (!oracle) {
    oracle = new VersionOracle(version, loadBundledSpec(version));
    oracles.set(version, oracle);
  }
  return oracle;
}

/** Checks a response against the spec of the version its URL names; returns what it matched. */
export function assertConformsToSpec(method: string, url: string, res: { status: number; headers: Record<string, unknown>; body: unknown }): SpecMatch {
  const version = /^\/(v\d+)\//.exec(url)?.[1];
  if (!version) throw new Error(`Not a versioned API URL: ${url}`);
  return oracleFor(version).check(method, url, res.status, res.headers['content-type'] as string | undefined, res.headers, res.body);
}
