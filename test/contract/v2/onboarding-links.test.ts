// Onboarding links and the hosted onboarding page, as a partner and a merchant's representative
// use them: the partner makes a link (single use, one hour), the representative fills in what is
// due, the merchant goes to review (and, in the sandbox, to active); a used or expired link says
// so and leads to the partner's refresh_url. The page is HTML outside the specs (plain
// supertest); the API calls go through the spec-checked helper.
import supertest from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../src/kernel/clock.js';
import { makeMerchant } from '../../factories/merchants.js';
import { makePartner, type TestPartner } from '../../factories/partners.js';
import { appWithMerchantOnOwnDatabase } from '../../helpers/app.js';
import { expectProblem, pointers } from '../../helpers/problem.js';

const clock = fixedClock('2030-02-01T09:00:00.000Z');
const { evenpay, http, merchant } = appWithMerchantOnOwnDatabase('Links Co', 'onboarding_links', {
  clock,
  config: { sandboxReviewDelayMs: 0, publicBaseUrl: 'https://evenpay.test' },
});
const browser = () => supertest(evenpay.app);
const HOUR_MS = 60 * 60 * 1000;

let partner: TestPartner;
beforeAll(async () => {
  partner = await makePartner(evenpay.services.models, { name: 'Links Platform' });
});

const urls = { return_url: 'https://platform.example.com/onboarding/done', refresh_url: 'https://platform.example.com/onboarding/refresh' };

async function pendingMerchant(overrides: Record<string, unknown> = {}) {
  const res = await http.post('/v2/merchants', {
    auth: partner.bearer,
    body: { external_merchant_id: `links-${Math.random()}`, legal_name: 'Acme LLC', name: 'Acme Outdoor', country: 'US', currencies: ['USD'], ...overrides },
  });
  expect(res.status).toBe(201);
  return res.body as { id: string };
}

async function linkFor(merchantId: string) {
  const res = await http.post(`/v2/merchants/${merchantId}/onboarding-links`, { auth: partner.bearer, body: urls });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return { ...(res.body as { url: string; expires_at: string; created: string }), path: new URL(res.body.url).pathname };
}

describe('POST /v2/merchants/{merchantId}/onboarding-links', () => {
  it('makes a single-use link to the hosted page, valid for an hour', async () => {
    const created = await pendingMerchant();
    const res = await http.post(`/v2/merchants/${created.id}/onboarding-links`, { auth: partner.bearer, body: urls });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      object: 'onboarding_link',
      url: expect.stringMatching(/^https:\/\/evenpay\.test\/onboard\/[0-9A-Za-z]{32}$/),
      merchant: created.id,
      livemode: false,
      created: clock.now().toISOString(),
      expires_at: new Date(clock.now().getTime() + HOUR_MS).toISOString(),
      ...urls,
    });
    const row = await evenpay.services.models.OnboardingLink.findOne({ where: { merchantId: created.id } });
    expect(row!.tokenHash).not.toContain(res.body.url.split('/').at(-1));
  });

  it("refuses another partner's merchant (404), a merchant's key (403) and a return URL a browser must not open (400)", async () => {
    const theirs = await makeMerchant(evenpay.services.models, { name: 'Not Theirs' });
    expectProblem(await http.post(`/v2/merchants/${theirs.id}/onboarding-links`, { auth: partner.bearer, body: urls }), 404, 'merchant_not_found');
    const created = await pendingMerchant();
    expectProblem(await http.post(`/v2/merchants/${created.id}/onboarding-links`, { auth: merchant.bearer, body: urls }), 403, 'partner_key_required');
    const unsafe = await http.post(`/v2/merchants/${created.id}/onboarding-links`, {
      auth: partner.bearer,
      body: { ...urls, return_url: 'javascript:alert(1)' },
    });
    expectProblem(unsafe, 400, 'invalid_request');
    expect(pointers(unsafe)).toEqual(['/return_url']);
  });

  it('for a merchant an operator set up for both modes, takes the live key only (403 live_key_required)', async () => {
    const shared = await makeMerchant(evenpay.services.models, { name: 'Both Modes Shop', partnerId: partner.id });
    expectProblem(await http.post(`/v2/merchants/${shared.id}/onboarding-links`, { auth: partner.bearer, body: urls }), 403, 'live_key_required');
    const live = await http.post(`/v2/merchants/${shared.id}/onboarding-links`, { auth: `Bearer ${partner.liveSecretKey}`, body: urls });
    expect(live.status).toBe(201);
    expect(live.body.livemode).toBe(true);
  });

  it('keys its Idempotency-Key: in flight → 409, reused with another body → 422', async () => {
    const created = await pendingMerchant();
    const key = `link-${Math.random()}`;
    await evenpay.services.idempotency.claim({
      principalId: partner.id,
      merchantId: partner.id,
      livemode: false,
      key,
      operationId: 'createOnboardingLink',
      request: { params: { merchantId: created.id }, body: urls },
    });
    const inFlight = await http.post(`/v2/merchants/${created.id}/onboarding-links`, { auth: partner.bearer, body: urls, headers: { 'Idempotency-Key': key } });
    expectProblem(inFlight, 409, 'idempotency_request_in_flight');
    const used = `link-${Math.random()}`;
    await http.post(`/v2/merchants/${created.id}/onboarding-links`, { auth: partner.bearer, body: urls, headers: { 'Idempotency-Key': used } });
    const reused = await http.post(`/v2/merchants/${created.id}/onboarding-links`, {
      auth: partner.bearer,
      body: { ...urls, return_url: 'https://platform.example.com/elsewhere' },
      headers: { 'Idempotency-Key': used },
    });
    expectProblem(reused, 422, 'idempotency_key_reused');
  });
});

