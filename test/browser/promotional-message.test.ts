// The promotional message on the demo shop page (/docs/demo/shop), in real Chromium at a phone's
// and a laptop's width, against the real service and a merchant of its own: <evenpay-message>
// shows "As low as $72.21/month" in the shop's font without moving the page when the answer
// comes, its plan breakdown opens and closes by keyboard with the focus kept inside, nothing is
// asked of another host, the console stays clean, and axe finds nothing with the dialog closed
// or open. The page loads the exact-version script with the integrity hash the docs build wrote,
// under a strict content security policy: Chromium checks both. Requests to the API are held, not
// answered for it: the service's own answer goes through once the box has been measured.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VERSION } from '../../embed/version.js';
import { repoRoot } from '../../scripts/lib/apis.js';
import { makeMerchant, type TestMerchant } from '../factories/merchants.js';
import { type ListeningApp, listeningApp } from '../helpers/app.js';
import { accessibilityViolations } from '../helpers/axe.js';
import { haveChromium, launchChromium } from '../helpers/chromium.js';
import { docsSite, embedScript, SHARED_BUILD_WAIT_MS } from '../helpers/shared-build.js';

const PHONE = { width: 390, height: 844 };
const LAPTOP = { width: 1280, height: 800 };
const HEADLINE = 'As low as $72.21/month';
// How long to wait for what the service or the browser does next: a loaded CI machine answers the
// first request (validators compiled on first use) in seconds, not in the poll's default second.
const ANSWER = { timeout: 15_000 };

/** What the page did: requests to other hosts, console errors and warnings, uncaught exceptions. */
interface Watch {
  offHost: string[];
  errors: string[];
  warnings: string[];
  promotions: string[];
}

