// The spec as the test oracle: every response a test receives is checked against the bundled
// spec of its version, independently of the service's own response validation: status
// documented for the operation, content type, body schema and the Request-Id header.

import type { ValidateFunction } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { closeOpenEnums } from '../../scripts/lib/open-enums.js';
import { encodeToken, followRef } from '../../src/http/json-pointer.js';
import { loadBundledSpec, type MatchedOperation, type OpenApiDocument, operationMatcher } from '../../src/http/spec.js';

export interface SpecMatch {
  version: string;
  operationId: string | undefined;
  status: number;
  /** The problem's `code`, for an error response. */
  code?: string;
}

interface ResponseSpec {
  content?: Record<string, { schema?: unknown; examples?: Record<string, unknown> }>;
  headers?: Record<string, unknown>;
}

/** The `code`s a documented problem response lists in its examples (an operation documents only the codes it can return). */
export function documentedCodes(spec: OpenApiDocument, response: ResponseSpec): string[] {
  const content = (followRef(spec, response) as ResponseSpec | undefined)?.content;
  const examples = content?.['application/problem+json']?.examples ?? {};
  return Object.values(examples).map((example) => String((followRef(spec, example) as { value?: { code?: unknown } } | undefined)?.value?.code));
}

/** The headers the service itself sets (not HTTP's own, nor helmet's): each one an answer carries must be declared on it. */
const API_HEADERS = [
  'request-id',
  'ratelimit-limit',
  'ratelimit-remaining',
  'ratelimit-reset',
  'retry-after',
  'idempotent-replayed',
  'location',
  'www-authenticate',
  'deprecation',
  'sunset',
  'link',
  'content-disposition',
];

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
    // Open enums closed to their known values: a client must take any string, but this service
    // sends only the values it knows, so a misspelt status cannot hide behind the catch-all.
    this.ajv.addSchema(closeOpenEnums(spec as object), 'spec');
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
    const responses = (operation as { responses?: Record<string, ResponseSpec> } | undefined)?.responses;
    // `default` is the unexpected 500; every other status must be declared on the operation itself.
    const documented = responses?.[String(status)] ?? (status === 500 ? responses?.default : undefined);
    if (!headers['request-id']) throw new Error(`${method} ${url} → ${status}: no Request-Id header`);
    if (!documented) {
      if (!OUTSIDE_OPERATIONS.has(status) && !(status >= 400 && route === undefined)) {
        throw new Error(`${method} ${url} answered ${status}, which the spec does not document for ${operation?.operationId ?? 'any operation'}`);
      }
      this.expectValid('/components/schemas/Problem', body, `${method} ${url} → ${status}`);
      if (!contentType?.startsWith('application/problem+json')) throw new Error(`${method} ${url} → ${status}: content-type ${contentType}`);
      return { version: this.version, operationId: operation?.operationId, status };
    }
    const response = followRef(this.spec, documented) as ResponseSpec;
    // An answer in one of several media types (content negotiation: a report as JSON or CSV) is
    // checked against the one it came in.
    const medias = Object.keys(response.content ?? {});
    const media = medias.find((type) => contentType?.startsWith(type)) ?? medias[0];
    const code = media === 'application/problem+json' ? (body as { code?: string } | undefined)?.code : undefined;
    const declared = new Set(Object.keys(response.headers ?? {}).map((name) => name.toLowerCase()));
    const undeclared = API_HEADERS.filter((name) => headers[name] !== undefined && !declared.has(name));
    if (undeclared.length)
      throw new Error(`${method} ${url} → ${status} sent ${undeclared.join(', ')}, which the spec does not declare on ${operation?.operationId} ${status}`);
    if (code !== undefined) {
      const codes = documentedCodes(this.spec, documented);
      if (!codes.includes(code)) {
        throw new Error(
          `${method} ${url} answered ${status} ${code}, which the spec does not list for ${operation?.operationId} ${status} (it lists ${codes.join(', ') || 'no codes'})`,
        );
      }
    }
    if (media) {
      if (!contentType?.startsWith(media)) throw new Error(`${method} ${url} → ${status}: content-type ${contentType}, spec says ${media}`);
      const key = responses?.[String(status)] ? String(status) : 'default';
      // Where the response is written: on the operation, or the shared response it refers to.
      const ref = (documented as { $ref?: string }).$ref;
      const at = ref ? ref.slice(1) : `/paths/${encodeToken(route!.template)}/${route!.method}/responses/${key}`;
      const pointer = `${at}/content/${encodeToken(media)}/schema`;
      this.expectValid(pointer, body, `${method} ${url} → ${status}`);
    }
    return { version: this.version, operationId: operation?.operationId, status, ...(code !== undefined ? { code } : {}) };
  }

  private expectValid(pointer: string, body: unknown, what: string): void {
    const validate = this.validator(pointer);
    if (!validate(body)) {
      throw new Error(`${what} does not match the spec (${pointer}): ${this.ajv.errorsText(validate.errors)}\n${JSON.stringify(body, null, 2)}`);
    }
  }
}

const oracles = new Map<string, VersionOracle>();

/** An oracle for a spec other than the bundled one (a fixture), to check responses against it. */
export function oracleOfSpec(version: string, spec: OpenApiDocument): VersionOracle {
  return new VersionOracle(version, spec);
}

export function oracleFor(version: string): VersionOracle {
  let oracle = oracles.get(version);
  if (!oracle) {
    oracle = new VersionOracle(version, loadBundledSpec(version));
    oracles.set(version, oracle);
  }
  return oracle;
}

/** Checks a response against the spec of the version its URL names; returns what it matched. */
export function assertConformsToSpec(
  method: string,
  url: string,
  res: { status: number; headers: Record<string, unknown>; body: unknown; text?: string },
): SpecMatch {
  const version = /^\/(v\d+)\//.exec(url)?.[1];
  if (!version) throw new Error(`Not a versioned API URL: ${url}`);
  const contentType = res.headers['content-type'] as string | undefined;
  // A text answer (CSV) is checked as the text it is; supertest parses only JSON into `body`. A
  // binary one (a PDF), which supertest reads into a Buffer, as a string of one character per
  // byte: its schema (`type: string`, `maxLength` in bytes) holds for it as for its bytes.
  const body = contentType?.startsWith('text/') ? res.text : Buffer.isBuffer(res.body) ? res.body.toString('latin1') : res.body;
  return oracleFor(version).check(method, url, res.status, contentType, res.headers, body);
}
