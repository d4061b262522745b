// The v2 spec documents every webhook Evenpay sends, truthfully: one entry per event type the
// service records (KnownEventType) and no other, each named after its type, its body an `Event`
// narrowed to that type (the envelope exactly Event's), with an example its schema accepts; and a
// real delivery, by the app's own dispatcher on a scratch SQLite database, carries exactly the
// documented headers and a body its webhook's schema accepts (helpers/webhook-spec.ts).
// test/contract/v2/webhook-payloads.test.ts does the same for a real delivery of every event type.

import supertest from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { webhooks } from '../../generated/v2/schema.js';
import type { EvenpayApp } from '../../src/app.js';
import { followRef } from '../../src/http/json-pointer.js';
import { fixedClock } from '../../src/kernel/clock.js';
import { checkoutBody } from '../factories/checkouts.js';
import { makeMerchant } from '../factories/merchants.js';
import { startTestApp } from '../helpers/app.js';
import { type FreshDatabase, freshDatabase } from '../helpers/fresh-database.js';
import { HTTP_OWN_HEADERS, pascalCaseOf, WebhookOracle, webhookOperationIdOf } from '../helpers/webhook-spec.js';
import { ok, WebhookReceiver } from '../helpers/webhooks.js';

type Json = Record<string, any>;

/** What any webhook delivers: the union of the webhooks' bodies, one member per event type. */
type WebhookEvent = webhooks[keyof webhooks]['post']['requestBody']['content']['application/json'];

/**
 * Compile-time proof (`npx tsc -p .` checks this file) that the generated types make a union
 * discriminated on `type`: it narrows `data.object` to that type's object, and only captures and
 * refunds have `data.amount`.
 */
function summaryOf(event: WebhookEvent): string {
  switch (event.type) {
    case 'transaction.captured':
    case 'transaction.refunded':
      return `${event.data.amount} of ${event.data.object.captured_amount} ${event.data.object.currency}`;
    case 'checkout.confirmed':
      return `${event.data.object.plan_id} ${event.data.object.total_amount}`;
    case 'api_key.rolled':
      return `${event.data.object.hint} → ${event.data.object.rolled_to}`;
    case 'merchant.updated':
      return `${event.data.object.name} ${event.data.object.status}`;
    case 'webhook_endpoint.disabled':
      return event.data.object.url;
    default:
      // @ts-expect-error only captures and refunds carry an amount
      return `${event.type} ${event.data.object.id} ${event.data.amount}`;
  }
}

const oracle = new WebhookOracle();
const { spec } = oracle;
const schemas = spec.components.schemas as Record<string, Json>;
const known = schemas.KnownEventType!.enum as string[];
/** The headers src/webhooks/dispatcher.ts sends with every attempt, in the order the spec lists them. */
const DELIVERY_HEADERS = ['Evenpay-Signature', 'Evenpay-Event-Id', 'Evenpay-Delivery-Id', 'Evenpay-Attempt', 'User-Agent'];
/** The event types recorded with an amount (src/domain/transactions.ts: a capture's, a refund's). */
const WITH_AMOUNT = ['transaction.captured', 'transaction.refunded'];

const resolve = (node: unknown): Json => followRef(spec, node) as Json;
const eventSchemaOf = (type: string): Json => schemas[`${pascalCaseOf(type)}Event`]!;

