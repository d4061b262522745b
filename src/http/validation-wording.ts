// The validator's findings, reworded into what a partner should change: the field (a JSON
// pointer into the body, or the parameter's name), what it must be, and what was sent ("must be
// an integer number of minor units (cents for USD: $400.00 is 40000); got the string "400.00"").
// An unknown field gets the closest known one as a suggestion. express-openapi-validator still
// decides what is valid; this only says it in plain words, from the same bundled spec.
import { closest, distance } from 'fastest-levenshtein';
import type { FieldError } from '../kernel/errors.js';
import { decodeToken, pointerGet } from './json-pointer.js';
import { bodySchemaAt, knownProperties, type ParameterObject, parametersOf, type Schema } from './schema-walk.js';
import type { MatchedOperation, OpenApiDocument } from './spec.js';

/** One finding as express-openapi-validator reports it (`errorCode` is `<ajv keyword>.openapi.validation`). */
export interface ValidatorFinding {
  path?: string;
  message?: string;
  errorCode?: string;
}

export interface RequestParts {
  body: unknown;
  query: Record<string, unknown>;
  headers: Record<string, unknown>;
  params: Record<string, unknown>;
}

/** What a value of a named component means, where its JSON type alone says too little. */
const MEANINGS: Record<string, string> = {
  AmountMinor: 'an integer number of minor units (cents for USD: $400.00 is 40000)',
  AprBps: 'an integer number of basis points (1500 is 15.00 %)',
};

const FORMATS: Record<string, string> = {
  date: 'a calendar date written YYYY-MM-DD (2026-12-01)',
  'date-time': 'a date and time in RFC 3339 form (2026-12-01T09:30:00Z)',
  uri: 'an absolute URL (https://…)',
  email: 'an email address',
  int64: 'an integer',
};

const TYPES: Record<string, string> = {
  integer: 'an integer',
  number: 'a number',
  string: 'a string',
  boolean: 'true or false',
  object: 'a JSON object ({…})',
  array: 'a JSON array ([…])',
  null: 'null',
};

const MAX_SHOWN = 60;

/** A value as a sentence names it: `the string "400.00"`, `the number 400.5`, `true`, `an object`. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return `an array of ${value.length}`;
  switch (typeof value) {
    case 'string': {
      const shown = value.length > MAX_SHOWN ? `${value.slice(0, MAX_SHOWN)}…` : value;
      return `the string ${JSON.stringify(shown)}`;
    }
    case 'number':
      return `the number ${value}`;
    case 'boolean':
      return String(value);
    case 'object':
      return 'an object';
    default:
      return 'nothing';
  }
}

function typesOf(schema: Schema): string[] {
  const type = schema.type;
  return Array.isArray(type) ? type.map(String) : typeof type === 'string' ? [type] : [];
}

/** What a value of this schema must be, in words. */
function expected(schema: Schema, names: string[]): string {
  const types = typesOf(schema);
  const meaning = [...names]
    .reverse()
    .map((name) => MEANINGS[name])
    .find(Boolean);
  const main = types.filter((t) => t !== 'null');
  const words = meaning && main.length === 1 && main[0] === 'integer' ? meaning : main.map((t) => TYPES[t] ?? t).join(' or ') || 'a valid value';
  return types.includes('null') ? `${words}, or null` : words;
}

/** The closest known name, when it is close enough to be what was meant (a typo, another casing, camelCase for snake_case). */
export function suggestion(given: string, known: string[]): string | undefined {
  if (!known.length) return undefined;
  const squash = (s: string) => s.replace(/[-_]/g, '').toLowerCase();
  const sameLetters = known.find((name) => squash(name) === squash(given));
  if (sameLetters) return sameLetters;
  const best = closest(given, known);
  return distance(given, best) <= Math.max(2, Math.floor(best.length / 3)) ? best : undefined;
}

function bound(message: string): string | undefined {
  return /(-?\d+(?:\.\d+)?)\s*(?:characters|items|properties)?$/.exec(message)?.[1];
}

