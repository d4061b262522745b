// The SDK's resource methods against the real service on a real port: the lending flow returning
// resources directly, auto-pagination, per-call options (idempotency key, acting merchant),
// errors of the right class, and constructEvent on a delivery signed as the dispatcher signs it.
// Every answer is also checked against the spec.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { EvenpayApp } from '../../../src/app.js';
import { createEvenpayClient as createV1Client } from '../../../src/sdk/v1.js';
import {
  constructEvent,
  createEvenpayClient,
  EvenpayAuthenticationError,
  type EvenpayClient,
  EvenpayConflictError,
  type EvenpayError,
  EvenpayInvalidRequestError,
  EvenpayPermissionError,
  signatureHeader,
  WebhookSignatureError,
} from '../../../src/sdk/v2.js';
import { checkoutBody } from '../../factories/checkouts.js';
import { PNG_BASE64 } from '../../factories/disputes.js';
import { makeMerchant, type TestMerchant } from '../../factories/merchants.js';
import { makePartner, type TestPartner } from '../../factories/partners.js';
import { startTestApp } from '../../helpers/app.js';
import { assertConformsToSpec } from '../../helpers/spec-oracle.js';
import { recordStatus } from '../../helpers/status-coverage.js';

let evenpay: EvenpayApp;
let server: Server;
let origin: string;
let merchant: TestMerchant;
let partner: TestPartner;
let partnersMerchant: TestMerchant;

beforeAll(async () => {
  evenpay = await startTestApp();
  server = createServer(evenpay.app);
  origin = await new Promise<string>((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)));
  merchant = await makeMerchant(evenpay.services.models, { name: 'Resource Shop' });
  partner = await makePartner(evenpay.services.models, { name: 'Resource Platform' });
  partnersMerchant = await makeMerchant(evenpay.services.models, { name: 'Platform Shop', partnerId: partner.id });
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await evenpay.close();
});

/** A client whose every answer is also checked against the spec. */
function sdk(apiKey: string, options: { merchant?: string } = {}): EvenpayClient {
  const client = createEvenpayClient({ apiKey, baseUrl: `${origin}/v2`, maxRetries: 0, ...options });
  client.use({
    async onResponse({ request, response }) {
      const url = new URL(request.url);
      // JSON as JSON; a document's bytes as the oracle reads binary answers (one character per byte).
      const type = response.headers.get('content-type') ?? '';
      const body: unknown = type.includes('json') ? await response.clone().json() : Buffer.from(await response.clone().arrayBuffer()).toString('latin1');
      const headers: Record<string, string> = {};
      response.headers.forEach((value, name) => {
        headers[name] = value;
      });
      recordStatus(
        inject('statusCoverageDir'),
        assertConformsToSpec(request.method.toLowerCase(), url.pathname + url.search, { status: response.status, headers, body }),
      );
      return undefined;
    },
  });
  return client;
}

