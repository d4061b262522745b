// The docs as a partner sees them: real Chromium (Debian's, driven by playwright-core) against
// the service's /docs. Every page loads without console errors and no request leaves localhost.

import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../scripts/lib/apis.js';
import { loadBundledSpec } from '../../src/http/spec.js';
import { type ListeningApp, listeningApp } from '../helpers/app.js';
import { haveChromium, launchChromium } from '../helpers/chromium.js';
import { horizontalOverflow } from '../helpers/overflow.js';
import { docsSite, embedScript, SHARED_BUILD_WAIT_MS } from '../helpers/shared-build.js';

describe.runIf(haveChromium)('the docs in a browser', () => {
  let docsDir: string;
  // Not committed (build/ is ignored): look at them to see what a partner sees.
  const screenshots = path.join(repoRoot, 'build', 'screenshots');
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

  /** Every page of the site, from the sitemap the build writes. */
  const pages = () => [...readFileSync(path.join(docsDir, 'sitemap.xml'), 'utf8').matchAll(/<loc>[^<]*\/docs\/([^<]*)<\/loc>/g)].map((m) => `/docs/${m[1]}`);

  it('lists every page in the sitemap', () => {
    expect(pages()).toEqual(
      expect.arrayContaining(['/docs/', '/docs/v1/', '/docs/v2/', '/docs/errors', '/docs/changelog', '/docs/migration/v1-to-v2', '/docs/guides/webhooks']),
    );
  });

  it('loads every page on a 1280 × 800 screen with no console error, no request off localhost and no sideways scroll, and screenshots it', async () => {
    mkdirSync(screenshots, { recursive: true });
    const overflowing: string[] = [];
    for (const page of pages()) {
      const tab = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      const offHost: string[] = [];
      const consoleErrors: string[] = [];
      await tab.route('**/*', (route) => {
        const url = new URL(route.request().url());
        if (url.protocol.startsWith('http') && url.hostname !== 'localhost' && url.hostname !== '127.0.0.1') {
          offHost.push(url.href);
          return route.abort();
        }
        return route.continue();
      });
      tab.on('console', (message) => {
        if (message.type() === 'error') consoleErrors.push(message.text());
      });
      const response = await tab.goto(`${base}${page}`, { waitUntil: 'networkidle' });
      expect(response?.status(), page).toBe(200);
      expect(await tab.title(), page).not.toBe('');
      expect(offHost, page).toEqual([]);
      expect(consoleErrors, page).toEqual([]);
      // Redoc renders after load.
      if (/^\/docs\/v\d+\/$/.test(page)) await tab.waitForSelector('.api-content', { timeout: 15_000 });
      const { scrollWidth, clientWidth, widest } = await horizontalOverflow(tab);
      if (scrollWidth > clientWidth) overflowing.push(`${page}: ${scrollWidth} px wide in ${clientWidth} px; widest: ${widest}`);
      await tab.screenshot({ path: path.join(screenshots, `${page.replace(/^\/docs\/?/, '').replace(/\//g, '_') || 'index'}.png`), fullPage: false });
      await tab.close();
    }
    expect(overflowing).toEqual([]);
  }, 120_000);

  it('resolves every link of the index (no 404)', async () => {
    const tab = await browser.newPage();
    await tab.goto(`${base}/docs/`, { waitUntil: 'networkidle' });
    const hrefs = await tab.locator('a[href]').evaluateAll((anchors) => anchors.map((a) => a.getAttribute('href') ?? ''));
    const links = hrefs.map((href) => new URL(href, `${base}/docs/`).href);
    expect(links.length).toBeGreaterThan(10);
    for (const link of links.filter((href) => href.startsWith(base))) {
      const response = await tab.request.get(link);
      expect(response.status(), link).toBe(200);
    }
    await tab.close();
  });

  it("shows a countdown to the deprecated version's sunset", async () => {
    const tab = await browser.newPage();
    await tab.goto(`${base}/docs/`, { waitUntil: 'networkidle' });
    expect(await tab.textContent('.countdown')).toMatch(/^\(\d+ days left\)$/);
    await tab.close();
  });

  it('lands every problem type URI on its anchor in the error catalogue', async () => {
    const problem = await fetch(`${base}/v2/merchant`).then((r) => r.json() as Promise<{ type: string; code: string }>);
    const codes = (loadBundledSpec('v2') as unknown as { components: { schemas: { KnownErrorCode: { enum: string[] } } } }).components.schemas.KnownErrorCode
      .enum;
    expect(codes).toContain(problem.code);
    const tab = await browser.newPage();
    for (const code of codes) {
      // The type URI's path and fragment, served by this instance's /docs.
      const type = new URL(problem.type.replace(problem.code, code));
      await tab.goto(`${base}/docs${type.pathname}${type.hash}`, { waitUntil: 'load' });
      expect(await tab.locator(`[id="${code}"]`).count(), code).toBe(1);
    }
    await tab.close();
  }, 60_000);

  it.each(['v1', 'v2'])('the %s reference shows every operation of its spec', async (version) => {
    const summaries = Object.values(loadBundledSpec(version).paths).flatMap((item) =>
      Object.values(item).map((operation) => (operation as { summary?: string }).summary),
    );
    const tab = await browser.newPage();
    await tab.goto(`${base}/docs/${version}/`, { waitUntil: 'networkidle' });
    const text = await tab.textContent('body');
    expect(summaries.length).toBeGreaterThan(0);
    for (const summary of summaries) expect(text).toContain(summary);
    await tab.close();
  });
});
