// A partner acting for merchants with `Evenpay-Merchant`, on every merchant operation of every
// version — the list comes from the specs (each operation that declares the header), not from a
// hand list, so a new operation is covered the day it lands. For each: another partner's merchant
// and a merchant that does not exist get the same 404 merchant_not_found; a merchant's own key
// with the header, and a partner's key without it, a 400 naming the header; the partner's own
// merchant is served (whatever the operation then answers, never one of those refusals).
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { listApis } from '../../scripts/lib/apis.js';
import { checkoutBody } from '../factories/checkouts.js';
import { authFor, makeMerchant, type TestMerchant } from '../factories/merchants.js';
import { makePartner, partnerAuthFor, type TestPartner } from '../factories/partners.js';
import { appWithMerchant } from '../helpers/app.js';
import type { CallOptions } from '../helpers/http.js';
import { expectProblem } from '../helpers/problem.js';
import { type SpecOperation, specOperations } from '../helpers/spec-operations.js';

const { evenpay, http, merchant } = appWithMerchant('Acting For Co');

let partner: TestPartner;
let otherPartner: TestPartner;
/** Merchants created by an operator for each partner: active, in both modes. */
let own: TestMerchant;
let othersMerchant: TestMerchant;
const missing = 'mer_0000000000000000NoSuch';

beforeAll(async () => {
  const { models } = evenpay.services;
  partner = await makePartner(models, { name: 'Acting Platform' });
  otherPartner = await makePartner(models, { name: 'Other Platform' });
  own = await makeMerchant(models, { name: 'Own Shop', partnerId: partner.id });
  othersMerchant = await makeMerchant(models, { name: "Other Partner's Shop", partnerId: otherPartner.id });
});

/** The operation with its example body and an Idempotency-Key where it takes one. */
function call(operation: SpecOperation, auth: string, headers: Record<string, string> = {}) {
  const body = Object.values(operation.bodyExamples ?? {})[0];
  const options: CallOptions = {
    auth,
    ...(body !== undefined ? { body } : {}),
    headers: { ...(operation.idempotent ? { 'Idempotency-Key': randomUUID() } : {}), ...headers },
  };
  return http.call(operation.method, operation.url, options);
}

for (const { version } of listApis()) {
  const merchantOperations = specOperations(version).filter((operation) => operation.actsForMerchant);

  it(`${version}: every operation but the partner's own (and the publishable key's) declares Evenpay-Merchant`, () => {
    const partnerOwn = specOperations(version)
      // A publishable key is a merchant's own, which a partner never holds (promotions.test.ts).
      .filter((operation) => !operation.actsForMerchant && !operation.publishable)
      .map((operation) => operation.operationId)
      .sort();
    expect(partnerOwn).toEqual(
      version === 'v2' ? ['createMerchant', 'createOnboardingLink', 'getPartnerMerchant', 'listMerchants', 'updatePartnerMerchant'] : [],
    );
  });

  for (const operation of merchantOperations) {
    describe(`${operation.method.toUpperCase()} ${operation.url} (${operation.operationId})`, () => {
      it("answers another partner's merchant and a missing one with the same 404 merchant_not_found", async () => {
        const auth = partnerAuthFor(partner, version);
        const others = await call(operation, auth, { 'Evenpay-Merchant': othersMerchant.id });
        const none = await call(operation, auth, { 'Evenpay-Merchant': missing });
        expectProblem(others, 404, 'merchant_not_found');
        expectProblem(none, 404, 'merchant_not_found');
        const comparable = (body: Record<string, unknown>, id: string) => ({ ...body, request_id: '', detail: String(body.detail).replace(id, '<id>') });
        expect(comparable(others.body, othersMerchant.id)).toEqual(comparable(none.body, missing));
        // Nor does the merchant's own mode leak: the live key of the partner sees the same.
        const live = await call(
          operation,
          version === 'v1' ? `Basic ${Buffer.from(`:${partner.liveSecretKey}`).toString('base64')}` : `Bearer ${partner.liveSecretKey}`,
          {
            'Evenpay-Merchant': othersMerchant.id,
          },
        );
        expectProblem(live, 404, 'merchant_not_found');
      });

      it(`refuses a merchant's own key with the header${operation.partnerScope ? '' : ", and a partner's key without it"} (400, naming the header)`, async () => {
        const withHeader = await call(operation, authFor(merchant, version), { 'Evenpay-Merchant': merchant.id });
        expectProblem(withHeader, 400, 'invalid_request');
        expect(withHeader.body.errors).toEqual([{ parameter: 'Evenpay-Merchant', detail: expect.stringContaining('Send the request without it') }]);
        const withoutHeader = await call(operation, partnerAuthFor(partner, version));
        if (operation.partnerScope) {
          // The partner's own endpoints, its merchants' events: not a refusal of the header.
          expect(withoutHeader.body.errors ?? []).not.toContainEqual(expect.objectContaining({ parameter: 'Evenpay-Merchant' }));
        } else {
          expectProblem(withoutHeader, 400, 'invalid_request');
          expect(withoutHeader.body.errors).toEqual([{ parameter: 'Evenpay-Merchant', detail: expect.stringContaining('send Evenpay-Merchant: mer_') }]);
        }
        const malformed = await call(operation, partnerAuthFor(partner, version), { 'Evenpay-Merchant': 'acme-store-42' });
        expectProblem(malformed, 400, 'invalid_request');
      });

      it('runs for the partner’s own merchant', async () => {
        const res = await call(operation, partnerAuthFor(partner, version), { 'Evenpay-Merchant': own.id });
        expect(res.status).toBeLessThan(500);
        expect(res.body.code).not.toBe('merchant_not_found');
        expect(res.body.errors ?? []).not.toContainEqual(expect.objectContaining({ parameter: 'Evenpay-Merchant' }));
      });
    });
  }
}