/** The sentence for one finding, given the schema it broke and the value that broke it. */
function sentence(keyword: string, message: string, schema: Schema | undefined, names: string[], value: unknown, present: boolean): string {
  const got = present ? `; got ${describeValue(value)}` : '';
  const n = bound(message);
  switch (keyword) {
    case 'type':
      return `must be ${schema ? expected(schema, names) : message.replace(/^must be /, '')}${got}`;
    case 'required':
      return 'is required';
    case 'enum': {
      const values = schema?.enum as unknown[] | undefined;
      return values?.length ? `must be one of ${values.map((v) => JSON.stringify(v)).join(', ')}${got}` : `${message}${got}`;
    }
    case 'const':
      return `must be ${JSON.stringify(schema?.const)}${got}`;
    case 'minimum':
      return `must be at least ${n}${got}`;
    case 'maximum':
      return `must be at most ${n}${got}`;
    case 'exclusiveMinimum':
      return `must be more than ${n}${got}`;
    case 'exclusiveMaximum':
      return `must be less than ${n}${got}`;
    case 'minLength':
      return `must be at least ${n} characters long${present && typeof value === 'string' ? `; got ${value.length}` : ''}`;
    case 'maxLength':
      return `must be at most ${n} characters long${present && typeof value === 'string' ? `; got ${value.length}` : ''}`;
    case 'minItems':
      return `must have at least ${n} items${Array.isArray(value) ? `; got ${value.length}` : ''}`;
    case 'maxItems':
      return `must have at most ${n} items${Array.isArray(value) ? `; got ${value.length}` : ''}`;
    case 'minProperties':
      return `must have at least ${n} keys`;
    case 'maxProperties':
      return `must have at most ${n} keys`;
    case 'pattern':
      return `must match the pattern ${String(schema?.pattern ?? message.replace(/^must match pattern /, ''))}${got}`;
    case 'format': {
      const format = /format "([^"]+)"/.exec(message)?.[1] ?? String(schema?.format ?? '');
      return `must be ${FORMATS[format] ?? `in the format ${format}`}${got}`;
    }
    case 'multipleOf':
      return `must be a multiple of ${n}${got}`;
    case 'uniqueItems':
      return 'must not list the same item twice';
    default:
      return message;
  }
}

function keywordOf(finding: ValidatorFinding): string {
  const keyword = (finding.errorCode ?? '').replace(/\.openapi\.validation$/, '');
  // The validator checks date and date-time strings with a keyword of its own (serDes).
  return keyword === 'x-eov-type' ? 'type' : keyword;
}

/** How to write a deepObject parameter (`created[gte]=…`), from its schema. */
function deepObjectHowTo(parameter: ParameterObject): string {
  const keys = Object.keys((parameter.schema.properties as Schema | undefined) ?? {});
  const first = keys.includes('gte') ? 'gte' : (keys[0] ?? 'key');
  const example = (parameter.schema.properties as Record<string, Schema> | undefined)?.[first]?.format === 'date-time' ? '2026-11-01T00:00:00Z' : '…';
  return `must be written as ${parameter.name}[${first}]=${example}, one ${parameter.name}[…]=… per bound (${keys.join(', ')}); ${parameter.name}=… alone is not understood`;
}

function bodyFinding(spec: OpenApiDocument, route: MatchedOperation, request: RequestParts, finding: ValidatorFinding, segments: string[]): FieldError {
  const keyword = keywordOf(finding);
  const message = finding.message ?? 'is invalid';
  // The body as a whole has always been `/` here (documented on ProblemFieldError.pointer).
  const pointer = segments.length ? `/${segments.join('/')}` : '/';
  if (keyword === 'additionalProperties' || keyword === 'unevaluatedProperties') {
    const parent = bodySchemaAt(spec, route.template, route.method, segments.length > 1 ? `/${segments.slice(0, -1).join('/')}` : '');
    const known = parent ? knownProperties(spec, parent.schema) : [];
    const given = decodeToken(segments.at(-1) ?? '');
    const close = suggestion(given, known);
    const where = segments.length > 1 ? 'this object' : 'this request';
    const hint = close ? `; did you mean "${close}"?` : known.length ? ` (its fields are ${known.join(', ')})` : '';
    return { pointer, detail: `is not a field of ${where}${hint}` };
  }
  const found = bodySchemaAt(spec, route.template, route.method, segments.length ? `/${segments.join('/')}` : '');
  const value = pointerGet(request.body, pointer === '/' ? '' : pointer);
  const present =
    keyword !== 'required' &&
    (segments.length === 0 || value !== undefined || pointerGet(request.body, `/${segments.slice(0, -1).join('/')}`.replace(/\/$/, '')) !== undefined);
  if (segments.length === 0 && keyword === 'type')
    return { pointer, detail: `must be ${found ? expected(found.schema, found.names) : 'a JSON object'}; got ${describeValue(value)}` };
  return { pointer, detail: sentence(keyword, message, found?.schema, found?.names ?? [], value, present) };
}

