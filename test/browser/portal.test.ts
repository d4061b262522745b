// A partner developer's first day on the portal, in real Chromium: the index leads to the
// quickstart (curl and SDK), the reference shows a TypeScript SDK sample on createCheckout and
// captureTransaction, the webhooks section shows transaction.captured's payload and headers,
// and the error catalogue gives capture_exceeds_authorized its status and fix — each by a deep
// link that survives a reload, with no horizontal overflow on a 390 px phone.

import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ListeningApp, listeningApp } from '../helpers/app.js';
import { haveChromium, launchChromium } from '../helpers/chromium.js';
import { docsSite, SHARED_BUILD_WAIT_MS } from '../helpers/shared-build.js';

/** Redoc renders its 2.6 MB page after load; on a busy two-core machine that takes seconds. */
const VISIBLE_WITHIN_MS = 20_000;

describe.runIf(haveChromium)('the portal on a partner developer’s first day', () => {
  let docsDir: string;
  let app: ListeningApp | undefined;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    docsDir = await docsSite();
    app = await listeningApp({ docsDir });
    base = app.base;
    browser = await launchChromium();
  }, SHARED_BUILD_WAIT_MS);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  async function open(url: string, width = 1280): Promise<Page> {
    const tab = await browser.newPage({ viewport: { width, height: width < 500 ? 844 : 800 } });
    await tab.goto(`${base}${url}`, { waitUntil: 'networkidle' });
    return tab;
  }

  /** Whether the document scrolls sideways (it must not). */
  // (An expression evaluated in the page: this project's TypeScript has no DOM types.)
  const overflows = (tab: Page) => tab.evaluate<boolean>('document.documentElement.scrollWidth > document.documentElement.clientWidth');

  it('leads from the index to the quickstart, runnable with curl and with the SDK', async () => {
    const tab = await open('/docs/');
    await tab.getByRole('link', { name: 'Quickstart' }).first().click();
    await tab.waitForURL(/\/docs\/guides\/quickstart$/);
    expect(await tab.getByRole('heading', { level: 1 }).textContent()).toMatch(/^Quickstart/);
    const code = await tab.locator('pre').allInnerTexts();
    expect(code.some((block) => block.includes('curl -sf "$API/transactions/$TXN/capture"'))).toBe(true);
    expect(code.some((block) => block.includes('await evenpay.transactions.capture(transaction.id, { amount: 80000 })'))).toBe(true);
    expect(code.some((block) => block.includes("constructEvent(body, request.headers['evenpay-signature']"))).toBe(true);
    await tab.close();
  });

  it.each([
    ['createCheckout', '/docs/v2/#/checkouts/createcheckout', 'evenpay.checkouts.create({'],
    ['captureTransaction', '/docs/v2/#/transactions/capturetransaction', 'evenpay.transactions.capture('],
  ])('shows a curl and a TypeScript SDK sample on %s, by a deep link', async (_, url, call) => {
    const tab = await open(url);
    // Redoc renders the page after load: wait for the operation's curl sample to show.
    await tab.locator('pre').filter({ hasText: 'curl -X POST "$EVENPAY_API_BASE/v2/' }).first().waitFor({ timeout: VISIBLE_WITHIN_MS });
    await tab.locator('button[aria-haspopup="menu"]', { hasText: 'curl' }).first().click();
    await tab.getByRole('menuitem', { name: 'TypeScript SDK' }).click();
    const sdk = tab.locator('pre').filter({ hasText: call }).first();
    await sdk.waitFor({ timeout: VISIBLE_WITHIN_MS });
    expect(await sdk.textContent()).toContain("import { createEvenpayClient } from 'evenpay/v2';");
    // The link survives a reload: the same operation is shown again.
    await tab.reload({ waitUntil: 'networkidle' });
    await tab.locator('pre').filter({ hasText: call }).first().waitFor({ timeout: VISIBLE_WITHIN_MS });
    await tab.close();
  });

  it('documents the transaction.captured webhook: its headers and its payload', async () => {
    const tab = await open('/docs/v2/#/webhooks/transactioncapturedwebhook');
    const payload = tab.locator('pre').filter({ hasText: '"type": "transaction.captured"' }).first();
    await payload.waitFor({ timeout: VISIBLE_WITHIN_MS });
    expect(await payload.textContent()).toMatch(/"amount": \d+/);
    // biome-ignore lint/performance/useDomNodeTextContent: the text a reader sees, laid out
    const text = await tab.locator('body').innerText();
    expect(text).toMatch(/transaction\.captured\s+Webhook/);
    expect(text).toContain('Evenpay-Signature');
    expect(text).toContain('Evenpay-Event-Id');
    await tab.close();
  });

  it('gives capture_exceeds_authorized its status, fix, retry advice and example in the error catalogue', async () => {
    const tab = await open('/docs/errors#capture_exceeds_authorized');
    const entry = tab.locator('[id="capture_exceeds_authorized"]');
    await entry.waitFor({ timeout: VISIBLE_WITHIN_MS });
    // biome-ignore lint/performance/useDomNodeTextContent: the text a reader sees, laid out
    const text = await entry.innerText();
    expect(text).toContain('HTTP 422');
    expect(text).toMatch(/How to fix it\s+\S.*capturable_amount/);
    expect(text).toMatch(/Retry\?\s+No/);
    expect(text).toContain('"code": "capture_exceeds_authorized"');
    // The deep link scrolled it into view.
    expect(await tab.evaluate<boolean>("document.getElementById('capture_exceeds_authorized').getBoundingClientRect().top < innerHeight")).toBe(true);
    await tab.close();
  });

  it.each([
    '/docs/',
    '/docs/guides/quickstart',
    '/docs/guides/sdk',
    '/docs/errors#capture_exceeds_authorized',
    '/docs/changelog',
    '/docs/v2/#/transactions/capturetransaction',
    '/docs/v2/#/webhooks/transactioncapturedwebhook',
  ])('does not scroll sideways on a 390 px phone: %s', async (url) => {
    const tab = await open(url, 390);
    expect(await overflows(tab), url).toBe(false);
    await tab.close();
  });
});
