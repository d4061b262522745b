// The v2 spec's `webhooks` as a test oracle: what each event type's delivery must look like, its
// headers and its body, checked against the bundled spec (Ajv, JSON Schema 2020-12). Stricter than
// the response oracle (spec-oracle.ts): a delivery is the partner's only view of an event, so its
// body may carry no field the spec does not document (every object schema closed with
// `unevaluatedProperties: false`, as `redocly lint` checks the examples) and no value outside a
// known list (open enums closed, as the service sends only the values it knows).
import type { ValidateFunction } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { closeOpenEnums } from '../../scripts/lib/open-enums.js';
import { encodeToken, followRef } from '../../src/http/json-pointer.js';
import { loadBundledSpec } from '../../src/http/spec.js';

type Json = Record<string, any>;

export interface DocumentedHeader {
  name: string;
  required: boolean;
  /** Where its schema is in the bundled spec. */
  pointer: string;
}

/** `transaction.captured` → `TransactionCaptured` (the schema is that plus `Event`). */
export const pascalCaseOf = (eventType: string): string =>
  eventType
    .split(/[._]/)
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join('');

/** `transaction.captured` → `transactionCapturedWebhook`. */
export const webhookOperationIdOf = (eventType: string): string => {
  const pascal = pascalCaseOf(eventType);
  return `${pascal.charAt(0).toLowerCase()}${pascal.slice(1)}Webhook`;
};

/** The headers HTTP itself puts on a request, beside the ones the spec documents. */
export const HTTP_OWN_HEADERS = ['host', 'connection', 'content-type', 'content-length'];

/** Every object schema with `properties` and nothing said about others refuses undocumented fields. */
function closeObjects(schemas: Json): void {
  const seen = new Set<object>();
  const walk = (node: unknown): void => {
    if (!node || typeof node !== 'object' || seen.has(node)) return;
    seen.add(node);
    if (Array.isArray(node)) {
      for (const item of node) walk(item);
      return;
    }
    const schema = node as Json;
    if (schema.properties && !('additionalProperties' in schema) && !('unevaluatedProperties' in schema) && !schema.allOf) {
      schema.unevaluatedProperties = false;
    }
    for (const value of Object.values(schema)) walk(value);
  };
  walk(schemas);
}

export class WebhookOracle {
  readonly spec: Json;
  private readonly ajv: Ajv2020;
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor(spec: Json = loadBundledSpec('v2') as unknown as Json) {
    this.spec = spec;
    const strict = closeOpenEnums(spec);
    closeObjects(strict.components?.schemas ?? {});
    this.ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
    (addFormats as unknown as (ajv: Ajv2020) => void)(this.ajv);
    this.ajv.addSchema(strict, 'spec');
  }

  /** The event types the spec has a webhook for, in its order. */
  get eventTypes(): string[] {
    return Object.keys(this.spec.webhooks ?? {});
  }

  /** The webhook's operation (Evenpay POSTs every event). */
  operation(eventType: string): Json {
    const operation = (followRef(this.spec, this.spec.webhooks?.[eventType]) as Json | undefined)?.post as Json | undefined;
    if (!operation) throw new Error(`The spec documents no webhook for ${eventType}`);
    return operation;
  }

  /** Where the body schema of the event type's webhook is. */
  bodyPointer(eventType: string): string {
    return `/webhooks/${encodeToken(eventType)}/post/requestBody/content/application~1json/schema`;
  }

  /** The headers the webhook documents, each with where its schema is. */
  headers(eventType: string): DocumentedHeader[] {
    const parameters = (this.operation(eventType).parameters ?? []) as Json[];
    return parameters.map((parameter, i) => {
      const ref = parameter.$ref as string | undefined;
      const resolved = followRef(this.spec, parameter) as Json;
      if (resolved.in !== 'header') throw new Error(`${eventType}: parameter ${resolved.name} is not a header`);
      const at = ref ? ref.slice(1) : `/webhooks/${encodeToken(eventType)}/post/parameters/${i}`;
      return { name: String(resolved.name), required: resolved.required === true, pointer: `${at}/schema` };
    });
  }

  private validator(pointer: string): ValidateFunction {
    let fn = this.compiled.get(pointer);
    if (!fn) {
      fn = this.ajv.compile({ $ref: `spec#${pointer}` });
      this.compiled.set(pointer, fn);
    }
    return fn;
  }

  /** What is wrong with `body` as the event type's webhook body (empty: nothing). */
  bodyProblems(eventType: string, body: unknown): string[] {
    const validate = this.validator(this.bodyPointer(eventType));
    return validate(body) ? [] : (validate.errors ?? []).map((error) => `${error.instancePath || '/'} ${error.message ?? ''} ${JSON.stringify(error.params)}`);
  }

  /**
   * What is wrong with a delivery's headers (lower-cased, as node gives them) for the event type:
   * every documented one present and valid, and nothing else but HTTP's own.
   */
  headerProblems(eventType: string, headers: Record<string, string | string[] | undefined>): string[] {
    const documented = this.headers(eventType);
    const problems: string[] = [];
    const names = new Set(documented.map((header) => header.name.toLowerCase()));
    for (const name of Object.keys(headers)) {
      if (!names.has(name) && !HTTP_OWN_HEADERS.includes(name)) problems.push(`${name} is sent but not documented`);
    }
    for (const header of documented) {
      const raw = headers[header.name.toLowerCase()];
      if (raw === undefined) {
        if (header.required) problems.push(`${header.name} is documented as always sent but missing`);
        continue;
      }
      if (Array.isArray(raw)) {
        problems.push(`${header.name} is sent ${raw.length} times`);
        continue;
      }
      const schema = followRef(this.spec, pointerTarget(header.pointer)) as Json;
      const value = schema.type === 'integer' && /^-?[0-9]+$/.test(raw) ? Number(raw) : raw;
      const validate = this.validator(header.pointer);
      if (!validate(value)) problems.push(`${header.name}: ${JSON.stringify(raw)} ${this.ajv.errorsText(validate.errors)}`);
    }
    return problems;
  }
}

/** A `$ref` node to a JSON pointer into the spec (followRef resolves it). */
const pointerTarget = (pointer: string) => ({ $ref: `#${pointer}` });
