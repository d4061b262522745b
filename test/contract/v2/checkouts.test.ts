// The checkout resource over v2: POST creates an open checkout (totals, defaults, livemode) or
// refuses it (422 for a business rule, 400 for a malformed request, never with a stack trace);
// GET reads one, only the merchant's own and only in its mode; the list walks them newest first
// with cursors. (checkout-idempotency.test.ts has POST with an Idempotency-Key.)
import type { Response } from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import type { components } from '../../../generated/v2/client.js';
import { type CreateCheckoutBody, checkoutBody } from '../../factories/checkouts.js';
import { makeMerchant, type TestMerchant } from '../../factories/merchants.js';
import { appWithMerchant } from '../../helpers/app.js';
import { parameters, pointers } from '../../helpers/problem.js';

type Checkout = components['schemas']['Checkout'];
type CheckoutList = components['schemas']['CheckoutList'];

const DAY_MS = 24 * 60 * 60 * 1000;

const { evenpay, http, merchant } = appWithMerchant('Checkout Test Co');

const countCheckouts = (merchantId: string) => evenpay.services.models.Checkout.count({ where: { merchantId } });

const createCheckout = async (owner: TestMerchant, overrides: Partial<CreateCheckoutBody> = {}): Promise<Checkout> => {
  const res = await http.post('/v2/checkouts', { auth: owner.bearer, body: checkoutBody(overrides) });
  expect(res.status).toBe(201);
  return res.body as Checkout;
};

/** Creates `n` checkouts one after the other; returns their ids, oldest first. */
const createCheckouts = async (owner: TestMerchant, n: number): Promise<string[]> => {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) ids.push((await createCheckout(owner, { order_id: `ORD-${i + 1}` })).id);
  return ids;
};