describe('what the partner does for its merchant is the merchant’s, recorded as the partner’s', () => {
  const asPartner = (merchantId: string) => ({ auth: partner.bearer, headers: { 'Evenpay-Merchant': merchantId } });

  it('GET /v2/merchant is the merchant acted for', async () => {
    const res = await http.get('/v2/merchant', asPartner(own.id));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: own.id, name: 'Own Shop', partner: partner.id, status: 'active' });
  });

  it('events say which merchant changed and which partner acted (null when the merchant did)', async () => {
    const created = await http.post('/v2/checkouts', { ...asPartner(own.id), body: checkoutBody() });
    expect(created.status).toBe(201);
    const confirmed = await http.post(`/v2/sandbox/checkouts/${created.body.id}/confirm`, { ...asPartner(own.id), body: { plan_id: 'pay_in_4' } });
    expect(confirmed.status).toBe(200);
    const byMerchant = await http.post('/v2/checkouts', { auth: own.bearer, body: checkoutBody() });
    await http.post(`/v2/sandbox/checkouts/${byMerchant.body.id}/cancel`, { auth: own.bearer });

    const events = await http.get('/v2/events?limit=5', asPartner(own.id));
    expect(events.status).toBe(200);
    const [canceled, confirmedEvent] = events.body.data;
    expect(canceled).toMatchObject({ type: 'checkout.canceled', merchant: own.id, acting_partner: null });
    expect(confirmedEvent).toMatchObject({ type: 'checkout.confirmed', merchant: own.id, acting_partner: partner.id });
    // The merchant sees the same events, with the same attribution.
    const mine = await http.get('/v2/events?limit=5', { auth: own.bearer });
    expect(mine.body.data.map((event: { id: string }) => event.id)).toEqual(events.body.data.map((event: { id: string }) => event.id));
  });

  it('an Idempotency-Key is scoped per principal and merchant: the same key never replays another principal’s request', async () => {
    const key = randomUUID();
    const body = checkoutBody();
    const byPartner = await http.post('/v2/checkouts', { ...asPartner(own.id), body, headers: { 'Evenpay-Merchant': own.id, 'Idempotency-Key': key } });
    const byMerchant = await http.post('/v2/checkouts', { auth: own.bearer, body, headers: { 'Idempotency-Key': key } });
    const byPartnerAgain = await http.post('/v2/checkouts', { ...asPartner(own.id), body, headers: { 'Evenpay-Merchant': own.id, 'Idempotency-Key': key } });
    expect([byPartner.status, byMerchant.status, byPartnerAgain.status]).toEqual([201, 201, 201]);
    expect(byMerchant.body.id).not.toBe(byPartner.body.id);
    expect(byMerchant.headers['idempotent-replayed']).toBeUndefined();
    expect(byPartnerAgain.body.id).toBe(byPartner.body.id);
    expect(byPartnerAgain.headers['idempotent-replayed']).toBe('true');

    const second = await makeMerchant(evenpay.services.models, { name: 'Second Shop', partnerId: partner.id });
    const forSecond = await http.post('/v2/checkouts', { auth: partner.bearer, body, headers: { 'Evenpay-Merchant': second.id, 'Idempotency-Key': key } });
    expect(forSecond.status).toBe(201);
    expect(forSecond.body.id).not.toBe(byPartner.body.id);
    expect(forSecond.headers['idempotent-replayed']).toBeUndefined();
  });

  it('v1 runs for the merchant too, with the partner key as Basic password and an empty user name', async () => {
    const res = await http.get('/v1/account', { auth: partner.basic, headers: { 'Evenpay-Merchant': own.id } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ merchant_id: own.id, merchant_name: 'Own Shop', public_api_key: '', sandbox: true });
  });
});
