// A partner onboards merchants by API: created `pending`, reviewed once nothing is due (in the
// sandbox, by the review sweep, decided by magic values), then `active`, `restricted` (what is
// due again, fixed by an update) or `rejected` (final). Only an active merchant creates checkouts.
// The sweep runs here by hand (`reviewMerchants`), with no review delay, as the server's timer
// would a couple of seconds later.
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../src/kernel/clock.js';
import { checkoutBody } from '../../factories/checkouts.js';
import { makeMerchant } from '../../factories/merchants.js';
import { makePartner, type TestPartner } from '../../factories/partners.js';
import { appWithMerchantOnOwnDatabase, startTestApp } from '../../helpers/app.js';
import { api } from '../../helpers/http.js';
import { expectProblem, pointers } from '../../helpers/problem.js';

// On a database of its own: only this file's sweeps decide its merchants.
const clock = fixedClock('2032-03-01T09:00:00.000Z');
const { evenpay, http, merchant, database } = appWithMerchantOnOwnDatabase('Onboarding Co', 'merchant_onboarding', {
  clock,
  config: { sandboxReviewDelayMs: 0 },
});

let partner: TestPartner;
let otherPartner: TestPartner;

beforeAll(async () => {
  partner = await makePartner(evenpay.services.models, { name: 'Onboarding Platform' });
  otherPartner = await makePartner(evenpay.services.models, { name: 'Other Platform' });
});

function merchantBody(overrides: Record<string, unknown> = {}) {
  return {
    external_merchant_id: `store-${randomUUID()}`,
    legal_name: 'Acme Outdoor Supply LLC',
    name: 'Acme Outdoor',
    country: 'US',
    currencies: ['USD'],
    website: 'https://acme-outdoor.example.com',
    category_code: '5941',
    support_email: 'help@acme-outdoor.example.com',
    ...overrides,
  };
}

async function onboard(overrides: Record<string, unknown> = {}, as: TestPartner = partner) {
  const res = await http.post('/v2/merchants', { auth: as.bearer, body: merchantBody(overrides) });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: string; status: string; requirements: Record<string, unknown>; external_merchant_id: string };
}

const get = (id: string, as: TestPartner = partner) => http.get(`/v2/merchants/${id}`, { auth: as.bearer });
const update = (id: string, body: Record<string, unknown>) => http.post(`/v2/merchants/${id}`, { auth: partner.bearer, body });
const checkoutFor = (id: string) => http.post('/v2/checkouts', { auth: partner.bearer, headers: { 'Evenpay-Merchant': id }, body: checkoutBody() });