/** A problem body never carries a stack trace or a server path. */
const expectNoStackTrace = (res: Response): void => {
  const text = `${JSON.stringify(res.body)}\n${res.text}`;
  expect(text).not.toMatch(/\bat\s+(?:[^\s(]+\s+\()?\/[^\s)]*:\d+/);
  expect(text).not.toContain('node_modules');
  expect(text).not.toMatch(/\/work\/|\/src\/|\.ts:\d+/);
};

describe('POST /v2/checkouts', () => {
  it('creates an open checkout with a Location header, a redirect URL and a 24 h expiry', async () => {
    const body = checkoutBody({ customer: { email: 'jane.doe@example.com', first_name: 'Jane', last_name: 'Doe', phone: '+14155550123' } });
    const before = Date.now();
    const res = await http.post('/v2/checkouts', { auth: merchant.bearer, body });
    const after = Date.now();
    expect(res.status).toBe(201);
    const checkout = res.body as Checkout;
    expect(checkout.id).toMatch(/^chk_[0-9A-Za-z]{20}$/);
    expect(res.headers.location).toBe(`/v2/checkouts/${checkout.id}`);
    expect(res.headers['idempotent-replayed']).toBeUndefined();
    expect(checkout).toEqual({
      id: checkout.id,
      object: 'checkout',
      livemode: false,
      status: 'open',
      plan_id: null,
      decline_category: null,
      transaction_id: null,
      order_id: body.order_id,
      currency: 'USD',
      items: body.items,
      shipping_amount: 500,
      tax_amount: 1_000,
      discount_amount: 0,
      total_amount: 15_500,
      customer: body.customer,
      confirm_url: 'https://shop.example.com/evenpay/confirm',
      cancel_url: 'https://shop.example.com/cart',
      redirect_url: `http://evenpay.test/pay/${checkout.id}`,
      metadata: { cart_id: 'cart_9912' },
      created: expect.any(String),
      expires_at: expect.any(String),
    });
    const created = new Date(checkout.created).getTime();
    expect(created).toBeGreaterThanOrEqual(before - 1);
    expect(created).toBeLessThanOrEqual(after + 1);
    expect(new Date(checkout.expires_at).getTime() - created).toBe(DAY_MS);
  });

  it('accepts totals with quantities above one and a discount: items + shipping + tax − discount', async () => {
    // 3 × 2 499 + 2 × 1 250 = 9 997; + 799 shipping + 650 tax − 1 000 discount = 10 446.
    const items = [
      { sku: 'TEE-BLK-M', name: 'Black tee, M', unit_price: 2_499, quantity: 3 },
      { sku: 'CAP-01', name: 'Cap', unit_price: 1_250, quantity: 2 },
    ];
    const res = await http.post('/v2/checkouts', {
      auth: merchant.bearer,
      body: checkoutBody({ items, shipping_amount: 799, tax_amount: 650, discount_amount: 1_000, total_amount: 10_446 }),
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ items, shipping_amount: 799, tax_amount: 650, discount_amount: 1_000, total_amount: 10_446 });
  });

  it('defaults shipping, tax and discount to 0 and metadata to {} when they are left out', async () => {
    const {
      shipping_amount: _s,
      tax_amount: _t,
      discount_amount: _d,
      metadata: _m,
      ...body
    } = checkoutBody({
      items: [{ sku: 'BOOT-1', name: 'Boots', unit_price: 12_345, quantity: 1 }],
      total_amount: 12_345,
    });
    const res = await http.post('/v2/checkouts', { auth: merchant.bearer, body });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ shipping_amount: 0, tax_amount: 0, discount_amount: 0, total_amount: 12_345, metadata: {} });
  });

  it('marks a checkout made with a live key as livemode', async () => {
    const res = await http.post('/v2/checkouts', { auth: `Bearer ${merchant.liveSecretKey}`, body: checkoutBody() });
    expect(res.status).toBe(201);
    expect(res.body.livemode).toBe(true);
  });

  describe('refuses a checkout that breaks a business rule with 422', () => {
    it('answers checkout_total_mismatch at /total_amount with the expected total when the totals do not add up', async () => {
      const res = await http.post('/v2/checkouts', { auth: merchant.bearer, body: checkoutBody({ total_amount: 15_000 }) });
      expect(res.status).toBe(422);
      expect(res.body).toMatchObject({
        code: 'checkout_total_mismatch',
        status: 422,
        type: 'https://docs.evenpay.test/errors#checkout_total_mismatch',
        instance: '/v2/checkouts',
        request_id: res.headers['request-id'],
      });
      expect(res.body.detail).toContain('15500');
      expect(res.body.errors[0]).toMatchObject({ pointer: '/total_amount' });
      expect(res.body.errors[0].detail).toContain('15500');
    });

    it('counts the discount against the total', async () => {
      const res = await http.post('/v2/checkouts', { auth: merchant.bearer, body: checkoutBody({ discount_amount: 500 }) });
      expect(res.status).toBe(422);
      expect(res.body.code).toBe('checkout_total_mismatch');
      expect(res.body.errors[0].detail).toContain('15000');
    });

    it('answers amount_not_financeable at /total_amount for a total above every plan maximum', async () => {
      const res = await http.post('/v2/checkouts', {
        auth: merchant.bearer,
        body: checkoutBody({
          items: [{ sku: 'SOFA-XL', name: 'Sofa', unit_price: 5_000_000, quantity: 1 }],
          shipping_amount: 0,
          tax_amount: 0,
          discount_amount: 0,
          total_amount: 5_000_000,
        }),
      });
      expect(res.status).toBe(422);
      expect(res.body.code).toBe('amount_not_financeable');
      expect(res.body.errors[0]).toMatchObject({ pointer: '/total_amount', detail: 'must be between 3500 and 3000000' });
    });

    it('answers amount_not_financeable for a total below every plan minimum', async () => {
      const res = await http.post('/v2/checkouts', {
        auth: merchant.bearer,
        body: checkoutBody({
          items: [{ sku: 'PEN', name: 'Pen', unit_price: 2_000, quantity: 1 }],
          shipping_amount: 0,
          tax_amount: 0,
          discount_amount: 0,
          total_amount: 2_000,
        }),
      });
      expect(res.status).toBe(422);
      expect(res.body.code).toBe('amount_not_financeable');
      expect(res.body.errors[0].pointer).toBe('/total_amount');
    });

    it('answers currency_not_supported at /currency for a currency the merchant does not accept', async () => {
      const usdOnly = await makeMerchant(evenpay.services.models, { currencies: ['USD'] });
      const res = await http.post('/v2/checkouts', { auth: usdOnly.bearer, body: checkoutBody({ currency: 'CAD' }) });
      expect(res.status).toBe(422);
      expect(res.body.code).toBe('currency_not_supported');
      expect(res.body.errors[0]).toMatchObject({ pointer: '/currency' });
      expect(await countCheckouts(usdOnly.id)).toBe(0);
    });
  });

  describe('refuses a malformed request with 400 and never shows a stack trace', () => {
    const item = { sku: 'SHOE-RUN-42', name: 'Trail running shoes', unit_price: 11_000, quantity: 1 };
    const tooManyKeys = Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`key_${i}`, 'v']));

    it.each<[string, Record<string, unknown>, string]>([
      ['missing items', (({ items: _items, ...rest }) => rest)(checkoutBody()), '/items'],
      ['an empty items list', checkoutBody({ items: [] }), '/items'],
      ['a quantity of zero', checkoutBody({ items: [{ ...item, quantity: 0 }] }), '/items/0/quantity'],
      ['a fractional unit price', { ...checkoutBody(), items: [{ ...item, unit_price: 110.5 }] }, '/items/0/unit_price'],
      ['an invalid customer email', checkoutBody({ customer: { email: 'not-an-email', first_name: 'Jane', last_name: 'Doe' } }), '/customer/email'],
      [
        'a phone number not in E.164',
        checkoutBody({ customer: { email: 'j@example.com', first_name: 'J', last_name: 'D', phone: '555-0123' } }),
        '/customer/phone',
      ],
      ['a confirm_url that is not a URL', checkoutBody({ confirm_url: 'not a url' }), '/confirm_url'],
      // The spec's `format: uri` lets these through; no browser can open them, or they run code.
      ['a confirm_url with a port past 65535', checkoutBody({ confirm_url: 'https://shop.example.com:99999/done' }), '/confirm_url'],
      ['a confirm_url with an IPv4 host out of range', checkoutBody({ confirm_url: 'https://999.1.1.1/done' }), '/confirm_url'],
      ['a javascript: confirm_url', checkoutBody({ confirm_url: 'javascript:alert(1)' }), '/confirm_url'],
      ['a data: cancel_url', checkoutBody({ cancel_url: 'data:text/html,<h1>hi</h1>' }), '/cancel_url'],
      ['a file: cancel_url', checkoutBody({ cancel_url: 'file:///etc/passwd' }), '/cancel_url'],
      ['an unknown top-level field', { ...checkoutBody(), coupon: 'SAVE10' }, '/coupon'],
      ['metadata with 21 keys', checkoutBody({ metadata: tooManyKeys }), '/metadata'],
      ['a negative shipping amount', checkoutBody({ shipping_amount: -1 }), '/shipping_amount'],
    ])('answers invalid_request for %s', async (_what, body, pointer) => {
      const res = await http.post('/v2/checkouts', { auth: merchant.bearer, body });
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body).toMatchObject({ code: 'invalid_request', status: 400, request_id: res.headers['request-id'] });
      expect(pointers(res)).toContain(pointer);
      expectNoStackTrace(res);
    });

    it('lists every invalid field, not just the first', async () => {
      const res = await http.post('/v2/checkouts', {
        auth: merchant.bearer,
        body: checkoutBody({ items: [{ ...item, quantity: 0 }], customer: { email: 'nope', first_name: 'Jane', last_name: 'Doe' } }),
      });
      expect(res.status).toBe(400);
      expect(pointers(res)).toEqual(expect.arrayContaining(['/items/0/quantity', '/customer/email']));
    });

    it('answers malformed_json for a body that is not valid JSON', async () => {
      const res = await http.post('/v2/checkouts', { auth: merchant.bearer, raw: '{"order_id": ', headers: { 'Content-Type': 'application/json' } });
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body).toMatchObject({ code: 'malformed_json', status: 400, request_id: res.headers['request-id'] });
      expectNoStackTrace(res);
    });

    it('answers 415 unsupported_media_type for a text/plain body', async () => {
      const res = await http.post('/v2/checkouts', { auth: merchant.bearer, raw: 'order_id=ORD-1', headers: { 'Content-Type': 'text/plain' } });
      expect(res.status).toBe(415);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body).toMatchObject({ code: 'unsupported_media_type', status: 415, request_id: res.headers['request-id'] });
      expectNoStackTrace(res);
    });

    it('stores nothing for a refused request', async () => {
      const fresh = await makeMerchant(evenpay.services.models);
      await http.post('/v2/checkouts', { auth: fresh.bearer, body: checkoutBody({ items: [] }) });
      await http.post('/v2/checkouts', { auth: fresh.bearer, body: checkoutBody({ total_amount: 1 }) });
      expect(await countCheckouts(fresh.id)).toBe(0);
    });
  });

  it('asks for a key when none is sent', async () => {
    const res = await http.post('/v2/checkouts', { body: checkoutBody() });
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('authentication_required');
  });
});

