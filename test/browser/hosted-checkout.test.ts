// The hosted checkout page in real Chromium, as a consumer meets it at a checkout's redirect_url:
// the page renders with its style under its own content security policy (no console error),
// choosing a plan and confirming lands on the merchant's confirm_url (with `evenpay_checkout_id`) on another origin (even when
// the shop redirects again, to a third), cancel on cancel_url, and a decline stays on the page.
// The merchant's shop and its payment-return service are two more local servers.
import { mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { components } from '../../generated/v2/client.js';
import { repoRoot } from '../../scripts/lib/apis.js';
import type { EvenpayApp } from '../../src/app.js';
import { type CreateCheckoutBody, checkoutBody } from '../factories/checkouts.js';
import { makeMerchant, type TestMerchant } from '../factories/merchants.js';
import { startTestApp } from '../helpers/app.js';
import { accessibilityViolations } from '../helpers/axe.js';
import { haveChromium, launchChromium } from '../helpers/chromium.js';

type Checkout = components['schemas']['Checkout'];

async function listen(server: Server): Promise<string> {
  server.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe.runIf(haveChromium)('the hosted checkout page in a browser', () => {
  let evenpay: EvenpayApp;
  let service: Server;
  let base: string;
  let shop: Server;
  let shopBase: string;
  let thanks: Server;
  let thanksBase: string;
  let browser: Browser;
  let merchant: TestMerchant;

  beforeAll(async () => {
    // Listening first, so the app's public base URL (that of every redirect_url) is this server's.
    service = createServer((req, res) => evenpay.app(req, res));
    base = (await listen(service)).replace('127.0.0.1', 'localhost');
    evenpay = await startTestApp({ config: { publicBaseUrl: base } });
    // A third origin, where the shop sends its customers on after a payment.
    thanks = createServer((req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end(`<title>Thanks</title><h1>Thanks at ${req.url}</h1>`));
    thanksBase = await listen(thanks);
    // The merchant's shop, on its own origin: where confirm_url and cancel_url lead; /hop redirects on.
    shop = createServer((req, res) => {
      if (req.url?.startsWith('/hop')) return res.writeHead(302, { location: `${thanksBase}/order-complete` }).end();
      res.writeHead(200, { 'content-type': 'text/html' }).end(`<title>Shop</title><h1>Shop at ${req.url}</h1>`);
    });
    shopBase = await listen(shop);
    merchant = await makeMerchant(evenpay.services.models, { name: 'Trailhead Outfitters' });
    browser = await launchChromium();
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    shop?.close();
    thanks?.close();
    service?.close();
    await evenpay?.close();
  });

  async function createCheckout(overrides: Partial<CreateCheckoutBody> = {}): Promise<Checkout> {
    const res = await fetch(`${base}/v2/checkouts`, {
      method: 'POST',
      headers: { Authorization: merchant.bearer, 'Content-Type': 'application/json' },
      body: JSON.stringify(checkoutBody({ confirm_url: `${shopBase}/evenpay/confirmed`, cancel_url: `${shopBase}/cart`, ...overrides })),
    });
    expect(res.status).toBe(201);
    return (await res.json()) as Checkout;
  }

  async function statusOf(id: string): Promise<string> {
    const res = await fetch(`${base}/v2/checkouts/${id}`, { headers: { Authorization: merchant.bearer } });
    return ((await res.json()) as Checkout).status;
  }

  /** Opens the checkout's redirect_url (at a viewport, if given), collecting console errors. */
  async function open(checkout: Checkout, viewport?: { width: number; height: number }): Promise<{ tab: Page; consoleErrors: string[] }> {
    const tab = await browser.newPage(viewport ? { viewport } : {});
    const consoleErrors: string[] = [];
    tab.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    const response = await tab.goto(checkout.redirect_url, { waitUntil: 'load' });
    expect(response?.status()).toBe(200);
    return { tab, consoleErrors };
  }

  it('renders with its style allowed by its policy, and confirming a plan lands on confirm_url', async () => {
    const checkout = await createCheckout();
    const { tab, consoleErrors } = await open(checkout);
    // The style applied: the brand is green, so the policy's style hash matches the page's style.
    expect(
      await tab.locator('.brand').evaluate((el) => (globalThis as unknown as { getComputedStyle(e: unknown): { color: string } }).getComputedStyle(el).color),
    ).toBe('rgb(11, 110, 79)');
    expect(await tab.locator('input[name="plan_id"]').evaluateAll((inputs) => inputs.map((input) => input.getAttribute('value')))).toEqual([
      'pay_in_4',
      'monthly_3',
    ]);
    mkdirSync(path.join(repoRoot, 'build', 'screenshots'), { recursive: true });
    await tab.screenshot({ path: path.join(repoRoot, 'build', 'screenshots', 'pay.png'), fullPage: true });

    await tab.check('input[value="monthly_3"]');
    // The shop learns which checkout came back: its id in the query.
    const confirmed = `/evenpay/confirmed?evenpay_checkout_id=${checkout.id}`;
    await Promise.all([tab.waitForURL(`${shopBase}${confirmed}`), tab.click('button[value="confirm"]')]);
    expect(await tab.textContent('h1')).toBe(`Shop at ${confirmed}`);
    expect(consoleErrors).toEqual([]);
    expect(await statusOf(checkout.id)).toBe('confirmed');
    await tab.close();
  });

  it.each([
    ['320 × 640', { width: 320, height: 640 }],
    ['390 × 844', { width: 390, height: 844 }],
    ['1280 × 800', { width: 1280, height: 800 }],
  ])('fits a %s screen with every schedule open, its rows labelled on a phone, and no accessibility violation', async (_name, viewport) => {
    const checkout = await createCheckout({
      items: [{ sku: 'BIKE', name: 'Gravel bike', unit_price: 80_000, quantity: 1 }],
      shipping_amount: 0,
      tax_amount: 0,
      total_amount: 80_000,
    });
    const { tab, consoleErrors } = await open(checkout, viewport);
    for (const toggle of await tab.locator('details > summary').all()) await toggle.click();
    expect(await tab.locator('details[open]').count()).toBeGreaterThan(1);
    const width = await tab.evaluate(() => {
      const root = (globalThis as any).document.documentElement;
      return { scroll: root.scrollWidth, client: root.clientWidth };
    });
    expect(width.scroll, 'no sideways scrolling').toBeLessThanOrEqual(width.client);
    // On a phone each cell says what it is ("Payment $72.21"), instead of headers run together.
    const label = await tab
      .locator('table.schedule td[data-label="Payment"]')
      .first()
      .evaluate((td) => (globalThis as any).getComputedStyle(td, '::before').content as string);
    expect(label).toBe(viewport.width < 480 ? '"Payment"' : 'none');
    expect(await accessibilityViolations(tab)).toEqual([]);
    expect(consoleErrors).toEqual([]);
    await tab.close();
  });

  it("follows the shop's own redirects after the approval, to a third origin", async () => {
    const checkout = await createCheckout({ confirm_url: `${shopBase}/hop` });
    const { tab, consoleErrors } = await open(checkout);
    await Promise.all([tab.waitForURL(`${thanksBase}/order-complete`), tab.click('button[value="confirm"]')]);
    expect(await tab.textContent('h1')).toBe('Thanks at /order-complete');
    expect(consoleErrors).toEqual([]);
    await tab.close();
  });

  it('cancels without choosing a plan and lands on cancel_url', async () => {
    const checkout = await createCheckout();
    const { tab, consoleErrors } = await open(checkout);
    await Promise.all([tab.waitForURL(`${shopBase}/cart?evenpay_checkout_id=${checkout.id}`), tab.click('button[value="cancel"]')]);
    expect(consoleErrors).toEqual([]);
    expect(await statusOf(checkout.id)).toBe('canceled');
    await tab.close();
  });

  it('stays on the page to tell the consumer of a decline', async () => {
    const checkout = await createCheckout({ customer: { email: 'sam+decline_credit@example.com', first_name: 'Sam', last_name: 'Lee' } });
    const { tab, consoleErrors } = await open(checkout);
    await Promise.all([tab.waitForURL(checkout.redirect_url), tab.click('button[value="confirm"]')]);
    expect(await tab.textContent('h2')).toBe("We couldn't approve this purchase");
    expect(await tab.getAttribute('a.button', 'href')).toBe(`${shopBase}/cart?evenpay_checkout_id=${checkout.id}`);
    expect(consoleErrors).toEqual([]);
    expect(await statusOf(checkout.id)).toBe('declined');
    await tab.close();
  });
});
