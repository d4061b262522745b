// The hosted checkout page behind every checkout's redirect_url, as a consumer's browser uses it:
// GET the page, POST its form (confirm a plan or cancel), follow the redirect. Plain supertest:
// the page is HTML outside the API specs. What the API then says about the checkout is checked
// through the spec-checked helper.
import supertest from 'supertest';
import { describe, expect, it } from 'vitest';
import type { components } from '../../../generated/v2/client.js';
import { fixedClock } from '../../../src/kernel/clock.js';
import { type CreateCheckoutBody, checkoutBody } from '../../factories/checkouts.js';
import { makeMerchant } from '../../factories/merchants.js';
import { appWithMerchant } from '../../helpers/app.js';

type Checkout = components['schemas']['Checkout'];
type PlanQuote = components['schemas']['PlanQuote'];
type Event = components['schemas']['Event'];

const clock = fixedClock('2026-06-01T10:00:00Z');
const { evenpay, http, merchant } = appWithMerchant('Trailhead Outfitters', { clock });

const browser = () => supertest(evenpay.app);

async function createCheckout(overrides: Partial<CreateCheckoutBody> = {}, auth = merchant.bearer): Promise<Checkout> {
  const res = await http.post('/v2/checkouts', { auth, body: checkoutBody(overrides) });
  expect(res.status).toBe(201);
  return res.body as Checkout;
}

/** The page's path, as the consumer's browser requests it from the checkout's redirect_url. */
const pagePath = (checkout: Checkout) => new URL(checkout.redirect_url).pathname;

const submit = (checkout: Checkout, form: Record<string, string>) => browser().post(pagePath(checkout)).type('form').send(form);

async function checkoutNow(id: string): Promise<Checkout> {
  const res = await http.get(`/v2/checkouts/${id}`, { auth: merchant.bearer });
  expect(res.status).toBe(200);
  return res.body as Checkout;
}

async function eventTypesOf(id: string): Promise<string[]> {
  const res = await http.get('/v2/events?limit=100', { auth: merchant.bearer });
  return (res.body.data as Event[]).filter((event) => (event.data.object as { id?: string }).id === id).map((event) => event.type);
}

describe('GET /pay/{checkoutId}', () => {
  it('is where redirect_url points, and shows the order, the merchant and every plan offered for the total with its disclosure', async () => {
    const checkout = await createCheckout();
    expect(checkout.redirect_url).toBe(`http://evenpay.test/pay/${checkout.id}`);

    const res = await browser().get(pagePath(checkout));
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.text).toContain('Trailhead Outfitters');
    expect(res.text).toContain(checkout.order_id);
    expect(res.text).toContain('Trail running shoes × 1');
    expect(res.text).toContain('$155.00');
    expect(res.text).toContain('Sandbox');

    // The same plans and numbers the API quotes for this amount, today.
    const quote = (await http.post('/v2/plan-quotes', { auth: merchant.bearer, body: { amount: checkout.total_amount, currency: 'USD' } })).body as PlanQuote;
    expect(quote.plans.map((plan) => plan.plan_id)).toEqual(['pay_in_4', 'monthly_3']);
    for (const plan of quote.plans) {
      expect(res.text).toContain(`value="${plan.plan_id}"`);
      // Dates as people read them, said to be estimates (the schedule starts at the first capture).
      for (const line of plan.disclosure.installments) {
        const day = new Date(`${line.due_date}T00:00:00Z`).toLocaleDateString('en-US', { timeZone: 'UTC', month: 'short', day: 'numeric', year: 'numeric' });
        expect(res.text).toContain(`<td data-label="Due (estimated)">${day}</td>`);
      }
    }
    // Each schedule's toggle names its plan (a screen reader hears which one it opens).
    expect(res.text).toContain('<summary>Payment schedule: Pay in 4</summary>');
    expect(res.text).toContain('<summary>Payment schedule: 3 monthly payments</summary>');
    expect(res.text.match(/Estimated dates: your payments are due from the day your order ships\./g)).toHaveLength(2);
    // The payments in words are exact: runs of equal amounts, the odd cent where it falls.
    expect(res.text).toContain('Pay in 4, every 2 weeks from today: 4 × $38.75');
    expect(res.text).toContain('3 monthly payments: 2 × $51.67, then $51.66');
    expect(res.text).not.toContain('value="monthly_12"');
  });

  it('discloses the reference loan exactly: $800 at 15.00% over 12 months', async () => {
    const checkout = await createCheckout({
      items: [{ sku: 'BIKE', name: 'Gravel bike', unit_price: 80_000, quantity: 1 }],
      shipping_amount: 0,
      tax_amount: 0,
      total_amount: 80_000,
    });
    const res = await browser().get(pagePath(checkout));
    expect(res.text).toContain('12 monthly payments: 11 × $72.21, then $72.17');
    expect(res.text).toContain('Amount financed $800.00 · APR 15.00% · finance charge $66.48 · total of payments $866.48');
  });

  it('allows nothing but its own style and its form posting to itself, and keeps its address out of caches and Referer headers', async () => {
    const checkout = await createCheckout({ confirm_url: 'https://shop.example.com/done', cancel_url: 'myshop://cart' });
    const res = await browser().get(pagePath(checkout));
    expect(String(res.headers['content-security-policy']).split('; ')).toEqual([
      "default-src 'none'",
      expect.stringMatching(/^style-src 'sha256-[A-Za-z0-9+/]+=*'$/),
      "form-action 'self'",
      "frame-ancestors 'none'",
      "base-uri 'none'",
    ]);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.text).not.toContain('<script');
  });

  it('escapes everything the merchant sent', async () => {
    const checkout = await createCheckout({
      order_id: '"><img src=x onerror=alert(1)>',
      items: [{ sku: 'X', name: '<script>alert(1)</script>', unit_price: 15_500, quantity: 1 }],
      shipping_amount: 0,
      tax_amount: 0,
    });
    const res = await browser().get(pagePath(checkout));
    expect(res.status).toBe(200);
    expect(res.text).not.toContain('<script>alert(1)</script>');
    expect(res.text).not.toContain('<img src=x');
    expect(res.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(res.text).toContain('&quot;&gt;&lt;img src=x onerror=alert(1)&gt;');
  });

  it("says so when the merchant's plans no longer cover the total, and offers no form", async () => {
    const shop = await makeMerchant(evenpay.services.models, { name: 'Changing Plans Ltd' });
    const checkout = await createCheckout({}, shop.bearer);
    await evenpay.services.models.PlanTerm.update({ maxAmount: 1_000 }, { where: { merchantId: shop.id } });
    clock.advance(31_000); // past the merchant profile's cache
    const res = await browser().get(pagePath(checkout));
    expect(res.status).toBe(200);
    expect(res.text).toContain('No plan is available for this order');
    expect(res.text).not.toContain('<form');
  });

  it.each([
    ['an id that was never issued', '/pay/chk_doesnotexist000000000'],
    ['something that is not a checkout id', "/pay/1' OR '1'='1"],
    ['a transaction id', '/pay/txn_0000000000000000000'],
  ])('answers a 404 page for %s', async (_case, path) => {
    const res = await browser().get(path);
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.text).toContain('Checkout not found');
  });
});