describe('GET /v2/checkouts/{checkoutId}', () => {
  it("returns the merchant's checkout exactly as it was created", async () => {
    const created = await createCheckout(merchant);
    const res = await http.get(`/v2/checkouts/${created.id}`, { auth: merchant.bearer });
    expect(res.status).toBe(200);
    expect(res.body).toEqual(created);
  });

  it("answers 404 resource_not_found for another merchant's checkout", async () => {
    const other = await makeMerchant(evenpay.services.models);
    const theirs = await createCheckout(other);
    const res = await http.get(`/v2/checkouts/${theirs.id}`, { auth: merchant.bearer });
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ code: 'resource_not_found', status: 404, instance: `/v2/checkouts/${theirs.id}`, request_id: res.headers['request-id'] });
    expect(JSON.stringify(res.body)).not.toContain(other.id);
  });

  it('answers 404 resource_not_found for a well-formed id that does not exist', async () => {
    const res = await http.get('/v2/checkouts/chk_00000000000000000000', { auth: merchant.bearer });
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('resource_not_found');
  });

  it('does not show a test-mode checkout to the live key', async () => {
    const created = await createCheckout(merchant);
    const res = await http.get(`/v2/checkouts/${created.id}`, { auth: `Bearer ${merchant.liveSecretKey}` });
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('resource_not_found');
  });

  it('answers 400 invalid_request for a malformed id', async () => {
    const res = await http.get('/v2/checkouts/not_a_checkout', { auth: merchant.bearer });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('invalid_request');
    expect(parameters(res)).toContain('checkoutId');
  });

  it('asks for a key when none is sent', async () => {
    const created = await createCheckout(merchant);
    const res = await http.get(`/v2/checkouts/${created.id}`);
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('authentication_required');
  });
});