describe('POST /v2/merchants', () => {
  it('creates a pending merchant of the partner, in its key’s mode, with the plans and fees it offers', async () => {
    const body = merchantBody({
      plans: [
        { plan_id: 'pay_in_4', merchant_fee: { rate_bps: 300, fixed_amount: 30 } },
        { plan_id: 'monthly_12', merchant_fee: { rate_bps: 500, fixed_amount: 0 } },
      ],
    });
    const res = await http.post('/v2/merchants', { auth: partner.bearer, body });
    expect(res.status).toBe(201);
    expect(res.headers.location).toBe(`/v2/merchants/${res.body.id}`);
    expect(res.body).toMatchObject({
      object: 'merchant',
      livemode: false,
      status: 'pending',
      partner: partner.id,
      external_merchant_id: body.external_merchant_id,
      legal_name: 'Acme Outdoor Supply LLC',
      name: 'Acme Outdoor',
      country: 'US',
      currencies: ['USD'],
      requirements: { currently_due: [], errors: [], disabled_reason: 'under_review' },
    });
    expect(res.body.plan_terms.map((term: { plan_id: string; merchant_fee: unknown }) => [term.plan_id, term.merchant_fee])).toEqual([
      ['pay_in_4', { rate_bps: 300, fixed_amount: 30 }],
      ['monthly_12', { rate_bps: 500, fixed_amount: 0 }],
    ]);
    expect((await get(res.body.id)).body).toEqual(res.body);
  });

  it('offers every standard plan at no fee when the partner names none', async () => {
    const created = await onboard();
    const { body } = await get(created.id);
    expect(body.plan_terms.map((term: { plan_id: string }) => term.plan_id)).toEqual(['pay_in_4', 'monthly_3', 'monthly_6', 'monthly_12']);
    expect(body.plan_terms.every((term: { merchant_fee: unknown }) => JSON.stringify(term.merchant_fee) === '{"rate_bps":0,"fixed_amount":0}')).toBe(true);
  });

  it('refuses a second merchant with the same external_merchant_id (409, naming the first); another partner may use it', async () => {
    const first = await onboard();
    const again = await http.post('/v2/merchants', { auth: partner.bearer, body: merchantBody({ external_merchant_id: first.external_merchant_id }) });
    expectProblem(again, 409, 'external_merchant_id_in_use');
    expect(again.body.detail).toContain(first.id);
    expect(pointers(again)).toEqual(['/external_merchant_id']);
    const elsewhere = await http.post('/v2/merchants', { auth: otherPartner.bearer, body: merchantBody({ external_merchant_id: first.external_merchant_id }) });
    expect(elsewhere.status).toBe(201);
  });

  it('lets exactly one of two concurrent onboardings of one external_merchant_id through', async () => {
    const body = merchantBody();
    const answers = await Promise.all([1, 2, 3].map(() => http.post('/v2/merchants', { auth: partner.bearer, body })));
    expect(answers.map((res) => res.status).sort()).toEqual([201, 409, 409]);
    const listed = await http.get(`/v2/merchants?external_merchant_id=${body.external_merchant_id}`, { auth: partner.bearer });
    expect(listed.body.data).toHaveLength(1);
  });

  it('refuses a currency that is not ISO 4217 and a plan Evenpay does not offer, pointing at each', async () => {
    const currency = await http.post('/v2/merchants', { auth: partner.bearer, body: merchantBody({ currencies: ['USD', 'XQZ'] }) });
    expectProblem(currency, 422, 'currency_not_supported');
    expect(pointers(currency)).toEqual(['/currencies/1']);
    const plan = await http.post('/v2/merchants', {
      auth: partner.bearer,
      body: merchantBody({ plans: [{ plan_id: 'monthly_48', merchant_fee: { rate_bps: 0, fixed_amount: 0 } }] }),
    });
    expectProblem(plan, 400, 'invalid_request');
    expect(pointers(plan)).toEqual(['/plans/0/plan_id']);
  });

  it('replays a retry with the same Idempotency-Key instead of answering 409', async () => {
    const body = merchantBody();
    const key = randomUUID();
    const first = await http.post('/v2/merchants', { auth: partner.bearer, body, headers: { 'Idempotency-Key': key } });
    const retry = await http.post('/v2/merchants', { auth: partner.bearer, body, headers: { 'Idempotency-Key': key } });
    expect([first.status, retry.status]).toEqual([201, 201]);
    expect(retry.body.id).toBe(first.body.id);
    expect(retry.headers['idempotent-replayed']).toBe('true');
  });

  it('keys its Idempotency-Key per partner: in flight → 409, reused with another body → 422, on create and on update', async () => {
    const body = merchantBody();
    const key = randomUUID();
    const scope = { principalId: partner.id, merchantId: partner.id, livemode: false, key };
    await evenpay.services.idempotency.claim({ ...scope, operationId: 'createMerchant', request: { params: {}, body } });
    const inFlight = await http.post('/v2/merchants', { auth: partner.bearer, body, headers: { 'Idempotency-Key': key } });
    expectProblem(inFlight, 409, 'idempotency_request_in_flight');

    const used = randomUUID();
    expect((await http.post('/v2/merchants', { auth: partner.bearer, body, headers: { 'Idempotency-Key': used } })).status).toBe(201);
    const reused = await http.post('/v2/merchants', { auth: partner.bearer, body: merchantBody(), headers: { 'Idempotency-Key': used } });
    expectProblem(reused, 422, 'idempotency_key_reused');

    const created = await onboard();
    const updateKey = randomUUID();
    await evenpay.services.idempotency.claim({
      ...scope,
      key: updateKey,
      operationId: 'updatePartnerMerchant',
      request: { params: { merchantId: created.id }, body: { name: 'Busy' } },
    });
    const updateInFlight = await http.post(`/v2/merchants/${created.id}`, {
      auth: partner.bearer,
      body: { name: 'Busy' },
      headers: { 'Idempotency-Key': updateKey },
    });
    expectProblem(updateInFlight, 409, 'idempotency_request_in_flight');
    const first = randomUUID();
    expect(
      (await http.post(`/v2/merchants/${created.id}`, { auth: partner.bearer, body: { name: 'One' }, headers: { 'Idempotency-Key': first } })).status,
    ).toBe(200);
    const updateReused = await http.post(`/v2/merchants/${created.id}`, { auth: partner.bearer, body: { name: 'Two' }, headers: { 'Idempotency-Key': first } });
    expectProblem(updateReused, 422, 'idempotency_key_reused');
  });

  it("is the partner's: a merchant's key gets 403 partner_key_required on every partner operation", async () => {
    const created = await onboard();
    for (const res of [
      await http.post('/v2/merchants', { auth: merchant.bearer, body: merchantBody() }),
      await http.get('/v2/merchants', { auth: merchant.bearer }),
      await http.get(`/v2/merchants/${created.id}`, { auth: merchant.bearer }),
      await http.post(`/v2/merchants/${created.id}`, { auth: merchant.bearer, body: { name: 'Mine now' } }),
    ]) {
      expectProblem(res, 403, 'partner_key_required');
    }
    const withHeader = await http.get('/v2/merchants', { auth: partner.bearer, headers: { 'Evenpay-Merchant': created.id } });
    expectProblem(withHeader, 400, 'invalid_request');
  });
});

