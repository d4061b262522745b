// The published spec as a partner's Postman sees it: openapi-to-postmanv2 converts a version's
// bundled spec into a collection, which is then arranged into a flow a partner would run (the
// converter's requests, in an order that makes sense, ids chained through collection variables,
// each Idempotency-Key unique per run) and run by newman against a live service. Every request's
// test script asserts that its status is one its operation documents. Hand-written because the
// converter has no notion of a flow: Portman's assignVariables/orderOfOperations would do the same
// with a config file of its own, on top of the same converter.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import newman, { type NewmanRunSummary } from 'newman';
import Converter from 'openapi-to-postmanv2';
import { repoRoot } from '../../scripts/lib/apis.js';

type Json = Record<string, any>;

export const CONVERT_OPTIONS = {
  // convertV2 reads parametersResolution (the legacy convert() would ignore it): request values
  // come from the spec's examples, never from placeholders such as "<integer>".
  parametersResolution: 'Example',
  folderStrategy: 'Tags',
  // Optional parameters arrive switched off; each step of a flow switches on the ones it sends.
  enableOptionalParameters: false,
  includeAuthInfoInExample: false,
  alwaysInheritAuthentication: true,
};

export function convert(spec: Json): Promise<Json> {
  return new Promise((resolve, reject) =>
    Converter.convertV2(
      { type: 'json', data: spec },
      CONVERT_OPTIONS,
      (error: Error | null, result: { result: boolean; reason?: string; output: Array<{ data: Json }> }) => {
        if (error) reject(error);
        else if (!result.result) reject(new Error(`conversion failed: ${result.reason}`));
        else resolve(result.output[0]!.data);
      },
    ),
  );
}

/**
 * One step: the operation to call; path variables; optional query parameters to send (null keeps
 * the spec's example); body fields merged over the spec's example; collection variables to save
 * from a 2xx answer (an expression on `json`); the statuses the flow needs (default any 2xx).
 */
interface Step {
  op: string;
  name?: string;
  from?: 'v2';
  path?: Record<string, string>;
  query?: Record<string, string | null>;
  body?: Json;
  save?: Record<string, string>;
  expect?: number[];
}

// The sandbox lets test merchants register localhost webhooks; port 9 refuses at once.
const LOOPBACK_HOOK = 'http://127.0.0.1:9/evenpay-hooks';

export const FLOWS: Record<string, Step[]> = {
  v2: [
    { op: 'getMerchant' },
    { op: 'listDeprecations' },
    { op: 'createPlanQuote' },
    { op: 'createCheckout', save: { checkoutId: 'json.id' } },
    { op: 'getCheckout', path: { checkoutId: '{{checkoutId}}' } },
    { op: 'listCheckouts', query: { limit: '2', starting_after: '{{checkoutId}}' } },
    { op: 'confirmSandboxCheckout', path: { checkoutId: '{{checkoutId}}' } },
    { op: 'createTransaction', body: { checkout_id: '{{checkoutId}}' }, save: { transactionId: 'json.id' } },
    { op: 'getTransaction', path: { transactionId: '{{transactionId}}' }, query: { expand: null } },
    { op: 'updateTransaction', path: { transactionId: '{{transactionId}}' } },
    { op: 'captureTransaction', path: { transactionId: '{{transactionId}}' } },
    { op: 'refundTransaction', path: { transactionId: '{{transactionId}}' } },
    { op: 'getTransactionSchedule', path: { transactionId: '{{transactionId}}' } },
    { op: 'listTransactions', query: { limit: '5', status: 'partially_refunded', 'created[gte]': null } },
    { op: 'voidTransaction', name: 'void after capture', path: { transactionId: '{{transactionId}}' }, expect: [422] },
    // A void needs a transaction of its own, a cancel an open checkout.
    { op: 'createCheckout', name: 'checkout to void', save: { voidCheckoutId: 'json.id' } },
    { op: 'confirmSandboxCheckout', path: { checkoutId: '{{voidCheckoutId}}' } },
    { op: 'createTransaction', body: { checkout_id: '{{voidCheckoutId}}' }, save: { voidTransactionId: 'json.id' } },
    { op: 'voidTransaction', path: { transactionId: '{{voidTransactionId}}' } },
    { op: 'createCheckout', name: 'checkout to cancel', save: { cancelCheckoutId: 'json.id' } },
    { op: 'cancelSandboxCheckout', path: { checkoutId: '{{cancelCheckoutId}}' } },
    { op: 'createWebhookEndpoint', body: { url: LOOPBACK_HOOK }, save: { webhookEndpointId: 'json.id' } },
    { op: 'listWebhookEndpoints', query: { limit: '5' } },
    { op: 'rotateWebhookEndpointSecret', path: { webhookEndpointId: '{{webhookEndpointId}}' } },
    { op: 'enableWebhookEndpoint', path: { webhookEndpointId: '{{webhookEndpointId}}' } },
    { op: 'listEvents', query: { limit: '5' }, save: { eventId: 'json.data[0].id' } },
    { op: 'getEvent', path: { eventId: '{{eventId}}' } },
    { op: 'redeliverEvent', path: { eventId: '{{eventId}}' }, body: { webhook_endpoint_id: '{{webhookEndpointId}}' } },
    { op: 'listWebhookDeliveries', path: { webhookEndpointId: '{{webhookEndpointId}}' }, query: { limit: '5' } },
    { op: 'deleteWebhookEndpoint', path: { webhookEndpointId: '{{webhookEndpointId}}' } },
  ],
  v1: [
    // v1 has no checkouts: the confirmed checkouts it charges come from v2.
    { from: 'v2', op: 'createCheckout', save: { checkoutId: 'json.id' } },
    { from: 'v2', op: 'confirmSandboxCheckout', path: { checkoutId: '{{checkoutId}}' } },
    { from: 'v2', op: 'createCheckout', save: { voidCheckoutId: 'json.id' } },
    { from: 'v2', op: 'confirmSandboxCheckout', path: { checkoutId: '{{voidCheckoutId}}' } },
    { op: 'getAccount' },
    { op: 'createCharge', body: { checkout_token: '{{checkoutId}}' }, save: { chargeId: 'json.charge_id' } },
    { op: 'getCharge', path: { chargeId: '{{chargeId}}' } },
    { op: 'updateCharge', path: { chargeId: '{{chargeId}}' } },
    { op: 'captureCharge', path: { chargeId: '{{chargeId}}' } },
    { op: 'refundCharge', path: { chargeId: '{{chargeId}}' } },
    { op: 'createCharge', body: { checkout_token: '{{voidCheckoutId}}' }, save: { voidChargeId: 'json.charge_id' } },
    { op: 'voidCharge', path: { chargeId: '{{voidChargeId}}' } },
  ],
};