describe('POST /pay/{checkoutId}: the consumer confirms or cancels', () => {
  it('confirms the chosen plan, then the page moves the consumer on to confirm_url; the API and the events agree', async () => {
    const checkout = await createCheckout();
    const res = await submit(checkout, { action: 'confirm', plan_id: 'monthly_3' });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(checkout.redirect_url);

    expect(await checkoutNow(checkout.id)).toMatchObject({ status: 'confirmed', plan_id: 'monthly_3' });
    expect(await eventTypesOf(checkout.id)).toEqual(['checkout.confirmed']);

    const after = await browser().get(pagePath(checkout));
    expect(after.text).toContain("You're approved");
    // The approval page recaps what was agreed: the plan, its terms and the first payment.
    expect(after.text).toContain('<strong>3 monthly payments: 2 × $51.67, then $51.66</strong>');
    expect(after.text).toContain('Amount financed $155.00 · APR');
    expect(after.text).toMatch(/First payment \$51\.67, due about [A-Z][a-z]{2} \d{1,2}, \d{4} \(estimated: from the day your order ships\)/);
    // Back to confirm_url with the checkout's id, so the shop's page knows which checkout returned.
    const back = `${checkout.confirm_url}?evenpay_checkout_id=${checkout.id}`;
    expect(after.text).toContain(`<meta http-equiv="refresh" content="1;url=${back}">`);
    expect(after.text).toContain(`href="${back}"`);
    expect(after.text).not.toContain('name="plan_id"');
  });

  it('answers a second submission (a double click) like the first, and changes nothing', async () => {
    const checkout = await createCheckout();
    expect((await submit(checkout, { action: 'confirm', plan_id: 'pay_in_4' })).status).toBe(303);
    const again = await submit(checkout, { action: 'confirm', plan_id: 'monthly_3' });
    expect(again.status).toBe(303);
    expect(again.headers.location).toBe(checkout.redirect_url);
    expect(await checkoutNow(checkout.id)).toMatchObject({ status: 'confirmed', plan_id: 'pay_in_4' });
    expect(await eventTypesOf(checkout.id)).toEqual(['checkout.confirmed']);
  });

  it('shows a decline on the page, never as a cancel, without telling the consumer the decline category', async () => {
    const checkout = await createCheckout({ customer: { email: 'jane+decline_fraud@example.com', first_name: 'Jane', last_name: 'Doe' } });
    const res = await submit(checkout, { action: 'confirm', plan_id: 'pay_in_4' });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(checkout.redirect_url);

    const page = await browser().get(pagePath(checkout));
    expect(page.text).toContain("We couldn't approve this purchase");
    expect(page.text).toContain(`href="${checkout.cancel_url}?evenpay_checkout_id=${checkout.id}"`);
    expect(page.text).not.toContain('http-equiv="refresh"');
    expect(page.text).not.toContain('fraud');
    expect(await checkoutNow(checkout.id)).toMatchObject({ status: 'declined', decline_category: 'fraud_risk' });
    expect(await eventTypesOf(checkout.id)).toEqual(['checkout.declined']);
  });

  it('cancels, then the page moves the consumer back to cancel_url', async () => {
    const checkout = await createCheckout();
    const res = await submit(checkout, { action: 'cancel' });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(checkout.redirect_url);
    expect(await checkoutNow(checkout.id)).toMatchObject({ status: 'canceled', plan_id: null });
    const page = await browser().get(pagePath(checkout));
    expect(page.text).toContain('Checkout canceled');
    expect(page.text).toContain(`<meta http-equiv="refresh" content="1;url=${checkout.cancel_url}?evenpay_checkout_id=${checkout.id}">`);
  });

  it("sends the browser to the page's own address even when posted with a trailing slash", async () => {
    const checkout = await createCheckout();
    const res = await browser()
      .post(`${pagePath(checkout)}/`)
      .type('form')
      .send({ action: 'cancel' });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(checkout.redirect_url);
  });

  it.each([
    ['no plan chosen', { action: 'confirm' }, 422, 'Choose a plan first.'],
    ['a plan not offered for this total', { action: 'confirm', plan_id: 'monthly_12' }, 422, 'That plan isn&#39;t available for this order. Choose another.'],
    ['a plan that does not exist', { action: 'confirm', plan_id: 'weekly_99' }, 422, 'That plan isn&#39;t available for this order. Choose another.'],
    ['no action', { plan_id: 'pay_in_4' }, 400, 'Choose a plan and confirm it, or cancel.'],
    ['an unknown action', { action: 'delete', plan_id: 'pay_in_4' }, 400, 'Choose a plan and confirm it, or cancel.'],
  ])('answers %s with the form again and why, leaving the checkout open', async (_case, form, status, message) => {
    const checkout = await createCheckout();
    const res = await submit(checkout, form);
    expect(res.status).toBe(status);
    expect(res.text).toContain('role="alert"');
    expect(res.text).toContain(message);
    expect(res.text).toContain('name="plan_id"');
    expect((await checkoutNow(checkout.id)).status).toBe('open');
  });

  it.each([
    ['a form too large to be one', (checkout: Checkout) => submit(checkout, { action: 'confirm', plan_id: 'x'.repeat(10_000) }), 413],
    [
      'a form in another encoding',
      (checkout: Checkout) => browser().post(pagePath(checkout)).type('form').set('Content-Encoding', 'x-unknown').send('action=cancel'),
      415,
    ],
  ])('answers %s with a page, never a 500', async (_case, post, status) => {
    const checkout = await createCheckout();
    const res = await post(checkout);
    expect(res.status).toBe(status);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.text).toContain('Something went wrong with this form');
    expect((await checkoutNow(checkout.id)).status).toBe('open');
  });

  it('shows an expired checkout as expired and will not confirm it', async () => {
    const checkout = await createCheckout();
    clock.advance(25 * 60 * 60 * 1000);
    const page = await browser().get(pagePath(checkout));
    expect(page.text).toContain('This checkout has expired');
    expect(page.text).not.toContain('name="plan_id"');
    const res = await submit(checkout, { action: 'confirm', plan_id: 'pay_in_4' });
    expect(res.status).toBe(303);
    expect((await checkoutNow(checkout.id)).status).toBe('expired');
  });

  it('shows a live checkout without a form, and will not confirm it: only sandbox checkouts are completed here', async () => {
    const live = `Bearer ${merchant.liveSecretKey}`;
    const checkout = await createCheckout({}, live);
    const page = await browser().get(pagePath(checkout));
    expect(page.status).toBe(200);
    expect(page.text).toContain("This checkout can't be completed here");
    expect(page.text).not.toContain('name="plan_id"');
    expect(page.text).not.toContain('Sandbox: no real money moves');
    const res = await submit(checkout, { action: 'confirm', plan_id: 'pay_in_4' });
    expect(res.status).toBe(303);
    const after = await http.get(`/v2/checkouts/${checkout.id}`, { auth: live });
    expect((after.body as Checkout).status).toBe('open');
  });
});
