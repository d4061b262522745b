// Branding on the hosted pages: a merchant's colour and logo (a URL on its website, or a small
// PNG/JPEG uploaded and served back by Evenpay with its checked type), its partner's when it has
// none, always with "Powered by Evenpay"; each page's policy allows exactly its own style (by
// hash) and its logo's origin, nothing else. Refusals point at the field and say what to fix.
import { createHash, randomUUID } from 'node:crypto';
import supertest from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { setPartnerBranding } from '../../../src/domain/branding.js';
import { systemClock } from '../../../src/kernel/clock.js';
import { checkoutBody } from '../../factories/checkouts.js';
import { PNG_LOGO } from '../../factories/images.js';
import { makePartner, type TestPartner } from '../../factories/partners.js';
import { appWithMerchantOnOwnDatabase } from '../../helpers/app.js';
import { expectProblem, pointers } from '../../helpers/problem.js';

const PNG = PNG_LOGO;
const JPEG_BYTES = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46]).toString('base64');

const { evenpay, http } = appWithMerchantOnOwnDatabase('Branding Co', 'branding', {
  config: { sandboxReviewDelayMs: 0, publicBaseUrl: 'http://evenpay.test' },
});
const browser = () => supertest(evenpay.app);

let partner: TestPartner;
beforeAll(async () => {
  partner = await makePartner(evenpay.services.models, { name: 'Branded Platform' });
});

async function onboard(branding?: Record<string, unknown>, as: TestPartner = partner) {
  return http.post('/v2/merchants', {
    auth: as.bearer,
    body: {
      external_merchant_id: `brand-${randomUUID()}`,
      legal_name: 'Acme Outdoor Supply LLC',
      name: 'Acme Outdoor',
      country: 'US',
      currencies: ['USD'],
      website: 'https://www.acme-outdoor.example.com',
      category_code: '5941',
      support_email: 'help@acme-outdoor.example.com',
      ...(branding ? { branding } : {}),
    },
  });
}

/** The merchant, reviewed (active), and the hosted page of a new checkout of it. */
async function payPageOf(merchantId: string) {
  await evenpay.reviewMerchants();
  const checkout = await http.post('/v2/checkouts', { auth: partner.bearer, headers: { 'Evenpay-Merchant': merchantId }, body: checkoutBody() });
  expect(checkout.status).toBe(201);
  return browser().get(new URL(checkout.body.redirect_url).pathname);
}

/** The page's policy allows its inline style by hash: the hash of exactly the style it carries. */
function expectStyleAllowed(res: supertest.Response): void {
  const style = /<style>([\s\S]*?)<\/style>/.exec(res.text)![1]!;
  expect(res.headers['content-security-policy']).toContain(`style-src 'sha256-${createHash('sha256').update(style).digest('base64')}'`);
}