describe('the hosted onboarding page', () => {
  it('asks for what is due, under a strict policy; sending it moves the merchant to review, then active; the link is then used', async () => {
    const created = await pendingMerchant();
    const link = await linkFor(created.id);
    const page = await browser().get(link.path);
    expect(page.status).toBe(200);
    expect(page.headers['content-security-policy']).toContain("default-src 'none'");
    expect(page.headers['cache-control']).toBe('no-store');
    expect(page.text).toContain('Finish setting up Acme Outdoor');
    for (const name of ['website', 'category_code', 'support_email']) expect(page.text).toContain(`name="${name}"`);

    const wrong = await browser().post(link.path).type('form').send({ website: 'acme', category_code: '59', support_email: 'nope' });
    expect(wrong.status).toBe(422);
    expect(wrong.text).toContain('starting with https://');
    expect(wrong.text).toContain('four digits');
    expect(wrong.text).toContain('aria-invalid="true"');
    expect((await http.get(`/v2/merchants/${created.id}`, { auth: partner.bearer })).body.requirements.currently_due).toHaveLength(3);

    const sent = await browser()
      .post(link.path)
      .type('form')
      .send({ website: 'https://acme.example.com', category_code: '5941', support_email: 'help@acme.example.com' });
    expect(sent.status).toBe(200);
    expect(sent.text).toContain('is now being reviewed');
    expect(sent.text).toContain(`href="${urls.return_url}"`);
    const reviewed = await http.get(`/v2/merchants/${created.id}`, { auth: partner.bearer });
    expect(reviewed.body).toMatchObject({
      status: 'pending',
      website: 'https://acme.example.com',
      requirements: { currently_due: [], disabled_reason: 'under_review' },
    });
    // The change is the merchant's, made by its representative: no partner acted.
    const events = await http.get('/v2/events?type=merchant.updated&limit=1', { auth: partner.bearer, headers: { 'Evenpay-Merchant': created.id } });
    expect(events.body.data[0]).toMatchObject({ merchant: created.id, acting_partner: null });
    await evenpay.reviewMerchants();
    expect((await http.get(`/v2/merchants/${created.id}`, { auth: partner.bearer })).body.status).toBe('active');

    const again = await browser().get(link.path);
    expect(again.status).toBe(410);
    expect(again.text).toContain('This link was already used.');
    expect(again.text).toContain(`href="${urls.refresh_url}"`);
    expect((await browser().post(link.path).type('form').send({ website: 'https://other.example.com' })).status).toBe(410);
  });

  it('says an expired link has expired, and leads to refresh_url; a new link works', async () => {
    const created = await pendingMerchant();
    const old = await linkFor(created.id);
    clock.advance(HOUR_MS);
    const expired = await browser().get(old.path);
    expect(expired.status).toBe(410);
    expect(expired.text).toContain('This link has expired.');
    expect(expired.text).toContain(`href="${urls.refresh_url}"`);
    const fresh = await linkFor(created.id);
    expect((await browser().get(fresh.path)).status).toBe(200);
  });

  it('says when nothing is due, and answers an address that is no link with 404', async () => {
    const created = await pendingMerchant({ website: 'https://a.example.com', category_code: '5941', support_email: 'a@a.example.com' });
    const link = await linkFor(created.id);
    const page = await browser().get(link.path);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Nothing is needed from you');
    expect((await browser().get('/onboard/0000000000000000000000000000000x')).status).toBe(404);
    expect((await browser().get('/onboard/not-a-token')).status).toBe(404);
  });

  it('uses a link once when two submissions race', async () => {
    const created = await pendingMerchant({ category_code: '5941', support_email: 'a@a.example.com' });
    const link = await linkFor(created.id);
    const send = (website: string) => browser().post(link.path).type('form').send({ website });
    const answers = await Promise.all([send('https://one.example.com'), send('https://two.example.com')]);
    expect(answers.map((res) => res.status).sort()).toEqual([200, 410]);
  });
});