function parameterFinding(
  spec: OpenApiDocument,
  route: MatchedOperation,
  request: RequestParts,
  finding: ValidatorFinding,
  where: string,
  rest: string[],
): FieldError {
  const keyword = keywordOf(finding);
  const message = finding.message ?? 'is invalid';
  const location = where === 'headers' ? 'header' : where === 'params' ? 'path' : where;
  const parameters = parametersOf(spec, route.template, route.method).filter((p) => p.in === location);
  const rawName = rest[0] ?? '';
  const parameter = parameters.find((p) => p.name.toLowerCase() === rawName.toLowerCase());
  const name = parameter?.name ?? rawName;
  if (!parameter && location === 'query') {
    const deep = parameters.find((p) => p.style === 'deepObject' && rawName.startsWith(p.name));
    if (deep) return { parameter: rawName, detail: `is not a parameter; ${deepObjectHowTo(deep)}` };
    const close = suggestion(
      rawName,
      parameters.map((p) => p.name),
    );
    const known = parameters.map((p) => p.name);
    return {
      parameter: rawName,
      detail: `is not a parameter of this operation${close ? `; did you mean "${close}"?` : known.length ? ` (it takes ${known.join(', ')})` : ' (it takes none)'}`,
    };
  }
  if (!parameter) return { parameter: name, detail: message };
  const source = where === 'headers' ? request.headers : where === 'params' ? request.params : request.query;
  const raw = source[where === 'headers' ? name.toLowerCase() : name];
  if (parameter.style === 'deepObject' && (keyword === 'type' || rest.length === 1) && typeof raw !== 'object') {
    return { parameter: name, detail: deepObjectHowTo(parameter) };
  }
  if (rest.length > 1 && /^\d+$/.test(rest[1]!) && parameter.schema.type === 'array') {
    // One value of an array parameter (`expand=checkout,bogus`): judged by the array's items.
    const items = (parameter.schema.items ?? {}) as Schema;
    const value = Array.isArray(raw) ? raw[Number(rest[1])] : undefined;
    return { parameter: name, detail: `each value ${sentence(keyword, message, items, [], value, value !== undefined)}` };
  }
  if (rest.length > 1) {
    const key = rest.slice(1).join('.');
    const property = (parameter.schema.properties as Record<string, Schema> | undefined)?.[key];
    const value = (raw as Record<string, unknown> | undefined)?.[key];
    if (keyword === 'additionalProperties') {
      const known = Object.keys((parameter.schema.properties as Schema | undefined) ?? {});
      return { parameter: `${name}[${key}]`, detail: `is not understood; ${name} takes ${known.map((k) => `${name}[${k}]`).join(', ')}` };
    }
    return { parameter: `${name}[${key}]`, detail: sentence(keyword, message, property, [], value, value !== undefined) };
  }
  if (keyword === 'required') return { parameter: name, detail: 'is required' };
  return { parameter: name, detail: sentence(keyword, message, parameter.schema, parameter.names, raw, raw !== undefined) };
}

/** The validator's findings as field errors a partner can act on. */
export function wordFindings(spec: OpenApiDocument, route: MatchedOperation | undefined, request: RequestParts, findings: ValidatorFinding[]): FieldError[] {
  const errors: FieldError[] = [];
  const seen = new Set<string>();
  for (const finding of findings) {
    const [, where = '', ...rest] = (finding.path ?? '').split('/');
    let error: FieldError;
    if (!route) error = { detail: finding.message ?? 'is invalid' };
    else if (where === 'body')
      error = bodyFinding(
        spec,
        route,
        request,
        finding,
        rest.filter((s, i) => s !== '' || i < rest.length - 1),
      );
    else if (where === 'query' || where === 'headers' || where === 'params' || where === 'path')
      error = parameterFinding(spec, route, request, finding, where === 'path' ? 'params' : where, rest);
    else error = { detail: finding.message ?? 'is invalid' };
    const key = `${error.pointer ?? ''}|${error.parameter ?? ''}|${error.detail}`;
    // anyOf/oneOf branches can repeat one finding; say each once.
    if (!seen.has(key)) errors.push(error);
    seen.add(key);
  }
  return errors;
}
