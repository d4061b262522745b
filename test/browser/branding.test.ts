// Branded hosted pages in real Chromium: a merchant's checkout page with its uploaded logo and
// colour, and a partner-branded onboarding page. The logo loads under the page's policy (no
// console error: a policy violation would be one), and an axe-core scan (WCAG 2.1 AA, colour
// contrast included) finds nothing on either page.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EvenpayApp } from '../../src/app.js';
import { setPartnerBranding } from '../../src/domain/branding.js';
import { systemClock } from '../../src/kernel/clock.js';
import { checkoutBody } from '../factories/checkouts.js';
import { PNG_LOGO } from '../factories/images.js';
import { makePartner, type TestPartner } from '../factories/partners.js';
import { startTestApp } from '../helpers/app.js';
import { accessibilityViolations } from '../helpers/axe.js';
import { haveChromium, launchChromium } from '../helpers/chromium.js';
import { api, type Http } from '../helpers/http.js';

describe.runIf(haveChromium)('branded hosted pages in a browser', () => {
  let evenpay: EvenpayApp;
  let http: Http;
  let service: Server;
  let browser: Browser;
  let partner: TestPartner;

  beforeAll(async () => {
    service = createServer((req, res) => evenpay.app(req, res));
    service.listen(0, '127.0.0.1');
    await new Promise((resolve) => service.once('listening', resolve));
    const base = `http://localhost:${(service.address() as AddressInfo).port}`;
    evenpay = await startTestApp({ config: { publicBaseUrl: base, sandboxReviewDelayMs: 0 } });
    http = api(evenpay.app);
    partner = await makePartner(evenpay.services.models, { name: 'Violet Platform' });
    await evenpay.services.uow.transaction((transaction) =>
      setPartnerBranding(
        { models: evenpay.services.models, clock: systemClock, transaction, requestId: null },
        { partnerId: partner.id, primaryColor: '#5b21b6' },
      ),
    );
    browser = await launchChromium();
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    service?.close();
    await evenpay?.close();
  });

  it('shows a merchant’s uploaded logo and colour on its checkout page, accessibly, under the page’s policy', async () => {
    const created = await http.post('/v2/merchants', {
      auth: partner.bearer,
      body: {
        external_merchant_id: 'branded-shop',
        legal_name: 'Harbor Goods LLC',
        name: 'Harbor Goods',
        country: 'US',
        currencies: ['USD'],
        website: 'https://harbor.example.com',
        category_code: '5941',
        support_email: 'help@harbor.example.com',
        branding: { primary_color: '#1d4ed8', logo: { content_type: 'image/png', data: PNG_LOGO } },
      },
    });
    expect(created.status).toBe(201);
    await evenpay.reviewMerchants();
    const checkout = await http.post('/v2/checkouts', { auth: partner.bearer, headers: { 'Evenpay-Merchant': created.body.id }, body: checkoutBody() });
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('console', (message) => {
      // The browser's own favicon request is not the page's (the service has no favicon).
      if (message.type() === 'error' && !message.location().url.endsWith('/favicon.ico')) problems.push(message.text());
    });
    await page.goto(checkout.body.redirect_url);
    const logo = page.locator('header img');
    await logo.waitFor();
    expect(await logo.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth)).toBe(24);
    expect(await page.locator('footer').textContent()).toBe('Powered by Evenpay');
    expect(await accessibilityViolations(page)).toEqual([]);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('brands the onboarding page as the partner, accessibly', async () => {
    const created = await http.post('/v2/merchants', {
      auth: partner.bearer,
      body: { external_merchant_id: 'to-onboard', legal_name: 'Cove LLC', name: 'Cove', country: 'US', currencies: ['USD'] },
    });
    const link = await http.post(`/v2/merchants/${created.body.id}/onboarding-links`, {
      auth: partner.bearer,
      body: { return_url: 'https://violet.example.com/done', refresh_url: 'https://violet.example.com/refresh' },
    });
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('console', (message) => {
      // The browser's own favicon request is not the page's (the service has no favicon).
      if (message.type() === 'error' && !message.location().url.endsWith('/favicon.ico')) problems.push(message.text());
    });
    await page.goto(link.body.url);
    expect(await page.locator('.brand').textContent()).toBe('Violet Platform');
    const buttonColor = await page
      .getByRole('button', { name: 'Send for review' })
      .evaluate(
        (button) => (globalThis as unknown as { getComputedStyle: (e: unknown) => { backgroundColor: string } }).getComputedStyle(button).backgroundColor,
      );
    expect(buttonColor).toBe('rgb(91, 33, 182)');
    expect(await accessibilityViolations(page)).toEqual([]);
    expect(problems).toEqual([]);
    await page.close();
  });
});