describe("a merchant's branding", () => {
  it('is kept and shown: its colour and logo on its checkout page, "Powered by Evenpay", a policy allowing just those', async () => {
    const created = await onboard({ primary_color: '#1d4ed8', logo_url: 'https://cdn.acme-outdoor.example.com/logo.png' });
    expect(created.status).toBe(201);
    expect(created.body.branding).toEqual({ primary_color: '#1d4ed8', logo_url: 'https://cdn.acme-outdoor.example.com/logo.png' });
    const page = await payPageOf(created.body.id);
    expect(page.status).toBe(200);
    expect(page.text).toContain('<img src="https://cdn.acme-outdoor.example.com/logo.png" alt="" height="32"> Acme Outdoor');
    expect(page.text).toContain('<footer>Powered by Evenpay</footer>');
    expect(page.text).toContain('background: #1d4ed8');
    expectStyleAllowed(page);
    const policy = page.headers['content-security-policy'];
    expect(policy).toContain('img-src https://cdn.acme-outdoor.example.com');
    expect(policy).toContain("default-src 'none'");
    expect(policy).not.toContain('script-src');
  });

  it('takes an uploaded PNG, serves it back as image/png (nosniff, cached for good), and shows it', async () => {
    const created = await onboard({ primary_color: '#0b6e4f', logo: { content_type: 'image/png', data: PNG } });
    expect(created.status).toBe(201);
    const logoUrl: string = created.body.branding.logo_url;
    expect(logoUrl).toMatch(/^http:\/\/evenpay\.test\/brand-assets\/img_[0-9A-Za-z]{20}$/);
    const image = await browser().get(new URL(logoUrl).pathname).buffer(true);
    expect(image.status).toBe(200);
    expect(image.headers['content-type']).toBe('image/png');
    expect(image.headers['x-content-type-options']).toBe('nosniff');
    expect(image.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(Buffer.compare(image.body as Buffer, Buffer.from(PNG, 'base64'))).toBe(0);
    const page = await payPageOf(created.body.id);
    expect(page.headers['content-security-policy']).toContain('img-src http://evenpay.test');
    expect((await browser().get('/brand-assets/img_NoSuchImage')).status).toBe(404);
  });

  it('is updated field by field, and removed with null', async () => {
    const created = await onboard({ primary_color: '#1d4ed8' });
    const withLogo = await http.post(`/v2/merchants/${created.body.id}`, {
      auth: partner.bearer,
      body: { branding: { logo_url: 'https://acme-outdoor.example.com/logo.png' } },
    });
    expect(withLogo.body.branding).toEqual({ primary_color: '#1d4ed8', logo_url: 'https://acme-outdoor.example.com/logo.png' });
    const cleared = await http.post(`/v2/merchants/${created.body.id}`, { auth: partner.bearer, body: { branding: { primary_color: null, logo_url: null } } });
    expect(cleared.body.branding).toEqual({ primary_color: null, logo_url: null });
  });

  it.each([
    ['a colour white text is unreadable on', { primary_color: '#ffd700' }, '/branding/primary_color', 'contrast'],
    ['a logo URL off the merchant’s website', { logo_url: 'https://evil.example.net/logo.png' }, '/branding/logo_url', 'acme-outdoor.example.com'],
    ['a logo that is not the PNG it says', { logo: { content_type: 'image/png', data: JPEG_BYTES } }, '/branding/logo/data', 'image/jpeg'],
    [
      'a logo that is no image at all (SVG)',
      { logo: { content_type: 'image/png', data: Buffer.from('<svg onload="alert(1)"/>').toString('base64') } },
      '/branding/logo/data',
      'PNG or JPEG',
    ],
    [
      'both a logo URL and an upload',
      { logo_url: 'https://acme-outdoor.example.com/l.png', logo: { content_type: 'image/png', data: PNG } },
      '/branding/logo',
      'not both',
    ],
  ])('refuses %s (400, pointing at it)', async (_what, branding, pointer, says) => {
    const res = await onboard(branding);
    expectProblem(res, 400, 'invalid_request');
    expect(pointers(res)).toEqual([pointer]);
    expect(res.body.detail).toContain(says);
  });

  it('refuses a logo over 64 KB', async () => {
    const big = Buffer.concat([Buffer.from(PNG, 'base64'), Buffer.alloc(64 * 1024)]).toString('base64');
    const res = await onboard({ logo: { content_type: 'image/png', data: big } });
    expectProblem(res, 400, 'invalid_request');
    expect(pointers(res)).toEqual(['/branding/logo/data']);
  });
});

describe("a partner's branding", () => {
  it('brands its onboarding page, and the checkout page of a merchant without branding of its own', async () => {
    const branded = await makePartner(evenpay.services.models, { name: 'Blue Platform' });
    await evenpay.services.uow.transaction((transaction) =>
      setPartnerBranding(
        { models: evenpay.services.models, clock: systemClock, transaction, requestId: null },
        { partnerId: branded.id, primaryColor: '#5b21b6' },
      ),
    );
    const created = await onboard(undefined, branded);
    const link = await http.post(`/v2/merchants/${created.body.id}/onboarding-links`, {
      auth: branded.bearer,
      body: { return_url: 'https://blue.example.com/done', refresh_url: 'https://blue.example.com/refresh' },
    });
    const onboarding = await browser().get(new URL(link.body.url).pathname);
    expect(onboarding.text).toContain('<p class="brand">Blue Platform</p>');
    expect(onboarding.text).toContain('Powered by Evenpay');
    expect(onboarding.text).toContain('#5b21b6');
    expectStyleAllowed(onboarding);

    await evenpay.reviewMerchants();
    const checkout = await http.post('/v2/checkouts', { auth: branded.bearer, headers: { 'Evenpay-Merchant': created.body.id }, body: checkoutBody() });
    const pay = await browser().get(new URL(checkout.body.redirect_url).pathname);
    expect(pay.text).toContain('<p class="brand">Acme Outdoor</p>');
    expect(pay.text).toContain('#5b21b6');
    expectStyleAllowed(pay);
  });
});
