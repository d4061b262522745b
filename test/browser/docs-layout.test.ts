// The docs' shared layout (scripts/lib/html.ts) in real Chromium, on a phone and on a laptop:
// no page is wider than the screen, the guides' code is highlighted and copies with one button,
// and every heading can be linked to.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ListeningApp, listeningApp } from '../helpers/app.js';
import { accessibilityViolations } from '../helpers/axe.js';
import { haveChromium, launchChromium } from '../helpers/chromium.js';
import { horizontalOverflow } from '../helpers/overflow.js';
import { docsSite, embedScript, SHARED_BUILD_WAIT_MS } from '../helpers/shared-build.js';

const PHONE = { width: 390, height: 844 };
const LAPTOP = { width: 1280, height: 800 };

describe.runIf(haveChromium)('the docs layout in a browser', () => {
  let docsDir: string;
  let app: ListeningApp | undefined;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    docsDir = await docsSite();
    // The demo shop page loads /js/evenpay-<version>.js.
    app = await listeningApp({ docsDir, embedDir: await embedScript() });
    base = app.base;
    browser = await launchChromium();
  }, SHARED_BUILD_WAIT_MS);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  const pages = () => [...readFileSync(path.join(docsDir, 'sitemap.xml'), 'utf8').matchAll(/<loc>[^<]*\/docs\/([^<]*)<\/loc>/g)].map((m) => `/docs/${m[1]}`);
  const guides = () => pages().filter((page) => page.startsWith('/docs/guides/'));

  /**
   * Each page as loaded once on the phone, shared by the tests that only look at a page as it
   * loads (overflow, code blocks, headings): a docs page is static, so one load shows what several
   * would. Opened on first use, so each test also runs alone; the headings test, which clicks and
   * navigates, runs after the others have looked.
   */
  const onPhone = new Map<string, Promise<Awaited<ReturnType<typeof open>>>>();
  function loadedOnPhone(url: string) {
    let loaded = onPhone.get(url);
    if (!loaded) {
      loaded = open(PHONE, url);
      onPhone.set(url, loaded);
    }
    return loaded;
  }
  afterAll(async () => {
    for (const loaded of onPhone.values()) await (await loaded).close();
  });

  /** A tab in a context of its own, failing the test on any console error or uncaught exception. */
  async function open(viewport: { width: number; height: number }, url: string, options: { clipboard?: boolean } = {}) {
    const context: BrowserContext = await browser.newContext({ viewport });
    if (options.clipboard) await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: base });
    const tab = await context.newPage();
    const errors: string[] = [];
    tab.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    tab.on('pageerror', (error) => errors.push(error.message));
    await tab.goto(`${base}${url}`, { waitUntil: 'load' });
    return { tab, errors, close: () => context.close() };
  }

  it('has guides to look at', () => {
    expect(guides().length).toBeGreaterThan(3);
  });

  // A laptop's width is checked where docs.test.ts loads every page at 1280 × 800.
  it.each([['390 × 844', PHONE]])(
    'no page is wider than a %s screen',
    async (_name, viewport) => {
      const overflowing: string[] = [];
      for (const page of pages()) {
        const reference = /^\/docs\/v\d+\/$/.test(page);
        // The Redoc references are loaded here only (no other test of this file reads them).
        const fresh = reference || viewport !== PHONE;
        const { tab, errors, close } = fresh ? await open(viewport, page) : await loadedOnPhone(page);
        // Redoc renders after load.
        if (reference) await tab.waitForSelector('.api-content', { timeout: 15_000 });
        const { scrollWidth, clientWidth, widest } = await horizontalOverflow(tab);
        if (scrollWidth > clientWidth) overflowing.push(`${page}: ${scrollWidth} px wide in ${clientWidth} px; widest: ${widest}`);
        expect(errors, page).toEqual([]);
        if (fresh) await close();
      }
      expect(overflowing).toEqual([]);
    },
    120_000,
  );

  it('highlights every code block of every guide at build time and frames it with a copy button', async () => {
    let highlighted = 0;
    for (const guide of guides()) {
      const { tab } = await loadedOnPhone(guide);
      const blocks = await tab.locator('pre').evaluateAll((pres) =>
        pres.map((pre) => ({
          classes: pre.querySelector('code')?.className ?? '',
          tokens: pre.querySelectorAll('[class^="hljs-"]').length,
          buttons: pre.closest('.code')?.querySelectorAll('button[type="button"][aria-label="Copy code"]').length ?? 0,
          scrolls: (globalThis as any).getComputedStyle(pre).overflowX,
        })),
      );
      for (const [i, block] of blocks.entries()) {
        expect(block.buttons, `${guide}: block ${i}`).toBe(1);
        expect(block.scrolls, `${guide}: block ${i}`).toBe('auto');
        // Through the highlighter (a one-word command has no token to colour, so some have none).
        expect(block.classes, `${guide}: block ${i}`).toMatch(/^hljs( language-[\w-]+)?$/);
      }
      highlighted += blocks.filter((block) => block.tokens > 0).length;
    }
    expect(highlighted).toBeGreaterThan(5);
    // The highlighter ran at build time: the page carries its markup, and no script of its own.
    const html = readFileSync(path.join(docsDir, 'guides', 'webhooks.html'), 'utf8');
    expect(html).toMatch(/<span class="hljs-string">/);
    expect(html).not.toMatch(/<script[^>]+src=/);
  }, 60_000);

  it('copies a code block with its button and says so', async () => {
    // The guide with the most code blocks.
    const [guide] = guides()
      .map((page) => [page, readFileSync(path.join(docsDir, `${page.replace('/docs/', '')}.html`), 'utf8').split('<div class="code">').length] as const)
      .sort((a, b) => b[1] - a[1])[0]!;
    const { tab, errors, close } = await open(PHONE, guide, { clipboard: true });
    const blocks = tab.locator('.code');
    expect(await blocks.count()).toBeGreaterThan(1);
    for (const block of await blocks.all()) {
      const expected = ((await block.locator('pre').textContent()) ?? '').replace(/\n$/, '');
      await block.getByRole('button', { name: 'Copy code' }).click();
      await expect.poll(() => block.locator('[role="status"]').textContent()).toBe('Copied');
      expect(await tab.evaluate(() => (globalThis as any).navigator.clipboard.readText())).toBe(expected);
    }
    expect(await blocks.first().locator('[role="status"]').getAttribute('aria-live')).toBe('polite');
    expect(errors).toEqual([]);
    await close();
  });

  it('gives every heading of every guide an id and a "#" link that lands on it', async () => {
    for (const guide of guides()) {
      const { tab } = await loadedOnPhone(guide);
      const headings = await tab
        .locator('h1, h2, h3, h4, h5, h6')
        .evaluateAll((hs) => hs.map((h) => ({ id: h.id, text: h.textContent, anchor: h.querySelector('a.anchor')?.getAttribute('href') })));
      expect(headings.length, guide).toBeGreaterThan(1);
      expect(new Set(headings.map((h) => h.id)).size, guide).toBe(headings.length);
      for (const heading of headings) {
        expect(heading.id, `${guide}: ${heading.text}`).toMatch(/^[a-z0-9][a-z0-9_-]*$/);
        expect(heading.anchor, `${guide}: ${heading.text}`).toBe(`#${heading.id}`);
      }
      // The link lands on its heading (the last one, so the page has to scroll).
      const last = headings.at(-1)!;
      await tab.locator(`[id="${last.id}"] a.anchor`).focus();
      expect(await tab.locator(`[id="${last.id}"] a.anchor`).evaluate((a) => (globalThis as any).getComputedStyle(a).opacity), 'shown on focus').toBe('1');
      await tab.locator(`[id="${last.id}"] a.anchor`).click();
      expect(new URL(tab.url()).hash).toBe(`#${last.id}`);
      await expect.poll(() => tab.locator(`[id="${last.id}"]`).isVisible()).toBe(true);
      expect(await inView(tab, last.id), `${guide}#${last.id} after a click`).toBe(true);
      for (const heading of headings) {
        await tab.goto(`${base}${guide}#${heading.id}`, { waitUntil: 'load' });
        expect(await inView(tab, heading.id), `${guide}#${heading.id}`).toBe(true);
      }
    }
  }, 90_000);

  it('lands the error catalogue and changelog fragments in view, each with its "#" link', async () => {
    const { tab, close } = await open(PHONE, '/docs/errors');
    const codes = await tab.locator('section.problem').evaluateAll((sections) => sections.map((s) => s.id));
    expect(codes.length).toBeGreaterThan(5);
    for (const code of [codes[0]!, codes[Math.floor(codes.length / 2)]!, codes.at(-1)!]) {
      await tab.goto(`${base}/docs/errors#${code}`, { waitUntil: 'load' });
      expect(await inView(tab, code), code).toBe(true);
      expect(await tab.locator(`[id="${code}"] h2 a.anchor`).getAttribute('href')).toBe(`#${code}`);
    }
    await tab.goto(`${base}/docs/changelog`, { waitUntil: 'load' });
    const ids = await tab.locator('h2[id], h3[id], section[id]').evaluateAll((hs) => hs.map((h) => h.id));
    expect(ids.length).toBeGreaterThan(1);
    const last = ids.at(-1)!;
    await tab.goto(`${base}/docs/changelog#${last}`, { waitUntil: 'load' });
    expect(await inView(tab, last), last).toBe(true);
    expect(await tab.locator(`[id="${last}"] a.anchor`).first().getAttribute('href')).toBe(`#${last}`);
    await close();
  });

  it.each([
    ['390 × 844', PHONE],
    ['1280 × 800', LAPTOP],
  ])('a guide has no accessibility violation at %s (axe, WCAG 2.1 AA)', async (_name, viewport) => {
    const { tab, close } = await open(viewport, '/docs/guides/webhooks');
    expect(await accessibilityViolations(tab)).toEqual([]);
    await close();
  });
});

/** Whether the element's top is on screen. */
function inView(tab: Page, id: string): Promise<boolean> {
  return tab.evaluate((target) => {
    const { document, innerHeight } = globalThis as any;
    const box = document.getElementById(target).getBoundingClientRect();
    return box.top >= 0 && box.top < innerHeight;
  }, id);
}