describe('the v2 webhooks', () => {
  it('are one per KnownEventType value, in its order, and no other', () => {
    expect(oracle.eventTypes).toEqual(known);
  });

  it.each(known)('%s: a signed POST named after its type, whose body is its own Event schema', (type) => {
    const operation = oracle.operation(type);
    expect(operation.operationId).toBe(webhookOperationIdOf(type));
    expect(operation.summary).toBe(type);
    expect(operation.tags).toEqual(['Webhooks']);
    // Signed with Evenpay-Signature, not sent with the version's API key.
    expect(operation.security).toEqual([]);
    expect(operation.requestBody.required).toBe(true);
    expect(Object.keys(operation.requestBody.content)).toEqual(['application/json']);
    expect(operation.requestBody.content['application/json'].schema).toEqual({ $ref: `#/components/schemas/${pascalCaseOf(type)}Event` });
    expect(Object.keys(operation.responses)).toEqual(['2XX']);
    expect(oracle.headers(type).map(({ name, required }) => [name, required])).toEqual(DELIVERY_HEADERS.map((name) => [name, true]));
  });

  it.each(known)(
    '%s: its schema is Event with `type` that value, `data.object` the object it is about, `data.amount` for captures and refunds only',
    (type) => {
      const event = schemas.Event!;
      const schema = eventSchemaOf(type);
      // The envelope is Event's, copied: the same fields, required alike, described alike.
      expect(schema.required).toEqual(event.required);
      expect(Object.keys(schema.properties)).toEqual(Object.keys(event.properties));
      for (const field of Object.keys(event.properties)) {
        if (field !== 'type' && field !== 'data') expect(schema.properties[field], field).toEqual(event.properties[field]);
      }
      expect(schema.properties.type).toMatchObject({ type: 'string', const: type });
      const data = schema.properties.data;
      // One of the objects an Event may carry: the one the type's prefix names.
      const objectRef = data.properties.object.$ref as string;
      expect(event.properties.data.properties.object.oneOf).toContainEqual({ $ref: objectRef });
      expect(resolve({ $ref: objectRef }).properties.object.const).toBe(type.slice(0, type.indexOf('.')));
      const withAmount = WITH_AMOUNT.includes(type);
      expect(data.required).toEqual(withAmount ? ['object', 'amount'] : ['object']);
      expect(Object.keys(data.properties)).toEqual(withAmount ? ['object', 'amount'] : ['object']);
      if (withAmount) expect(data.properties.amount.$ref).toBe(event.properties.data.properties.amount.$ref);
    },
  );

  it.each(known)('%s: its example is an event of that type, consistent, that its schema accepts with nothing undocumented', (type) => {
    const examples = Object.values(oracle.operation(type).requestBody.content['application/json'].examples as Record<string, unknown>);
    expect(examples).toHaveLength(1);
    const event = resolve(examples[0]).value as Json;
    expect(event.type).toBe(type);
    expect(oracle.bodyProblems(type, event)).toEqual([]);
    const object = event.data.object as Json;
    expect(object.livemode).toBe(event.livemode);
    if (object.object === 'merchant') expect([object.id, object.partner]).toEqual([event.merchant, event.partner]);
    else if ('merchant' in object) expect(object.merchant).toBe(event.merchant);
    if (object.object === 'transaction') {
      const released = object.status === 'voided' || object.status === 'expired';
      expect(object.refundable_amount).toBe(object.captured_amount - object.refunded_amount);
      expect(object.capturable_amount).toBe(released ? 0 : object.amount - object.captured_amount);
    }
    // Events never carry a secret.
    expect(JSON.stringify(event)).not.toMatch(/whsec_|sk_(test|live)_[0-9A-Za-z]{8}/);
  });

  it('types a webhook body as a union discriminated on `type` (see summaryOf)', () => {
    const example = (type: string) => resolve(Object.values(oracle.operation(type).requestBody.content['application/json'].examples)[0]).value as WebhookEvent;
    expect(summaryOf(example('transaction.captured'))).toBe('6250 of 6250 USD');
    expect(summaryOf(example('api_key.rolled'))).toMatch(/ → key_/);
  });

  it('shows the amount of the capture in the transaction.captured example', () => {
    const example = resolve(Object.values(oracle.operation('transaction.captured').requestBody.content['application/json'].examples)[0]).value;
    expect(example.data.amount).toBeGreaterThan(0);
    expect(example.data.amount).toBeLessThanOrEqual(example.data.object.captured_amount);
  });
});

describe('a real delivery', () => {
  let database: FreshDatabase;
  let evenpay: EvenpayApp;
  const receiver = new WebhookReceiver(ok);

  beforeAll(async () => {
    database = await freshDatabase('sqlite:', '');
    evenpay = await startTestApp({ databaseUrl: database.url, clock: fixedClock('2031-03-03T09:00:00.000Z') });
    await receiver.listen();
  });
  afterAll(async () => {
    await receiver.close();
    await evenpay?.close();
    await database?.drop();
  });

  it('carries exactly the headers the webhook documents, each valid, and a body its schema accepts', async () => {
    const owner = await makeMerchant(evenpay.services.models);
    const http = supertest(evenpay.app);
    const endpoint = await http
      .post('/v2/webhook-endpoints')
      .set('Authorization', owner.bearer)
      .send({ url: receiver.url, enabled_events: ['*'] });
    expect(endpoint.status, JSON.stringify(endpoint.body)).toBe(201);
    const checkout = await http.post('/v2/checkouts').set('Authorization', owner.bearer).send(checkoutBody());
    expect(checkout.status).toBe(201);
    expect((await http.post(`/v2/sandbox/checkouts/${checkout.body.id}/cancel`).set('Authorization', owner.bearer)).status).toBe(200);
    while ((await evenpay.dispatcher.runOnce()) > 0);

    expect(receiver.received).toHaveLength(1);
    const [request] = receiver.received;
    const body = JSON.parse(request!.body) as Json;
    expect(body.type).toBe('checkout.canceled');
    const sent = Object.keys(request!.headers).filter((name) => !HTTP_OWN_HEADERS.includes(name));
    expect(sent.sort()).toEqual(DELIVERY_HEADERS.map((name) => name.toLowerCase()).sort());
    expect(oracle.headerProblems(body.type, request!.headers)).toEqual([]);
    expect(request!.headers['content-type']).toBe('application/json');
    expect(request!.headers['evenpay-event-id']).toBe(body.id);
    expect(oracle.bodyProblems(body.type, body)).toEqual([]);
  });
});
