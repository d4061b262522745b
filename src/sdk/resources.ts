// Resource methods (`evenpay.transactions.capture(id, { amount }, { idempotencyKey })`) built from
// the table codegen writes per version (generated/<version>/resources.ts). Each method calls the
// openapi-fetch client with the operation's path template, so retries, idempotency keys, typed
// errors and deprecation warnings are the same as on the path-template API; it returns the
// resource itself, or for an answer of bytes (a dispute document) a Blob of them (an error answer
// has already been thrown as an EvenpayError). A list method's
// answer is the first page and, iterated with `for await`, every item of every page.
import type { Client } from 'openapi-fetch';
import { itemsFrom, type Page } from './pages.js';

interface MethodSpec {
  readonly name: string;
  readonly method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  readonly path: string;
  readonly pathParams: readonly string[];
  readonly input: 'body' | 'query' | null;
  readonly list: boolean;
  /** `blob` for an answer of bytes (a dispute document), read as a Blob by openapi-fetch. */
  readonly parseAs: 'json' | 'blob';
}

interface Options {
  idempotencyKey?: string;
  merchant?: string;
  signal?: AbortSignal;
}

type Init = {
  params: { path: Record<string, string>; query?: Record<string, unknown>; header: Record<string, string> };
  body?: unknown;
  signal?: AbortSignal;
  parseAs: MethodSpec['parseAs'];
};
type Call = (path: string, init: Init) => Promise<{ data?: unknown }>;

function callerOf(client: Client<never>, method: MethodSpec['method']): Call {
  const verbs = client as unknown as Record<string, Call>;
  const call = verbs[method.toUpperCase()];
  if (!call) throw new Error(`the client has no ${method.toUpperCase()}`);
  return call;
}

function headersOf(options: Options): Record<string, string> {
  const header: Record<string, string> = {};
  if (options.idempotencyKey !== undefined) header['Idempotency-Key'] = options.idempotencyKey;
  if (options.merchant !== undefined) header['Evenpay-Merchant'] = options.merchant;
  return header;
}

function method(client: Client<never>, spec: MethodSpec): (...args: unknown[]) => unknown {
  const call = callerOf(client, spec.method);
  const request = (args: unknown[], query?: Record<string, unknown>) => {
    const path = Object.fromEntries(spec.pathParams.map((name, i) => [name, String(args[i])]));
    const input = spec.input ? args[spec.pathParams.length] : undefined;
    const options = (args[spec.pathParams.length + (spec.input ? 1 : 0)] ?? {}) as Options;
    const init: Init = { params: { path, header: headersOf(options) }, parseAs: spec.parseAs };
    if (spec.input === 'query' || query) {
      init.params.query = { ...(input as Record<string, unknown> | undefined), ...query };
      // Paging on walks forward from the last item: a cursor the first call went backwards from no longer applies.
      if (query) delete init.params.query.ending_before;
    }
    if (spec.input === 'body' && input !== undefined) init.body = input;
    if (options.signal) init.signal = options.signal;
    return call(spec.path, init).then((result) => result.data);
  };
  if (!spec.list) return (...args) => request(args);
  return (...args) => {
    const first = request(args) as Promise<Page>;
    // A failed first page is the caller's to handle (await or iterate); never an unhandled rejection.
    first.catch(() => undefined);
    return Object.assign(first, {
      [Symbol.asyncIterator]: () => itemsFrom(first, (startingAfter) => request(args, { starting_after: startingAfter }) as Promise<Page>),
    });
  };
}

/** The resource tree (`transactions.capture`, `sandbox.checkouts.confirm`…) over `client`. */
export function buildResources<Resources>(client: Client<never>, table: readonly MethodSpec[]): Resources {
  const root: Record<string, unknown> = {};
  for (const spec of table) {
    const parts = spec.name.split('.');
    let node = root;
    for (const part of parts.slice(0, -1)) {
      node[part] ??= {};
      node = node[part] as Record<string, unknown>;
    }
    node[parts.at(-1)!] = method(client, spec);
  }
  return root as Resources;
}