describe('a merchant an operator set up for both modes', () => {
  it('is visible to both of the partner’s keys, but only its live key changes the profile (403 live_key_required)', async () => {
    const shared = await makeMerchant(evenpay.services.models, { name: 'Both Modes Shop', partnerId: partner.id });
    expect((await get(shared.id)).body).toMatchObject({ id: shared.id, status: 'active' });
    const byTest = await update(shared.id, { name: 'Changed in test' });
    expectProblem(byTest, 403, 'live_key_required');
    const byLive = await http.post(`/v2/merchants/${shared.id}`, { auth: `Bearer ${partner.liveSecretKey}`, body: { name: 'Changed live' } });
    expect(byLive.status).toBe(200);
    expect(byLive.body).toMatchObject({ name: 'Changed live', livemode: true });
  });
});

describe('GET /v2/merchants and /v2/merchants/{merchantId}', () => {
  it("answers another partner's merchant, a missing one and one of the other mode with the same 404", async () => {
    const created = await onboard();
    const others = await get(created.id, otherPartner);
    const none = await get('mer_0000000000000000NoSuch');
    const live = await http.get(`/v2/merchants/${created.id}`, { auth: `Bearer ${partner.liveSecretKey}` });
    for (const res of [others, none, live]) expectProblem(res, 404, 'merchant_not_found');
    const update404 = await http.post(`/v2/merchants/${created.id}`, { auth: otherPartner.bearer, body: { name: 'Taken over' } });
    expectProblem(update404, 404, 'merchant_not_found');
  });

  it('lists the partner’s merchants newest first, by page, filtered by external_merchant_id and status', async () => {
    const lister = await makePartner(evenpay.services.models, { name: 'Listing Platform' });
    const made = [];
    for (let i = 0; i < 3; i++) made.push(await onboard({ website: i === 2 ? undefined : 'https://shop.example.com' }, lister));
    const page1 = await http.get('/v2/merchants?limit=2', { auth: lister.bearer });
    expect(page1.body).toMatchObject({ object: 'list', url: '/v2/merchants', has_more: true });
    expect(page1.body.data.map((m: { id: string }) => m.id)).toEqual([made[2]!.id, made[1]!.id]);
    const page2 = await http.get(`/v2/merchants?limit=2&starting_after=${made[1]!.id}`, { auth: lister.bearer });
    expect(page2.body.data.map((m: { id: string }) => m.id)).toEqual([made[0]!.id]);
    expect(page2.body.has_more).toBe(false);
    const byExternal = await http.get(`/v2/merchants?external_merchant_id=${made[1]!.external_merchant_id}`, { auth: lister.bearer });
    expect(byExternal.body.data.map((m: { id: string }) => m.id)).toEqual([made[1]!.id]);
    const pending = await http.get('/v2/merchants?status=pending', { auth: lister.bearer });
    expect(pending.body.data).toHaveLength(3);
    expect((await http.get('/v2/merchants?status=active', { auth: lister.bearer })).body.data).toEqual([]);
    // Another partner's cursor is not in this list.
    const foreign = await http.get(`/v2/merchants?starting_after=${made[0]!.id}`, { auth: partner.bearer });
    expectProblem(foreign, 400, 'invalid_cursor');
  });
});

