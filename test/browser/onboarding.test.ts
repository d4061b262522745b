// The hosted onboarding page in real Chromium, as a merchant's representative meets it from an
// onboarding link: it renders under its own content security policy (no console error), passes
// an axe-core accessibility scan (WCAG 2.1 A/AA) on the form, on the form with errors and on the
// answers, is usable with the keyboard alone, and sending it leads on to the partner's return_url.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EvenpayApp } from '../../src/app.js';
import { makePartner, type TestPartner } from '../factories/partners.js';
import { startTestApp } from '../helpers/app.js';
import { accessibilityViolations } from '../helpers/axe.js';
import { haveChromium, launchChromium } from '../helpers/chromium.js';
import { api, type Http } from '../helpers/http.js';

async function listen(server: Server): Promise<string> {
  server.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe.runIf(haveChromium)('the hosted onboarding page in a browser', () => {
  let evenpay: EvenpayApp;
  let http: Http;
  let service: Server;
  let base: string;
  let platform: Server;
  let platformBase: string;
  let browser: Browser;
  let partner: TestPartner;

  beforeAll(async () => {
    service = createServer((req, res) => evenpay.app(req, res));
    base = (await listen(service)).replace('127.0.0.1', 'localhost');
    evenpay = await startTestApp({ config: { publicBaseUrl: base, sandboxReviewDelayMs: 0 } });
    http = api(evenpay.app);
    // The partner's dashboard, on its own origin: where return_url and refresh_url lead.
    platform = createServer((req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end(`<title>Platform</title><h1>Platform at ${req.url}</h1>`));
    platformBase = await listen(platform);
    partner = await makePartner(evenpay.services.models, { name: 'Browser Platform' });
    browser = await launchChromium();
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    platform?.close();
    service?.close();
    await evenpay?.close();
  });

  async function newLink(): Promise<{ merchantId: string; url: string }> {
    const created = await http.post('/v2/merchants', {
      auth: partner.bearer,
      body: { external_merchant_id: `browser-${Math.random()}`, legal_name: 'Alpine Gear LLC', name: 'Alpine Gear', country: 'US', currencies: ['USD'] },
    });
    const link = await http.post(`/v2/merchants/${created.body.id}/onboarding-links`, {
      auth: partner.bearer,
      body: { return_url: `${platformBase}/onboarding/done`, refresh_url: `${platformBase}/onboarding/refresh` },
    });
    expect(link.status).toBe(201);
    return { merchantId: created.body.id, url: link.body.url };
  }

  it('is accessible, works with the keyboard, and leads on to the platform once sent', async () => {
    const { merchantId, url } = await newLink();
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('console', (message) => {
      // The 422 of the form sent with wrong values is the page's own answer, not a fault.
      if (message.type() === 'error' && !message.text().includes('status of 422')) problems.push(message.text());
    });
    await page.goto(url);
    expect(await page.title()).toBe('Finish setting up Alpine Gear · Evenpay');
    expect(await accessibilityViolations(page)).toEqual([]);

    // Wrong values: the page answers with what to fix, still accessible.
    await page.getByLabel('Website').fill('alpine');
    await page.getByRole('button', { name: 'Send for review' }).click();
    await page.getByRole('alert').waitFor();
    await expect(page.getByRole('alert').textContent()).resolves.toContain('need another look');
    expect(await page.getByLabel('Website').getAttribute('aria-invalid')).toBe('true');
    expect(await accessibilityViolations(page)).toEqual([]);

    // The keyboard alone: each field in turn, then the button.
    await page.getByLabel('Website').fill('');
    await page.getByLabel('Website').focus();
    await page.keyboard.type('https://alpine-gear.example.com');
    await page.keyboard.press('Tab');
    await page.keyboard.type('5941');
    await page.keyboard.press('Tab');
    await page.keyboard.type('help@alpine-gear.example.com');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Details sent' }).waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.getByRole('link', { name: 'Continue' }).click();
    await page.waitForURL(`${platformBase}/onboarding/done`);

    const merchant = await http.get(`/v2/merchants/${merchantId}`, { auth: partner.bearer });
    expect(merchant.body).toMatchObject({ status: 'pending', category_code: '5941', requirements: { disabled_reason: 'under_review' } });
    expect(problems).toEqual([]);
    await page.close();
  });

  it('says a used link no longer works, accessibly, and offers the refresh_url', async () => {
    const { url } = await newLink();
    const page = await browser.newPage();
    await page.goto(url);
    await page.getByLabel('Website').fill('https://alpine-gear.example.com');
    await page.getByLabel('Merchant category code').fill('5941');
    await page.getByLabel('Customer support email').fill('help@alpine-gear.example.com');
    await page.getByRole('button', { name: 'Send for review' }).click();
    await page.getByRole('heading', { name: 'Details sent' }).waitFor();
    const again = await page.goto(url);
    expect(again?.status()).toBe(410);
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.getByRole('link', { name: 'Get a new link' }).click();
    await page.waitForURL(`${platformBase}/onboarding/refresh`);
    await page.close();
  });
});
