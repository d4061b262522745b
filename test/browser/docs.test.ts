// The docs as a partner sees them: real Chromium (Debian's, driven by playwright-core) against
// the service's /docs. Every page loads without console errors and no request leaves localhost.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../scripts/lib/apis.js';
import type { EvenpayApp } from '../../src/app.js';
import { loadBundledSpec } from '../../src/http/spec.js';
import { startTestApp } from '../helpers/app.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium) console.warn(`Browser tests need Chromium at ${CHROMIUM} (apt-get install chromium); they are not run here.`);

describe.runIf(haveChromium)('the docs in a browser', () => {
  const docsDir = mkdtempSync(path.join(tmpdir(), 'evenpay-docs-browser-'));
  let evenpay: EvenpayApp;
  let server: Server;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    execFileSync(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'scripts', 'docs.ts'), '--out', docsDir], { cwd: repoRoot, stdio: 'ignore' });
    evenpay = await startTestApp({ docsDir });
    server = evenpay.app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    base = `http://localhost:${(server.address() as AddressInfo).port}`;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
    });
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    server?.close();
    await evenpay?.close();
    rmSync(docsDir, { recursive: true, force: true });
  });

  it.each(['/docs/', '/docs/v2/', '/docs/v1/', '/docs/errors', '/docs/migration/v1-to-v2', '/docs/changelog'])('%s loads with no console error and no request off localhost', async (page) => {
    const tab = await browser.newPage();
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
    expect(response?.status()).toBe(200);
    expect(await tab.title()).not.toBe('');
    expect(offHost).toEqual([]);
    expect(consoleErrors).toEqual([]);
    await tab.close();
  });

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
