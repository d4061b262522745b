// Back to the shop (issue 21, part 3): the hosted page sends the consumer to confirm_url and
// cancel_url with the checkout's id — where the shop put `{CHECKOUT_ID}`, else added as
// `evenpay_checkout_id` (the shop's own query and fragment kept, its app scheme too) — and GET /v2/checkouts?order_id= finds an order's checkouts —
// the merchant's own, in the key's mode, newest first.
import supertest from 'supertest';
import { describe, expect, it } from 'vitest';
import type { components } from '../../../generated/v2/client.js';
import { type CreateCheckoutBody, checkoutBody } from '../../factories/checkouts.js';
import { makeMerchant, type TestMerchant } from '../../factories/merchants.js';
import { liveBearer } from '../../factories/transactions.js';
import { appWithMerchant } from '../../helpers/app.js';
import { expectProblem } from '../../helpers/problem.js';

type Checkout = components['schemas']['Checkout'];

const { evenpay, http, merchant } = appWithMerchant('Return Test Co');

async function createCheckout(overrides: Partial<CreateCheckoutBody> = {}, auth = merchant.bearer): Promise<Checkout> {
  const res = await http.post('/v2/checkouts', { auth, body: checkoutBody(overrides) });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as Checkout;
}

const page = (checkout: Checkout) => supertest(evenpay.app).get(new URL(checkout.redirect_url).pathname);
const submit = (checkout: Checkout, form: Record<string, string>) =>
  supertest(evenpay.app).post(new URL(checkout.redirect_url).pathname).type('form').send(form);

describe('the way back to the shop', () => {
  it("adds evenpay_checkout_id to confirm_url, keeping the shop's own query and fragment", async () => {
    const checkout = await createCheckout({ confirm_url: 'https://shop.example.com/done?order=ORD-7&lang=en#thanks', cancel_url: 'myshop://cart?x=1' });
    expect((await submit(checkout, { action: 'confirm', plan_id: 'pay_in_4' })).status).toBe(303);
    const back = `https://shop.example.com/done?order=ORD-7&amp;lang=en&amp;evenpay_checkout_id=${checkout.id}#thanks`;
    const html = (await page(checkout)).text;
    expect(html).toContain(`href="${back}"`);
    expect(html).toContain(`content="1;url=${back}"`);
  });

  it("adds it to cancel_url, an app's own scheme included, and replaces one the shop put there itself", async () => {
    const checkout = await createCheckout({ cancel_url: 'myshop://cart?evenpay_checkout_id=stale' });
    expect((await submit(checkout, { action: 'cancel' })).status).toBe(303);
    expect((await page(checkout)).text).toContain(`content="1;url=myshop://cart?evenpay_checkout_id=${checkout.id}"`);
  });
});

describe('the {CHECKOUT_ID} placeholder', () => {
  it('is filled in where the shop put it, in the path and the query, and kept as sent in the checkout', async () => {
    const checkout = await createCheckout({
      confirm_url: 'https://shop.example.com/orders/{CHECKOUT_ID}/done?again={CHECKOUT_ID}',
      cancel_url: 'myshop://cart/{CHECKOUT_ID}',
    });
    expect(checkout.confirm_url).toBe('https://shop.example.com/orders/{CHECKOUT_ID}/done?again={CHECKOUT_ID}');
    expect((await http.get(`/v2/checkouts/${checkout.id}`, { auth: merchant.bearer })).body.cancel_url).toBe('myshop://cart/{CHECKOUT_ID}');
    expect((await submit(checkout, { action: 'confirm', plan_id: 'pay_in_4' })).status).toBe(303);
    const html = (await page(checkout)).text;
    expect(html).toContain(`href="https://shop.example.com/orders/${checkout.id}/done?again=${checkout.id}"`);
    expect(html).not.toContain('evenpay_checkout_id');

    const canceled = await createCheckout({ cancel_url: 'myshop://cart/{CHECKOUT_ID}' });
    expect((await submit(canceled, { action: 'cancel' })).status).toBe(303);
    expect((await page(canceled)).text).toContain(`content="1;url=myshop://cart/${canceled.id}"`);
  });

  it('is the only placeholder: other braces are refused, naming the field', async () => {
    for (const [field, url] of [
      ['confirm_url', 'https://shop.example.com/orders/{ORDER_ID}'],
      ['cancel_url', 'https://shop.example.com/cart?c={CHECKOUT_ID}&o={order}'],
    ] as const) {
      const res = await http.post('/v2/checkouts', { auth: merchant.bearer, body: checkoutBody({ [field]: url }) });
      expectProblem(res, 400, 'invalid_request');
      expect(res.body.errors).toEqual([{ pointer: `/${field}`, detail: 'has a placeholder other than {CHECKOUT_ID}' }]);
    }
    const unsafe = await http.post('/v2/checkouts', { auth: merchant.bearer, body: checkoutBody({ confirm_url: 'javascript:alert({CHECKOUT_ID})' }) });
    expectProblem(unsafe, 400, 'invalid_request');
  });
});

describe('GET /v2/checkouts?order_id=', () => {
  it("lists the order's checkouts, newest first, of this merchant and mode only", async () => {
    const shop: TestMerchant = await makeMerchant(evenpay.services.models, { name: 'Order Lookup Co' });
    const stranger = await makeMerchant(evenpay.services.models, { name: 'Same Order Ids Co' });
    const first = await createCheckout({ order_id: 'ORD-LOOKUP-1' }, shop.bearer);
    await createCheckout({ order_id: 'ORD-LOOKUP-2' }, shop.bearer);
    const second = await createCheckout({ order_id: 'ORD-LOOKUP-1' }, shop.bearer);
    await createCheckout({ order_id: 'ORD-LOOKUP-1' }, stranger.bearer);
    await createCheckout({ order_id: 'ORD-LOOKUP-1' }, liveBearer(shop));

    const ids = async (query: string, auth = shop.bearer) => {
      const res = await http.get(`/v2/checkouts${query}`, { auth });
      expect(res.status).toBe(200);
      return (res.body.data as Checkout[]).map((checkout) => checkout.id);
    };
    expect(await ids('?order_id=ORD-LOOKUP-1')).toEqual([second.id, first.id]);
    expect(await ids('?order_id=ORD-LOOKUP-1&limit=1')).toEqual([second.id]);
    expect(await ids(`?order_id=ORD-LOOKUP-1&starting_after=${second.id}`)).toEqual([first.id]);
    expect(await ids('?order_id=ORD-NONE')).toEqual([]);
    expect(await ids('?order_id=ORD-LOOKUP-1', liveBearer(shop))).toHaveLength(1);
    const empty = await http.get('/v2/checkouts?order_id=', { auth: shop.bearer });
    expectProblem(empty, 400, 'invalid_request');
  });
});