describe('the review, in the sandbox', () => {
  it('pending → active once nothing is due; then the merchant creates checkouts', async () => {
    const created = await onboard();
    expectProblem(await checkoutFor(created.id), 403, 'merchant_not_active');
    expect(await evenpay.reviewMerchants()).toContain(created.id);
    const { body } = await get(created.id);
    expect(body).toMatchObject({ status: 'active', requirements: { currently_due: [], errors: [], disabled_reason: null } });
    expect((await checkoutFor(created.id)).status).toBe(201);
  });

  it('waits while something is due: pending with currently_due, never reviewed until supplied', async () => {
    const created = await onboard({ website: undefined, support_email: undefined });
    expect(created.requirements).toEqual({ currently_due: ['website', 'support_email'], errors: [], disabled_reason: 'requirements_due' });
    expect(await evenpay.reviewMerchants()).not.toContain(created.id);
    const half = await update(created.id, { website: 'https://acme.example.com' });
    expect(half.body).toMatchObject({ status: 'pending', requirements: { currently_due: ['support_email'], disabled_reason: 'requirements_due' } });
    const whole = await update(created.id, { support_email: 'help@acme.example.com' });
    expect(whole.body).toMatchObject({ status: 'pending', requirements: { currently_due: [], disabled_reason: 'under_review' } });
    await evenpay.reviewMerchants();
    expect((await get(created.id)).body.status).toBe('active');
  });

  it('pending → restricted for an unreachable website (typed error, website due again) → fixed → active', async () => {
    const created = await onboard({ website: 'https://unreachable.acme.example.com' });
    await evenpay.reviewMerchants();
    const restricted = (await get(created.id)).body;
    expect(restricted).toMatchObject({
      status: 'restricted',
      requirements: {
        currently_due: ['website'],
        errors: [{ requirement: 'website', code: 'website_unreachable', reason: expect.stringContaining('Update website') }],
        disabled_reason: 'requirements_due',
      },
    });
    const refused = await checkoutFor(created.id);
    expectProblem(refused, 403, 'merchant_not_active');
    expect(refused.body.detail).toContain('is restricted');
    // Something else supplied anew does not clear the website's problem.
    expect((await update(created.id, { name: 'Acme Outdoors' })).body).toMatchObject({ status: 'pending', requirements: { currently_due: ['website'] } });
    const fixed = await update(created.id, { website: 'https://acme-outdoor.example.com' });
    expect(fixed.body).toMatchObject({ status: 'pending', requirements: { currently_due: [], errors: [], disabled_reason: 'under_review' } });
    await evenpay.reviewMerchants();
    expect((await get(created.id)).body.status).toBe('active');

    // Each change is a merchant.updated event of the merchant: the review's made by Evenpay, the
    // updates by the partner.
    const events = await http.get('/v2/events?type=merchant.updated&limit=10', { auth: partner.bearer, headers: { 'Evenpay-Merchant': created.id } });
    const seen = events.body.data.map((event: { acting_partner: string | null; merchant: string; data: { object: { status: string } } }) => [
      event.data.object.status,
      event.acting_partner,
      event.merchant,
    ]);
    expect(seen).toEqual([
      ['active', null, created.id],
      ['pending', partner.id, created.id],
      ['pending', partner.id, created.id],
      ['restricted', null, created.id],
    ]);
  });

  it('pending → rejected is final: updates change the details, never the status', async () => {
    const created = await onboard({ support_email: 'owner+reject@acme.example.com' });
    await evenpay.reviewMerchants();
    const rejected = (await get(created.id)).body;
    expect(rejected).toMatchObject({
      status: 'rejected',
      requirements: { currently_due: [], errors: [{ requirement: null, code: 'verification_failed' }], disabled_reason: 'rejected' },
    });
    const updated = await update(created.id, { support_email: 'help@acme.example.com' });
    expect(updated.body.status).toBe('rejected');
    await evenpay.reviewMerchants();
    expect((await get(created.id)).body.status).toBe('rejected');
    expectProblem(await checkoutFor(created.id), 403, 'merchant_not_active');
  });

  it('an active merchant stays active when its details change', async () => {
    const created = await onboard();
    await evenpay.reviewMerchants();
    const updated = await update(created.id, { name: 'Acme Outdoor Co', website: 'https://unreachable.acme.example.com' });
    expect(updated.body).toMatchObject({ status: 'active', name: 'Acme Outdoor Co' });
  });

  it('a live merchant waits for Evenpay’s review: the sandbox sweep never decides it', async () => {
    const res = await http.post('/v2/merchants', { auth: `Bearer ${partner.liveSecretKey}`, body: merchantBody() });
    expect(res.body).toMatchObject({ livemode: true, status: 'pending', requirements: { disabled_reason: 'under_review' } });
    expect(await evenpay.reviewMerchants()).not.toContain(res.body.id);
    expectProblem(await get(res.body.id), 404, 'merchant_not_found');
  });

  it('another replica’s review reaches this one’s checkouts at once, though it cached the merchant as pending', async () => {
    const created = await onboard();
    expectProblem(await checkoutFor(created.id), 403, 'merchant_not_active');
    const replica = await startTestApp({ clock, databaseUrl: database.url, config: { sandboxReviewDelayMs: 0 } });
    try {
      expect(await replica.reviewMerchants()).toContain(created.id);
    } finally {
      await replica.close();
    }
    expect((await checkoutFor(created.id)).status).toBe(201);
    expect((await api(evenpay.app).get('/v2/merchant', { auth: partner.bearer, headers: { 'Evenpay-Merchant': created.id } })).body.status).toBeDefined();
  });
});