describe.runIf(haveChromium)('the promotional message on the demo shop page', () => {
  let docsDir: string;
  let app: ListeningApp | undefined;
  let browser: Browser;
  let base: string;
  let merchant: TestMerchant;

  beforeAll(async () => {
    docsDir = await docsSite();
    app = await listeningApp({ docsDir, embedDir: await embedScript() });
    base = app.base;
    merchant = await makeMerchant(app.evenpay.services.models, { name: 'Northwind Cycles' });
    browser = await launchChromium();
  }, SHARED_BUILD_WAIT_MS);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  /**
   * The demo shop in a context of its own. Each GET /v2/promotions waits for `release()` (then
   * goes to the service as sent); `requested` resolves when the first one is made.
   */
  async function openShop(viewport: { width: number; height: number }, key = merchant.publishableKey) {
    const context: BrowserContext = await browser.newContext({ viewport });
    const tab = await context.newPage();
    const watch: Watch = { offHost: [], errors: [], warnings: [], promotions: [] };
    let release!: () => void;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let requested!: () => void;
    const firstRequest = new Promise<void>((resolve) => {
      requested = resolve;
    });
    tab.on('request', (request) => {
      const url = new URL(request.url());
      if (url.protocol.startsWith('http') && url.hostname !== 'localhost' && url.hostname !== '127.0.0.1') watch.offHost.push(url.href);
    });
    tab.on('console', (message) => {
      if (message.type() === 'error') watch.errors.push(message.text());
      if (message.type() === 'warning') watch.warnings.push(message.text());
    });
    tab.on('pageerror', (error) => watch.errors.push(error.message));
    await tab.route('**/v2/promotions?**', async (route) => {
      watch.promotions.push(route.request().url());
      requested();
      await held;
      await route.continue();
    });
    const response = await tab.goto(`${base}/docs/demo/shop?key=${key}`, { waitUntil: 'load' });
    expect(response?.status()).toBe(200);
    return { tab, watch, release, firstRequest, close: () => context.close() };
  }

  /** The element's box and the top of what comes after it ("Add to cart"). */
  const layout = (tab: Page) =>
    tab.evaluate(() => {
      const { document } = globalThis as any;
      const box = document.querySelector('evenpay-message').getBoundingClientRect();
      return { top: box.top, height: box.height, width: box.width, buttonTop: document.querySelector('.buy').getBoundingClientRect().top };
    });

  /** Layout shifts Chromium recorded since the page loaded (the Layout Instability API). */
  const layoutShift = (tab: Page) =>
    tab.evaluate(
      () =>
        new Promise<number>((resolve) => {
          const { PerformanceObserver } = globalThis as any;
          new PerformanceObserver((list: any) => resolve(list.getEntries().reduce((sum: number, entry: any) => sum + entry.value, 0))).observe({
            type: 'layout-shift',
            buffered: true,
          });
          setTimeout(() => resolve(0), 500);
        }),
    );

  /** The `part` of the element focused inside the component's shadow root. */
  const focusedPart = (tab: Page) =>
    tab.evaluate(() => (globalThis as any).document.querySelector('evenpay-message').shadowRoot.activeElement?.getAttribute('part') ?? null);

  it.each([
    ['390 × 844', 'Enter', PHONE],
    ['1280 × 800', 'Space', LAPTOP],
  ])('at %s: renders without shifting the page, opens the breakdown by keyboard (%s), keeps the focus in it, closes on Esc', async (name, key, viewport) => {
    const { tab, watch, release, firstRequest, close } = await openShop(viewport);
    const message = tab.locator('evenpay-message');
    await firstRequest;
    const before = await layout(tab);
    expect(before.height, 'space reserved before the answer').toBeGreaterThan(20);
    release();
    await expect.poll(() => message.getByText(HEADLINE).count(), ANSWER).toBe(1);
    expect(await layout(tab), 'the same box after the answer').toEqual(before);
    expect(await layoutShift(tab)).toBe(0);
    expect(watch.promotions).toEqual([`${base}/v2/promotions?amount=80000&currency=USD`]);

    // In the shop's font (inherited), in its link colour (a custom property the page sets).
    const style = await tab.evaluate(() => {
      const { document, getComputedStyle } = globalThis as any;
      const root = document.querySelector('evenpay-message').shadowRoot;
      return {
        body: getComputedStyle(document.body).fontFamily,
        headline: getComputedStyle(root.querySelector('[part~="headline"]')).fontFamily,
        button: getComputedStyle(root.querySelector('[part~="learn-more"]')).fontFamily,
        link: getComputedStyle(root.querySelector('[part~="learn-more"]')).color,
      };
    });
    expect(style).toEqual({ body: style.body, headline: style.body, button: style.body, link: 'rgb(138, 59, 18)' });
    expect(style.body).toContain('Georgia');
    expect(await message.textContent()).toBe('');
    expect(await message.locator('[part~="small-print"]').textContent()).toMatch(/eligibility/);
    expect(await accessibilityViolations(tab), 'dialog closed').toEqual([]);

    // Open by keyboard: the focus moves into the labelled dialog.
    const learnMore = message.getByRole('button', { name: 'Learn more about paying over time with Evenpay' });
    await learnMore.focus();
    await tab.keyboard.press(key);
    const dialog = tab.getByRole('dialog', { name: 'Pay over time with Evenpay' });
    await expect.poll(() => dialog.isVisible(), ANSWER).toBe(true);
    expect(await focusedPart(tab)).toBe('close');
    const text = (await dialog.textContent()) ?? '';
    for (const words of ['12 monthly payments', '$72.21', '15%', 'Finance charge', 'Total of payments', 'APR', 'eligibility']) expect(text).toContain(words);
    // Equal payments are "each"; unequal ones (the last absorbs rounding) are shown by the first.
    const plan = (title: string) => dialog.getByRole('listitem').filter({ has: tab.getByRole('heading', { name: title }) });
    expect(await plan('4 payments every two weeks').textContent()).toContain('Each payment$200.00');
    expect(await plan('12 monthly payments').textContent()).toContain('First payment$72.21');
    mkdirSync(path.join(repoRoot, 'build', 'screenshots'), { recursive: true });
    await tab.screenshot({ path: path.join(repoRoot, 'build', 'screenshots', `demo-shop-breakdown-${viewport.width}.png`) });
    expect(await accessibilityViolations(tab), 'dialog open').toEqual([]);

    // Tab and Shift+Tab go round inside it, never to the page behind.
    const seen: Array<string | null> = [];
    for (let i = 0; i < 4; i++) {
      await tab.keyboard.press('Tab');
      seen.push(await focusedPart(tab));
    }
    expect(seen).toEqual(['done', 'close', 'done', 'close']);
    await tab.keyboard.press('Shift+Tab');
    expect(await focusedPart(tab)).toBe('done');
    await tab.keyboard.press('Shift+Tab');
    expect(await focusedPart(tab)).toBe('close');

    // Esc closes it and gives the focus back to "Learn more".
    await tab.keyboard.press('Escape');
    await expect.poll(() => dialog.isVisible(), ANSWER).toBe(false);
    expect(await focusedPart(tab)).toBe('learn-more');
    // Done closes it too.
    await tab.keyboard.press('Enter');
    await expect.poll(() => dialog.isVisible(), ANSWER).toBe(true);
    await tab.keyboard.press('Tab');
    await tab.keyboard.press('Enter');
    await expect.poll(() => dialog.isVisible(), ANSWER).toBe(false);
    expect(await focusedPart(tab)).toBe('learn-more');
    await tab.screenshot({ path: path.join(repoRoot, 'build', 'screenshots', `demo-shop-${viewport.width}.png`), fullPage: true });

    expect(watch.offHost, name).toEqual([]);
    expect(watch.errors, name).toEqual([]);
    expect(watch.warnings, name).toEqual([]);
    await close();
  });

  it('asks again once when the amount changes, for the last amount only', async () => {
    const { tab, watch, release, firstRequest, close } = await openShop(LAPTOP);
    await firstRequest;
    release();
    const message = tab.locator('evenpay-message');
    await expect.poll(() => message.getByText(HEADLINE).count(), ANSWER).toBe(1);
    // Three changes in one task of the page (a shopper picking sizes), so the debounce sees them
    // together however slowly this machine drives the browser.
    await message.evaluate((element) => {
      for (const value of ['40000', '60000', '120000']) element.setAttribute('amount', value);
    });
    await expect.poll(() => watch.promotions.length, ANSWER).toBe(2);
    expect(watch.promotions[1]).toBe(`${base}/v2/promotions?amount=120000&currency=USD`);
    await expect.poll(() => message.getByText(/^As low as \$\d+\.\d\d\/month$/).textContent(), ANSWER).not.toBe(HEADLINE);
    expect(watch.errors).toEqual([]);
    await close();
  });

  it('keeps its space and shows nothing when the API refuses the key, with one warning and no error of its own', async () => {
    const { tab, watch, release, firstRequest, close } = await openShop(PHONE, `pk_test_${'0'.repeat(24)}`);
    await firstRequest;
    const before = await layout(tab);
    release();
    await expect.poll(() => watch.warnings.length, ANSWER).toBe(1);
    expect(watch.warnings[0]).toMatch(/^<evenpay-message>: no message shown: GET .*\/v2\/promotions\?amount=80000&currency=USD answered 401/);
    expect(await tab.locator('evenpay-message').evaluate((element) => element.shadowRoot?.querySelector('[part~="message"]') ?? null)).toBeNull();
    expect(await layout(tab)).toEqual(before);
    // The browser reports the failed request itself; the component adds no error.
    expect(watch.errors.filter((error) => !error.startsWith('Failed to load resource'))).toEqual([]);
    await close();
  });

  it('serves the exact version the docs give the integrity hash of, for good, and /js/evenpay.js for five minutes', async () => {
    const hashes = (file: string) => [...new Set(readFileSync(path.join(docsDir, file), 'utf8').match(/sha384-[A-Za-z0-9+/=]+/g))];
    const exact = await fetch(`${base}/js/evenpay-${VERSION}.js`);
    const code = Buffer.from(await exact.arrayBuffer());
    const integrity = `sha384-${createHash('sha384').update(code).digest('base64')}`;
    expect(hashes('guides/promotional-messaging.html')).toEqual([integrity]);
    expect(hashes('demo/shop.html')).toEqual([integrity]);
    expect(
      Object.fromEntries(
        ['content-type', 'cache-control', 'access-control-allow-origin', 'cross-origin-resource-policy'].map((h) => [h, exact.headers.get(h)]),
      ),
    ).toEqual({
      'content-type': 'text/javascript; charset=utf-8',
      'cache-control': 'public, max-age=31536000, immutable',
      'access-control-allow-origin': '*',
      'cross-origin-resource-policy': 'cross-origin',
    });
    const latest = await fetch(`${base}/js/evenpay.js`);
    expect(latest.headers.get('cache-control')).toBe('public, max-age=300');
    expect(Buffer.from(await latest.arrayBuffer()).equals(code)).toBe(true);
    expect(latest.headers.get('etag')).toBe(`"${integrity}"`);
    // supertest: fetch() adds `Cache-Control: no-cache` to a request with If-None-Match, which forces a 200.
    expect((await request(app!.evenpay.app).get('/js/evenpay.js').set('If-None-Match', `"${integrity}"`)).status).toBe(304);
    expect((await fetch(`${base}/js/evenpay-0.0.1.js`)).status).toBe(404);
  });
});
