// POST /v2/checkouts with an Idempotency-Key: the same key and body replay the stored answer (a
// 422 included) and store one checkout, even when ten requests race; another body is refused;
// a 400 is not stored; keys are scoped to the merchant and the mode; a request still running
// answers 409, a claim whose lease ran out is taken over, and a key is kept for 24 hours.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { IdempotencyStore } from '../../../src/http/idempotency.js';
import { fixedClock } from '../../../src/kernel/clock.js';
import { checkoutBody } from '../../factories/checkouts.js';
import { makeMerchant } from '../../factories/merchants.js';
import { appWithMerchant, startTestApp } from '../../helpers/app.js';
import { api } from '../../helpers/http.js';
import { parameters } from '../../helpers/problem.js';

const { evenpay, http } = appWithMerchant('Checkout Test Co');

const countCheckouts = (merchantId: string) => evenpay.services.models.Checkout.count({ where: { merchantId } });

describe('POST /v2/checkouts', () => {
  describe('with an Idempotency-Key', () => {
    it('replays the same checkout for the same key and body, and stores it once', async () => {
      const owner = await makeMerchant(evenpay.services.models);
      const key = randomUUID();
      const body = checkoutBody();
      const first = await http.post('/v2/checkouts', { auth: owner.bearer, body, headers: { 'Idempotency-Key': key } });
      expect(first.status).toBe(201);
      expect(first.headers['idempotent-replayed']).toBeUndefined();

      const again = await http.post('/v2/checkouts', { auth: owner.bearer, body, headers: { 'Idempotency-Key': key } });
      expect(again.status).toBe(201);
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect(again.body).toEqual(first.body);
      expect(again.body.id).toBe(first.body.id);
      expect(again.headers.location).toBe(`/v2/checkouts/${first.body.id}`);
      expect(await countCheckouts(owner.id)).toBe(1);
    });

    it('refuses the same key with a different body with 422 idempotency_key_reused', async () => {
      const owner = await makeMerchant(evenpay.services.models);
      const key = randomUUID();
      const first = await http.post('/v2/checkouts', { auth: owner.bearer, body: checkoutBody({ order_id: 'ORD-A' }), headers: { 'Idempotency-Key': key } });
      expect(first.status).toBe(201);
      const other = await http.post('/v2/checkouts', { auth: owner.bearer, body: checkoutBody({ order_id: 'ORD-B' }), headers: { 'Idempotency-Key': key } });
      expect(other.status).toBe(422);
      expect(other.body.code).toBe('idempotency_key_reused');
      expect(parameters(other)).toEqual(['Idempotency-Key']);
      expect(await countCheckouts(owner.id)).toBe(1);
    });

    it('replays a business-rule refusal as the same 422 with the replay header', async () => {
      const owner = await makeMerchant(evenpay.services.models);
      const key = randomUUID();
      const body = checkoutBody({ total_amount: 15_000 });
      const first = await http.post('/v2/checkouts', { auth: owner.bearer, body, headers: { 'Idempotency-Key': key } });
      expect(first.status).toBe(422);
      expect(first.body.code).toBe('checkout_total_mismatch');
      expect(first.headers['idempotent-replayed']).toBeUndefined();

      const again = await http.post('/v2/checkouts', { auth: owner.bearer, body, headers: { 'Idempotency-Key': key } });
      expect(again.status).toBe(422);
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect(again.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(again.body).toEqual(first.body);
      expect(await countCheckouts(owner.id)).toBe(0);
    });

    it('does not store a 400 under the key: the corrected request runs', async () => {
      const owner = await makeMerchant(evenpay.services.models);
      const key = randomUUID();
      const bad = await http.post('/v2/checkouts', { auth: owner.bearer, body: checkoutBody({ items: [] }), headers: { 'Idempotency-Key': key } });
      expect(bad.status).toBe(400);
      const good = await http.post('/v2/checkouts', { auth: owner.bearer, body: checkoutBody(), headers: { 'Idempotency-Key': key } });
      expect(good.status).toBe(201);
      expect(good.headers['idempotent-replayed']).toBeUndefined();
    });

    it('scopes keys to the merchant: two merchants can use the same key independently', async () => {
      const a = await makeMerchant(evenpay.services.models);
      const b = await makeMerchant(evenpay.services.models);
      const key = randomUUID();
      const forA = await http.post('/v2/checkouts', { auth: a.bearer, body: checkoutBody({ order_id: 'ORD-A' }), headers: { 'Idempotency-Key': key } });
      const forB = await http.post('/v2/checkouts', { auth: b.bearer, body: checkoutBody({ order_id: 'ORD-B' }), headers: { 'Idempotency-Key': key } });
      expect(forA.status).toBe(201);
      expect(forB.status).toBe(201);
      expect(forB.headers['idempotent-replayed']).toBeUndefined();
      expect(forB.body.id).not.toBe(forA.body.id);
      expect(forB.body.order_id).toBe('ORD-B');
      expect(await countCheckouts(a.id)).toBe(1);
      expect(await countCheckouts(b.id)).toBe(1);
    });

    it('scopes keys to the mode: the same key with the live key is a new request', async () => {
      const owner = await makeMerchant(evenpay.services.models);
      const key = randomUUID();
      const test = await http.post('/v2/checkouts', { auth: owner.bearer, body: checkoutBody(), headers: { 'Idempotency-Key': key } });
      const live = await http.post('/v2/checkouts', { auth: `Bearer ${owner.liveSecretKey}`, body: checkoutBody(), headers: { 'Idempotency-Key': key } });
      expect(test.status).toBe(201);
      expect(live.status).toBe(201);
      expect(live.headers['idempotent-replayed']).toBeUndefined();
      expect(live.body.livemode).toBe(true);
      expect(live.body.id).not.toBe(test.body.id);
    });

    it('creates exactly one checkout when 10 identical requests race', async () => {
      const owner = await makeMerchant(evenpay.services.models);
      const key = randomUUID();
      const body = checkoutBody();
      const responses = await Promise.all(
        Array.from({ length: 10 }, () => http.post('/v2/checkouts', { auth: owner.bearer, body, headers: { 'Idempotency-Key': key } })),
      );
      for (const res of responses) {
        expect([201, 409]).toContain(res.status);
        if (res.status === 409) {
          expect(res.body.code).toBe('idempotency_request_in_flight');
          expect(res.headers['retry-after']).toBeDefined();
        }
      }
      const created = responses.filter((res) => res.status === 201);
      expect(created.length).toBeGreaterThanOrEqual(1);
      expect(new Set(created.map((res) => res.body.id)).size).toBe(1);
      expect(created.filter((res) => res.headers['idempotent-replayed'] === undefined)).toHaveLength(1);
      expect(await countCheckouts(owner.id)).toBe(1);

      // Once the race is over every retry gets the stored checkout.
      const settled = await http.post('/v2/checkouts', { auth: owner.bearer, body, headers: { 'Idempotency-Key': key } });
      expect(settled.status).toBe(201);
      expect(settled.headers['idempotent-replayed']).toBe('true');
      expect(settled.body.id).toBe(created[0]!.body.id);
    });

    it('answers 409 idempotency_request_in_flight with Retry-After while the first request still runs', async () => {
      const owner = await makeMerchant(evenpay.services.models);
      const key = randomUUID();
      const body = checkoutBody();
      await evenpay.services.idempotency.claim({
        principalId: owner.id,
        merchantId: owner.id,
        livemode: false,
        key,
        operationId: 'createCheckout',
        request: { params: {}, body },
      });
      const res = await http.post('/v2/checkouts', { auth: owner.bearer, body, headers: { 'Idempotency-Key': key } });
      expect(res.status).toBe(409);
      expect(res.body).toMatchObject({ code: 'idempotency_request_in_flight', request_id: res.headers['request-id'] });
      expect(res.headers['retry-after']).toBe('1');
      expect(await countCheckouts(owner.id)).toBe(0);
    });

    it('takes over a claim abandoned by a request that died, and runs the request', async () => {
      const owner = await makeMerchant(evenpay.services.models);
      const key = randomUUID();
      const body = checkoutBody();
      // A claim made two minutes ago whose response was never stored: its lease has run out, and
      // that decides even when nobody can tell whether its process is gone (here: never).
      const unknowable = { id: 'unknown-host:1:0', isGone: async () => false, close: async () => undefined };
      const twoMinutesAgo = new IdempotencyStore(evenpay.services.models, evenpay.services.uow, fixedClock(new Date(Date.now() - 2 * 60 * 1000)), unknowable);
      const abandoned = await twoMinutesAgo.claim({
        principalId: owner.id,
        merchantId: owner.id,
        livemode: false,
        key,
        operationId: 'createCheckout',
        request: { params: {}, body },
      });
      expect(abandoned.kind).toBe('owner');

      const res = await http.post('/v2/checkouts', { auth: owner.bearer, body, headers: { 'Idempotency-Key': key } });
      expect(res.status).toBe(201);
      expect(res.headers['idempotent-replayed']).toBeUndefined();
      const again = await http.post('/v2/checkouts', { auth: owner.bearer, body, headers: { 'Idempotency-Key': key } });
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect(again.body.id).toBe(res.body.id);
      expect(await countCheckouts(owner.id)).toBe(1);
    });

    it('keeps a key for 24 hours, then lets it be reused for a different request', async () => {
      const clock = fixedClock('2026-06-01T10:00:00Z');
      const clocked = await startTestApp({ clock });
      try {
        const client = api(clocked.app);
        const owner = await makeMerchant(clocked.services.models);
        const key = randomUUID();
        const first = await client.post('/v2/checkouts', {
          auth: owner.bearer,
          body: checkoutBody({ order_id: 'ORD-DAY-1' }),
          headers: { 'Idempotency-Key': key },
        });
        expect(first.status).toBe(201);
        expect(first.body.created).toBe('2026-06-01T10:00:00.000Z');
        expect(first.body.expires_at).toBe('2026-06-02T10:00:00.000Z');

        clock.advance(23 * 60 * 60 * 1000);
        const tooSoon = await client.post('/v2/checkouts', {
          auth: owner.bearer,
          body: checkoutBody({ order_id: 'ORD-DAY-2' }),
          headers: { 'Idempotency-Key': key },
        });
        expect(tooSoon.status).toBe(422);
        expect(tooSoon.body.code).toBe('idempotency_key_reused');

        clock.advance(2 * 60 * 60 * 1000); // 25 h after the first use
        const reused = await client.post('/v2/checkouts', {
          auth: owner.bearer,
          body: checkoutBody({ order_id: 'ORD-DAY-2' }),
          headers: { 'Idempotency-Key': key },
        });
        expect(reused.status).toBe(201);
        expect(reused.headers['idempotent-replayed']).toBeUndefined();
        expect(reused.body.id).not.toBe(first.body.id);
        expect(reused.body.order_id).toBe('ORD-DAY-2');
        expect(await countCheckouts(owner.id)).toBe(2);
      } finally {
        await clocked.close();
      }
    });
  });
});