interface Operation {
  method: string;
  template: string;
  documented: number[];
}

function operationsOf(spec: Json): Record<string, Operation> {
  const operations: Record<string, Operation> = {};
  for (const [template, item] of Object.entries(spec.paths as Json)) {
    for (const method of ['get', 'put', 'post', 'delete', 'patch']) {
      const operation = (item as Json)[method];
      if (!operation) continue;
      // `default` is the unexpected 500, which a run must never meet.
      const documented = Object.keys(operation.responses)
        .filter((status) => /^\d{3}$/.test(status))
        .map(Number);
      operations[operation.operationId] = { method: method.toUpperCase(), template, documented };
    }
  }
  return operations;
}

/** The converted requests by "METHOD /template" (Postman writes `{id}` as `:id`). */
function requestsOf(collection: Json): Record<string, Json> {
  const found: Record<string, Json> = {};
  const walk = (items: Json[]): void => {
    for (const item of items) {
      if (item.item) walk(item.item);
      else found[`${item.request.method} /${(item.request.url.path as string[]).map((s) => s.replace(/^:(.+)$/, '{$1}')).join('/')}`] = item;
    }
  };
  walk(collection.item);
  return found;
}

function testScript(step: Step, operation: Operation): string[] {
  const saves = Object.entries(step.save ?? {}).map(([name, expression]) => `  pm.collectionVariables.set(${JSON.stringify(name)}, ${expression});`);
  return [
    `const documented = ${JSON.stringify(operation.documented)};`,
    `pm.test(\`${step.op}: status \${pm.response.code} is documented\`, () => {`,
    `  pm.expect(documented).to.include(pm.response.code);`,
    `});`,
    ...(saves.length ? ['if (pm.response.code >= 200 && pm.response.code < 300) {', '  const json = pm.response.json();', ...saves, '}'] : []),
  ];
}

export interface Flow {
  collection: Json;
  /** The statuses each step (by item name) needs. */
  expected: Record<string, (status: number) => boolean>;
}