describe('GET /v2/checkouts', () => {
  let lister: TestMerchant;
  /** Oldest first. */
  let ids: string[];
  let newestFirst: string[];

  beforeAll(async () => {
    lister = await makeMerchant(evenpay.services.models, { name: 'List Test Co' });
    ids = await createCheckouts(lister, 5);
    newestFirst = [...ids].reverse();
  });

  const list = async (query: string, owner: TestMerchant = lister) => {
    const res = await http.get(`/v2/checkouts${query}`, { auth: owner.bearer });
    expect(res.status).toBe(200);
    return res.body as CheckoutList;
  };

  it('lists the checkouts newest first as a list object', async () => {
    const page = await list('');
    expect(page).toMatchObject({ object: 'list', url: '/v2/checkouts', has_more: false });
    expect(page.data.map((c) => c.id)).toEqual(newestFirst);
    expect(page.data.map((c) => c.order_id)).toEqual(['ORD-5', 'ORD-4', 'ORD-3', 'ORD-2', 'ORD-1']);
  });

  it('says has_more when the page is full and more checkouts follow', async () => {
    const page = await list('?limit=2');
    expect(page.data.map((c) => c.id)).toEqual(newestFirst.slice(0, 2));
    expect(page.has_more).toBe(true);
  });

  it('walks every checkout exactly once with starting_after, and has_more is false on the last page', async () => {
    const seen: string[] = [];
    const pages: CheckoutList[] = [];
    let query = '?limit=2';
    for (;;) {
      const page = await list(query);
      pages.push(page);
      seen.push(...page.data.map((c) => c.id));
      if (!page.has_more) break;
      query = `?limit=2&starting_after=${page.data.at(-1)!.id}`;
      expect(pages.length).toBeLessThan(5);
    }
    expect(pages.map((p) => p.data.length)).toEqual([2, 2, 1]);
    expect(pages.map((p) => p.has_more)).toEqual([true, true, false]);
    expect(seen).toEqual(newestFirst);
    expect(new Set(seen).size).toBe(5);
  });

  it('walks back from the last page with ending_before', async () => {
    const last = await list(`?limit=2&starting_after=${newestFirst[3]}`);
    expect(last.data.map((c) => c.id)).toEqual([newestFirst[4]]);

    const middle = await list(`?limit=2&ending_before=${last.data[0]!.id}`);
    expect(middle.data.map((c) => c.id)).toEqual(newestFirst.slice(2, 4));
    expect(middle.has_more).toBe(true);

    const first = await list(`?limit=2&ending_before=${middle.data[0]!.id}`);
    expect(first.data.map((c) => c.id)).toEqual(newestFirst.slice(0, 2));
    expect(first.has_more).toBe(false);
  });

  it('returns an empty page after the oldest checkout', async () => {
    const page = await list(`?starting_after=${ids[0]}`);
    expect(page.data).toEqual([]);
    expect(page.has_more).toBe(false);
  });

  it('returns 10 checkouts by default', async () => {
    const busy = await makeMerchant(evenpay.services.models);
    const created = await createCheckouts(busy, 12);
    const page = await list('', busy);
    expect(page.data.map((c) => c.id)).toEqual([...created].reverse().slice(0, 10));
    expect(page.has_more).toBe(true);
  });

  it("never lists another merchant's checkouts", async () => {
    const other = await makeMerchant(evenpay.services.models);
    const theirs = await createCheckouts(other, 2);
    const mine = await list('?limit=100');
    expect(mine.data.map((c) => c.id)).toEqual(newestFirst);
    const page = await list('?limit=100', other);
    expect(page.data.map((c) => c.id)).toEqual([...theirs].reverse());
    expect(page.data.some((c) => ids.includes(c.id))).toBe(false);
  });

  it('does not list test-mode checkouts to the live key', async () => {
    const res = await http.get('/v2/checkouts', { auth: `Bearer ${lister.liveSecretKey}` });
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual([]);
  });

  describe('refuses a bad cursor with 400 invalid_cursor', () => {
    it.each(['starting_after', 'ending_before'])("when %s names another merchant's checkout", async (parameter) => {
      const other = await makeMerchant(evenpay.services.models);
      const [theirs] = await createCheckouts(other, 1);
      const res = await http.get(`/v2/checkouts?${parameter}=${theirs}`, { auth: lister.bearer });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ code: 'invalid_cursor', status: 400, type: 'https://docs.evenpay.test/errors#invalid_cursor' });
      expect(parameters(res)).toEqual([parameter]);
    });

    it('when both starting_after and ending_before are sent', async () => {
      const res = await http.get(`/v2/checkouts?starting_after=${ids[3]}&ending_before=${ids[1]}`, { auth: lister.bearer });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('invalid_cursor');
      expect(parameters(res).sort()).toEqual(['ending_before', 'starting_after']);
    });
  });

  describe('refuses a bad query with 400 invalid_request', () => {
    it.each([
      ['a limit of 0', '?limit=0', 'limit'],
      ['a limit of 101', '?limit=101', 'limit'],
      ['a limit that is not a number', '?limit=abc', 'limit'],
      ['a limit with a decimal point (taken as written, never as 10)', '?limit=10.0', 'limit'],
      ['a limit in exponent form', '?limit=1e1', 'limit'],
      ['an unknown query parameter', '?page=2', 'page'],
    ])('for %s', async (_what, query, parameter) => {
      const res = await http.get(`/v2/checkouts${query}`, { auth: lister.bearer });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ code: 'invalid_request', request_id: res.headers['request-id'] });
      expect(parameters(res)).toContain(parameter);
      expectNoStackTrace(res);
    });
  });

  it('asks for a key when none is sent', async () => {
    const res = await http.get('/v2/checkouts');
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('authentication_required');
  });
});
