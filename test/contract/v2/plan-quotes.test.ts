import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { components } from '../../../generated/v2/client.js';
import { fixedClock } from '../../../src/kernel/clock.js';
import { makeMerchant } from '../../factories/merchants.js';
import { appWithMerchant, startTestApp } from '../../helpers/app.js';
import { api } from '../../helpers/http.js';

type PlanQuote = components['schemas']['PlanQuote'];
type Plan = components['schemas']['Plan'];
type FieldError = components['schemas']['ProblemFieldError'];

const { evenpay, http, merchant } = appWithMerchant('Quote Test Co');

const planOf = (quote: PlanQuote, planId: string): Plan => {
  const plan = quote.plans.find((p) => p.plan_id === planId);
  if (!plan) throw new Error(`plan ${planId} not in quote: ${quote.plans.map((p) => p.plan_id).join(', ')}`);
  return plan;
};

const addDays = (isoDay: string, days: number): string => {
  const at = new Date(`${isoDay}T00:00:00Z`);
  at.setUTCDate(at.getUTCDate() + days);
  return at.toISOString().slice(0, 10);
};

describe('POST /v2/plan-quotes', () => {
  it('discloses the published reference vector: $800 at 15% APR for 12 months is 11 × 72.21 then 72.17', async () => {
    const res = await http.post('/v2/plan-quotes', { auth: merchant.bearer, body: { amount: 80_000, currency: 'USD', start_date: '2026-12-01' } });
    expect(res.status).toBe(200);
    const quote = res.body as PlanQuote;
    expect(quote).toMatchObject({ object: 'plan_quote', amount: 80_000, currency: 'USD', start_date: '2026-12-01' });
    expect(quote.plans.map((p) => p.plan_id)).toEqual(['pay_in_4', 'monthly_3', 'monthly_6', 'monthly_12']);

    const monthly12 = planOf(quote, 'monthly_12');
    expect(monthly12).toMatchObject({ type: 'monthly', installment_count: 12, interval: 'month', apr_bps: 1_500, installment_amount: 7_221 });
    expect(monthly12.disclosure).toMatchObject({
      amount_financed: 80_000,
      finance_charge: 6_648,
      apr_bps: 1_500,
      total_of_payments: 86_648,
      currency: 'USD',
    });
    const installments = monthly12.disclosure.installments;
    expect(installments.map((i) => i.amount)).toEqual([...Array<number>(11).fill(7_221), 7_217]);
    expect(installments.map((i) => i.number)).toEqual(Array.from({ length: 12 }, (_, n) => n + 1));
    expect(installments.map((i) => i.due_date)).toEqual([
      '2027-01-01',
      '2027-02-01',
      '2027-03-01',
      '2027-04-01',
      '2027-05-01',
      '2027-06-01',
      '2027-07-01',
      '2027-08-01',
      '2027-09-01',
      '2027-10-01',
      '2027-11-01',
      '2027-12-01',
    ]);
    expect(installments.reduce((sum, i) => sum + i.principal, 0)).toBe(80_000);
    expect(installments.reduce((sum, i) => sum + i.interest, 0)).toBe(6_648);
    expect(installments.every((i) => i.principal + i.interest === i.amount)).toBe(true);
  });

  it('splits pay-in-4 with the remainder cents on the first installments, due every 14 days from the start date', async () => {
    const res = await http.post('/v2/plan-quotes', { auth: merchant.bearer, body: { amount: 10_003, currency: 'USD', start_date: '2026-12-01' } });
    expect(res.status).toBe(200);
    const payIn4 = planOf(res.body as PlanQuote, 'pay_in_4');
    expect(payIn4).toMatchObject({ type: 'pay_in_4', installment_count: 4, interval: 'two_weeks', apr_bps: 0, installment_amount: 2_501 });
    expect(payIn4.disclosure).toMatchObject({ amount_financed: 10_003, finance_charge: 0, total_of_payments: 10_003, apr_bps: 0 });
    expect(payIn4.disclosure.installments.map((i) => i.amount)).toEqual([2_501, 2_501, 2_501, 2_500]);
    expect(payIn4.disclosure.installments.map((i) => i.interest)).toEqual([0, 0, 0, 0]);
    expect(payIn4.disclosure.installments.map((i) => i.due_date)).toEqual([0, 14, 28, 42].map((d) => addDays('2026-12-01', d)));
    expect(payIn4.disclosure.installments.map((i) => i.due_date)).toEqual(['2026-12-01', '2026-12-15', '2026-12-29', '2027-01-12']);
  });

  it('lists only the plans whose limits include the amount', async () => {
    const small = await http.post('/v2/plan-quotes', { auth: merchant.bearer, body: { amount: 5_000, currency: 'USD', start_date: '2026-12-01' } });
    expect(small.status).toBe(200);
    expect((small.body as PlanQuote).plans.map((p) => p.plan_id)).toEqual(['pay_in_4']);

    const mid = await http.post('/v2/plan-quotes', { auth: merchant.bearer, body: { amount: 25_000, currency: 'USD', start_date: '2026-12-01' } });
    expect((mid.body as PlanQuote).plans.map((p) => p.plan_id)).toEqual(['pay_in_4', 'monthly_3', 'monthly_6']);

    const large = await http.post('/v2/plan-quotes', { auth: merchant.bearer, body: { amount: 3_000_000, currency: 'USD', start_date: '2026-12-01' } });
    expect((large.body as PlanQuote).plans.map((p) => p.plan_id)).toEqual(['monthly_12']);
  });

  it('answers an empty plans list, not an error, when the amount is below every plan', async () => {
    const res = await http.post('/v2/plan-quotes', { auth: merchant.bearer, body: { amount: 2_000, currency: 'USD', start_date: '2026-12-01' } });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ object: 'plan_quote', amount: 2_000, currency: 'USD', start_date: '2026-12-01', plans: [] });
  });

  it('gives the same answer for the same request: quotes are computed, not stored', async () => {
    const body = { amount: 123_456, currency: 'USD', start_date: '2027-01-31' };
    const first = await http.post('/v2/plan-quotes', { auth: merchant.bearer, body });
    const second = await http.post('/v2/plan-quotes', { auth: merchant.bearer, body });
    expect(first.status).toBe(200);
    expect(second.body).toEqual(first.body);
    expect(second.headers['idempotent-replayed']).toBeUndefined();
  });

  it('starts the loan today (UTC) when no start_date is sent', async () => {
    const clocked = await startTestApp({ clock: fixedClock('2026-03-15T12:00:00Z') });
    try {
      const res = await api(clocked.app).post('/v2/plan-quotes', { auth: merchant.bearer, body: { amount: 10_000, currency: 'USD' } });
      expect(res.status).toBe(200);
      const quote = res.body as PlanQuote;
      expect(quote.start_date).toBe('2026-03-15');
      expect(planOf(quote, 'pay_in_4').disclosure.installments[0]?.due_date).toBe('2026-03-15');
      expect(planOf(quote, 'monthly_3').disclosure.installments[0]?.due_date).toBe('2026-04-15');
    } finally {
      await clocked.close();
    }
  });

  describe('refuses an invalid request with 400 invalid_request naming the field', () => {
    it.each([
      ['an amount of zero', { amount: 0, currency: 'USD' }, '/amount'],
      ['a fractional amount', { amount: 100.5, currency: 'USD' }, '/amount'],
      ['an amount sent as a string', { amount: 'abc', currency: 'USD' }, '/amount'],
      ['a negative amount', { amount: -100, currency: 'USD' }, '/amount'],
      ['a missing currency', { amount: 10_000 }, '/currency'],
      ['a lower-case currency', { amount: 10_000, currency: 'usd' }, '/currency'],
      ['an unknown field', { amount: 10_000, currency: 'USD', apr: 0 }, '/apr'],
      ['a start_date that is not a date', { amount: 10_000, currency: 'USD', start_date: 'tomorrow' }, '/start_date'],
      ['a start_date with a month that does not exist', { amount: 10_000, currency: 'USD', start_date: '2026-13-01' }, '/start_date'],
      ['a start_date with a day that does not exist', { amount: 10_000, currency: 'USD', start_date: '2026-02-30' }, '/start_date'],
      ['a start_date with a time of day', { amount: 10_000, currency: 'USD', start_date: '2026-12-01T00:00:00Z' }, '/start_date'],
    ])('%s', async (_what, body, pointer) => {
      const res = await http.post('/v2/plan-quotes', { auth: merchant.bearer, body });
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body).toMatchObject({ code: 'invalid_request', status: 400, request_id: res.headers['request-id'], instance: '/v2/plan-quotes' });
      expect((res.body.errors as FieldError[]).map((e) => e.pointer)).toContain(pointer);
    });

    it('names every missing required field of an empty body', async () => {
      const res = await http.post('/v2/plan-quotes', { auth: merchant.bearer, body: {} });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('invalid_request');
      expect((res.body.errors as FieldError[]).map((e) => e.pointer).sort()).toEqual(['/amount', '/currency']);
    });

    it.each([
      ['ends after the year 9999', '9999-12-01'],
      ['starts in the year 0', '0000-06-01'],
    ])('refuses a start_date whose schedule %s with 400, never a server error', async (_what, startDate) => {
      const res = await http.post('/v2/plan-quotes', { auth: merchant.bearer, body: { amount: 80_000, currency: 'USD', start_date: startDate } });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('invalid_request');
      expect((res.body.errors as FieldError[]).map((e) => e.pointer)).toContain('/start_date');
    });
  });

  it('asks for a key when none is sent', async () => {
    const res = await http.post('/v2/plan-quotes', { body: { amount: 80_000, currency: 'USD' } });
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({ code: 'authentication_required', request_id: res.headers['request-id'] });
    expect(res.headers['www-authenticate']).toBe('Bearer realm="evenpay"');
  });

  it('refuses a currency the merchant does not accept with 422 currency_not_supported', async () => {
    const usdOnly = await makeMerchant(evenpay.services.models, { currencies: ['USD'] });
    const res = await http.post('/v2/plan-quotes', { auth: usdOnly.bearer, body: { amount: 80_000, currency: 'CAD' } });
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ code: 'currency_not_supported', status: 422, type: 'https://docs.evenpay.test/errors#currency_not_supported' });
    expect(res.body.errors[0]).toMatchObject({ pointer: '/currency' });
  });

  it('quotes in any currency the merchant accepts', async () => {
    const multi = await makeMerchant(evenpay.services.models, { currencies: ['USD', 'CAD'] });
    const res = await http.post('/v2/plan-quotes', { auth: multi.bearer, body: { amount: 80_000, currency: 'CAD', start_date: '2026-12-01' } });
    expect(res.status).toBe(200);
    expect(res.body.currency).toBe('CAD');
    expect(planOf(res.body as PlanQuote, 'monthly_12').disclosure.currency).toBe('CAD');
  });

  describe('with an Idempotency-Key', () => {
    it('replays the first response for the same key and the same body', async () => {
      const key = randomUUID();
      const body = { amount: 80_000, currency: 'USD', start_date: '2026-12-01' };
      const first = await http.post('/v2/plan-quotes', { auth: merchant.bearer, body, headers: { 'Idempotency-Key': key } });
      expect(first.status).toBe(200);
      expect(first.headers['idempotent-replayed']).toBeUndefined();

      const again = await http.post('/v2/plan-quotes', { auth: merchant.bearer, body, headers: { 'Idempotency-Key': key } });
      expect(again.status).toBe(200);
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect(again.body).toEqual(first.body);
      expect(again.headers['request-id']).not.toBe(first.headers['request-id']);
    });

    it('treats the same body with its keys in another order as the same request', async () => {
      const key = randomUUID();
      const first = await http.post('/v2/plan-quotes', {
        auth: merchant.bearer,
        body: { amount: 9_000, currency: 'USD' },
        headers: { 'Idempotency-Key': key },
      });
      const again = await http.post('/v2/plan-quotes', {
        auth: merchant.bearer,
        body: { currency: 'USD', amount: 9_000 },
        headers: { 'Idempotency-Key': key },
      });
      expect(first.status).toBe(200);
      expect(again.status).toBe(200);
      expect(again.headers['idempotent-replayed']).toBe('true');
    });

    it('refuses the same key with a different body with 422 idempotency_key_reused', async () => {
      const key = randomUUID();
      const first = await http.post('/v2/plan-quotes', {
        auth: merchant.bearer,
        body: { amount: 80_000, currency: 'USD' },
        headers: { 'Idempotency-Key': key },
      });
      expect(first.status).toBe(200);
      const other = await http.post('/v2/plan-quotes', {
        auth: merchant.bearer,
        body: { amount: 80_001, currency: 'USD' },
        headers: { 'Idempotency-Key': key },
      });
      expect(other.status).toBe(422);
      expect(other.body).toMatchObject({ code: 'idempotency_key_reused', status: 422 });
      expect(other.body.errors[0]).toMatchObject({ parameter: 'Idempotency-Key' });
      expect(other.headers['idempotent-replayed']).toBeUndefined();
    });

    it('answers 409 idempotency_request_in_flight with Retry-After while the first request still runs', async () => {
      const key = randomUUID();
      const body = { amount: 80_000, currency: 'USD', start_date: '2026-12-01' };
      // What operations.ts fingerprints: the operation, the path parameters and the validated body.
      const claim = await evenpay.services.idempotency.claim({
        principalId: merchant.id,
        merchantId: merchant.id,
        livemode: false,
        key,
        operationId: 'createPlanQuote',
        request: { params: {}, body },
      });
      expect(claim.kind).toBe('owner');

      const res = await http.post('/v2/plan-quotes', { auth: merchant.bearer, body, headers: { 'Idempotency-Key': key } });
      expect(res.status).toBe(409);
      expect(res.body).toMatchObject({ code: 'idempotency_request_in_flight', status: 409, request_id: res.headers['request-id'] });
      expect(res.body.detail).toContain(key);
      expect(Number(res.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    });

    it('rejects a malformed Idempotency-Key with 400', async () => {
      const res = await http.post('/v2/plan-quotes', {
        auth: merchant.bearer,
        body: { amount: 80_000, currency: 'USD' },
        headers: { 'Idempotency-Key': 'has spaces in it' },
      });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('invalid_request');
      expect((res.body.errors as FieldError[]).map((e) => e.parameter)).toContain('Idempotency-Key');
    });
  });
});