export function buildFlow(version: string, converted: Record<string, Json>, specs: Record<string, Json>): Flow {
  const expected: Flow['expected'] = {};
  const items = FLOWS[version]!.map((step, i) => {
    const source = step.from ?? version;
    const operation = operationsOf(specs[source]!)[step.op];
    if (!operation) throw new Error(`${version}: no operation ${step.op}`);
    const original = requestsOf(converted[source]!)[`${operation.method} ${operation.template}`];
    if (!original) throw new Error(`${version}: the converter made no request for ${operation.method} ${operation.template}`);
    const request = structuredClone(original.request);
    // The spec's per-operation Idempotency-Key example would replay a repeated step: one per run.
    for (const header of request.header ?? [])
      if (header.key.toLowerCase() === 'idempotency-key') Object.assign(header, { disabled: false, value: '{{$guid}}' });
    for (const variable of request.url.variable ?? []) if (step.path?.[variable.key] !== undefined) variable.value = step.path[variable.key];
    for (const query of request.url.query ?? []) {
      const wanted = step.query !== undefined && Object.hasOwn(step.query, query.key);
      query.disabled = !wanted;
      if (wanted && step.query![query.key] !== null) query.value = step.query![query.key];
    }
    if (step.body) {
      const base = request.body?.raw ? JSON.parse(request.body.raw) : {};
      request.body = { mode: 'raw', raw: JSON.stringify({ ...base, ...step.body }), options: { raw: { language: 'json' } } };
    }
    if (step.from) {
      request.url.host = [`{{${step.from}BaseUrl}}`];
      request.auth = { type: 'bearer', bearer: [{ key: 'token', value: '{{bearerToken}}', type: 'string' }] };
    }
    const name = `${String(i + 1).padStart(2, '0')} ${step.from ? `[${step.from}] ` : ''}${step.op}${step.name ? ` (${step.name})` : ''}`;
    expected[name] = step.expect ? (status) => step.expect!.includes(status) : (status) => status >= 200 && status < 300;
    return { name, request, event: [{ listen: 'test', script: { type: 'text/javascript', exec: testScript(step, operation) } }] };
  });
  const collection = converted[version]!;
  return {
    collection: {
      info: { ...collection.info, name: `${collection.info.name} (${version} flow)` },
      auth: collection.auth,
      variable: collection.variable,
      item: items,
    },
    expected,
  };
}

export interface Exchange {
  name: string;
  method: string;
  url: string;
  status: number;
  headers: Record<string, string>;
  body: unknown;
  /** Failed test-script assertions and request errors. */
  failures: string[];
}

function exchangesOf(summary: NewmanRunSummary): Exchange[] {
  return summary.run.executions.map((execution) => {
    const response = execution.response as unknown as { code: number; stream?: Buffer; headers: { all(): Array<{ key: string; value: string }> } } | undefined;
    const text = response?.stream?.toString() ?? '';
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // not JSON: kept as text
    }
    const request = execution.request as unknown as { method: string; url: { getPathWithQuery(): string } };
    return {
      name: execution.item.name ?? '',
      method: request.method,
      url: request.url.getPathWithQuery(),
      status: response?.code ?? 0,
      headers: Object.fromEntries((response?.headers.all() ?? []).map((header) => [header.key.toLowerCase(), header.value])),
      body,
      failures: [
        ...((execution as unknown as { requestError?: Error }).requestError ? [(execution as unknown as { requestError: Error }).requestError.message] : []),
        ...(execution.assertions ?? []).filter((assertion) => assertion.error).map((assertion) => assertion.error!.message),
      ],
    };
  });
}

/** Converts the version's bundled spec, arranges its flow and runs it with newman against `baseUrl` (no /vN). */
export async function runPostmanFlow(options: {
  version: string;
  baseUrl: string;
  secretKey: string;
  publishableKey: string;
}): Promise<{ exchanges: Exchange[]; flow: Flow }> {
  const specs: Record<string, Json> = {};
  const converted: Record<string, Json> = {};
  for (const version of new Set([options.version, 'v2'])) {
    specs[version] = JSON.parse(readFileSync(path.join(repoRoot, 'generated', version, 'openapi.json'), 'utf8')) as Json;
    converted[version] = await convert(specs[version]!);
  }
  const flow = buildFlow(options.version, converted, specs);
  const envVar = [
    { key: 'baseUrl', value: `${options.baseUrl}/${options.version}` },
    { key: 'v2BaseUrl', value: `${options.baseUrl}/v2` },
    { key: 'bearerToken', value: options.secretKey },
    { key: 'basicAuthUsername', value: options.publishableKey },
    { key: 'basicAuthPassword', value: options.secretKey },
  ];
  const summary = await new Promise<NewmanRunSummary>((resolve, reject) =>
    newman.run({ collection: flow.collection as never, envVar, reporters: [], timeoutRequest: 10_000 }, (error, result) =>
      error ? reject(error) : resolve(result),
    ),
  );
  return { exchanges: exchangesOf(summary), flow };
}