describe('resource methods', () => {
  it('run the lending flow and return each resource itself', async () => {
    const client = sdk(merchant.secretKey);
    expect((await client.merchant.retrieve()).id).toBe(merchant.id);
    const quote = await client.planQuotes.create({ amount: 80_000, currency: 'USD', start_date: '2026-12-01' });
    expect(quote.plans.find((plan) => plan.plan_id === 'monthly_12')?.disclosure.total_of_payments).toBe(86_648);
    const checkout = await client.checkouts.create(
      checkoutBody({
        items: [{ sku: 'R', name: 'R', unit_price: 80_000, quantity: 1 }],
        shipping_amount: 0,
        tax_amount: 0,
        discount_amount: 0,
        total_amount: 80_000,
      }),
    );
    expect((await client.checkouts.retrieve(checkout.id)).status).toBe('open');
    expect((await client.sandbox.checkouts.confirm(checkout.id, { plan_id: 'monthly_12' })).status).toBe('confirmed');
    const transaction = await client.transactions.create({ checkout_id: checkout.id });
    expect(transaction).toMatchObject({ status: 'authorized', capturable_amount: 80_000 });
    const half = await client.transactions.capture(transaction.id, { amount: 40_000 }, { idempotencyKey: `capture-${transaction.id}` });
    expect(half).toMatchObject({ status: 'partially_captured', captured_amount: 40_000 });
    // The same key again is a replay: the same answer, nothing captured twice.
    const replay = await client.transactions.capture(transaction.id, { amount: 40_000 }, { idempotencyKey: `capture-${transaction.id}` });
    expect(replay.captured_amount).toBe(40_000);
    expect((await client.transactions.capture(transaction.id)).captured_amount).toBe(80_000);
    const refunded = await client.transactions.refund(transaction.id, { amount: 20_000 });
    expect(refunded.refunded_amount).toBe(20_000);
    const schedule = await client.transactions.retrieveSchedule(transaction.id);
    expect(schedule.amount_owed).toBe(schedule.disclosure.installments.reduce((sum, installment) => sum + installment.amount, 0));
  });

  it('downloads a dispute document as a Blob of its bytes and media type', async () => {
    const client = sdk(merchant.secretKey);
    const checkout = await client.checkouts.create(checkoutBody());
    await client.sandbox.checkouts.confirm(checkout.id, { plan_id: 'pay_in_4' });
    const transaction = await client.transactions.create({ checkout_id: checkout.id });
    await client.transactions.capture(transaction.id);
    const dispute = await client.sandbox.disputes.create(transaction.id);
    const png = Buffer.from(PNG_BASE64, 'base64');
    const answered = await client.disputes.updateEvidence(dispute.id, { documents: [{ filename: 'parcel.png', content_type: 'image/png', data: PNG_BASE64 }] });
    const document = answered.evidence.documents[0]!;
    const blob: Blob = await client.disputes.downloadDocument(dispute.id, document.id);
    expect(blob.type).toBe('image/png');
    expect(Buffer.from(await blob.arrayBuffer()).equals(png)).toBe(true);
    const error = await client.disputes.downloadDocument(dispute.id, 'doc_0000000000000000000000').catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 404, code: 'resource_not_found' });
  });

  it('awaits a list as one page and iterates it over every page', async () => {
    const shop = await makeMerchant(evenpay.services.models, { name: 'Paging Shop' });
    const client = sdk(shop.secretKey);
    const created: string[] = [];
    for (let i = 0; i < 5; i++) created.push((await client.checkouts.create(checkoutBody())).id);
    const page = await client.checkouts.list({ limit: 2 });
    expect(page).toMatchObject({ object: 'list', has_more: true });
    expect(page.data.map((checkout) => checkout.id)).toEqual([created[4], created[3]]);
    const seen: string[] = [];
    for await (const checkout of client.checkouts.list({ limit: 2 })) seen.push(checkout.id);
    expect(seen).toEqual([...created].reverse());
    // Iterating from a cursor walks on from it.
    const rest: string[] = [];
    for await (const checkout of client.checkouts.list({ limit: 2, starting_after: created[3] })) rest.push(checkout.id);
    expect(rest).toEqual([created[2], created[1], created[0]]);
  });

  it('lets a partner act for a merchant per call, over the client default', async () => {
    const platform = sdk(partner.secretKey);
    const checkout = await platform.checkouts.create(checkoutBody(), { merchant: partnersMerchant.id });
    expect(checkout.id).toMatch(/^chk_/);
    const forMerchant = sdk(partner.secretKey, { merchant: partnersMerchant.id });
    expect((await forMerchant.checkouts.retrieve(checkout.id)).id).toBe(checkout.id);
    // Another partner's merchant (here: a merchant of Evenpay's own) is not found.
    const error = await platform.checkouts.retrieve(checkout.id, { merchant: merchant.id }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EvenpayInvalidRequestError);
    expect(error).toMatchObject({ status: 404, code: 'merchant_not_found', kind: 'invalid_request' });
  });

  it('throws errors of their kind, with the spec’s code', async () => {
    const client = sdk(merchant.secretKey);
    const checkout = await client.checkouts.create(
      checkoutBody({
        items: [{ sku: 'E', name: 'E', unit_price: 10_000, quantity: 1 }],
        shipping_amount: 0,
        tax_amount: 0,
        discount_amount: 0,
        total_amount: 10_000,
      }),
    );
    await client.sandbox.checkouts.confirm(checkout.id, { plan_id: 'pay_in_4' });
    const transaction = await client.transactions.create({ checkout_id: checkout.id });
    const tooMuch = await client.transactions.capture(transaction.id, { amount: 10_001 }).catch((e: unknown) => e);
    expect(tooMuch).toBeInstanceOf(EvenpayInvalidRequestError);
    expect(tooMuch).toMatchObject({ status: 422, code: 'capture_exceeds_authorized', errors: [{ pointer: '/amount' }] });
    expect((tooMuch as EvenpayError).is('capture_exceeds_authorized')).toBe(true);

    const again = await client.transactions.create({ checkout_id: checkout.id }).catch((e: unknown) => e);
    expect(again).toMatchObject({ status: 422, code: 'checkout_already_authorized', kind: 'invalid_request' });

    const onboarding = { legal_name: 'Twice LLC', name: 'Twice', country: 'US', currencies: ['USD'] };
    const platform = sdk(partner.secretKey);
    await platform.merchants.create({ external_merchant_id: 'twice-1', ...onboarding });
    const taken = await platform.merchants.create({ external_merchant_id: 'twice-1', ...onboarding }).catch((e: unknown) => e);
    expect(taken).toBeInstanceOf(EvenpayConflictError);
    expect(taken).toMatchObject({ status: 409, code: 'external_merchant_id_in_use', kind: 'conflict' });

    const badKey = await sdk('sk_test_nope0000000000000000000000')
      .merchant.retrieve()
      .catch((e: unknown) => e);
    expect(badKey).toBeInstanceOf(EvenpayAuthenticationError);
    expect(badKey).toMatchObject({ status: 401, kind: 'authentication', name: 'EvenpayAuthenticationError' });

    const merchantOnPartnerOperation = await client.merchants.list().catch((e: unknown) => e);
    expect(merchantOnPartnerOperation).toBeInstanceOf(EvenpayPermissionError);
    expect(merchantOnPartnerOperation).toMatchObject({ status: 403, code: 'partner_key_required' });
  });

  it('gives v1 its resource methods too', async () => {
    const legacy = createV1Client({
      publicKey: merchant.publishableKey,
      secretKey: merchant.secretKey,
      baseUrl: `${origin}/v1`,
      logger: { warn: () => undefined },
    });
    const account = await legacy.account.retrieve();
    expect(account).toMatchObject({ merchant_id: merchant.id, sandbox: true });
  });
});

describe('constructEvent', () => {
  it('verifies a delivery and returns its event, typed by `type`', async () => {
    const client = sdk(merchant.secretKey);
    const checkout = await client.checkouts.create(checkoutBody());
    await client.sandbox.checkouts.confirm(checkout.id, { plan_id: 'pay_in_4' });
    const [event] = (await client.events.list({ limit: 1 })).data;
    expect(event?.type).toBe('checkout.confirmed');
    const raw = JSON.stringify(event);
    const timestamp = Math.floor(Date.now() / 1000);
    const verified = constructEvent(raw, signatureHeader(['whsec_test'], timestamp, raw), 'whsec_test');
    if (verified.type !== 'checkout.confirmed') throw new Error(`unexpected ${verified.type}`);
    expect(verified.data.object.id).toBe(checkout.id);
    expect(() => constructEvent(raw, signatureHeader(['whsec_other'], timestamp, raw), 'whsec_test')).toThrow(WebhookSignatureError);
    expect(() => constructEvent(`${raw} `, signatureHeader(['whsec_test'], timestamp, raw), 'whsec_test')).toThrow(WebhookSignatureError);
  });
});
