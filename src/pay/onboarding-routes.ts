// The hosted onboarding page an onboarding link's `url` points at: `GET /onboard/{token}` asks
// for what the merchant still owes; its form posts back to the same address, which checks each
// field as the API would, supplies them (the merchant may go to review) and uses the link up.
// A link that is used or past its hour says so and leads to the partner's refresh_url.
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import type { MerchantRow } from '../data/models/index.js';
import { partnerBrand } from '../domain/branding.js';
import type { Requirement } from '../domain/onboarding.js';
import { completeOnboarding, visitOnboardingLink } from '../domain/onboarding-links.js';
import type { Services } from '../http/operation-types.js';
import { clientErrorStatus } from '../http/problem.js';
import { type PageBrand, renderMessagePage, sendPage } from './layout.js';
import { renderLinkGone, renderNothingDue, renderOnboardingForm, renderOnboardingSent } from './onboarding-page.js';

/** Each field as the API's schema has it (CreateMerchantRequest), in words for a person. */
const CHECKS: Record<Requirement, { valid: (value: string) => boolean; max: number; message: string }> = {
  website: {
    valid: (value) => URL.canParse(value) && ['https:', 'http:'].includes(new URL(value).protocol),
    max: 2048,
    message: 'Enter the full address of your shop, starting with https://',
  },
  category_code: { valid: (value) => /^[0-9]{4}$/.test(value), max: 4, message: 'Enter the four digits of your merchant category code.' },
  support_email: { valid: (value) => /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value), max: 254, message: 'Enter an email address, such as help@yourshop.com.' },
};

function readForm(body: Record<string, unknown>, due: Requirement[]) {
  const values: Partial<Record<Requirement, string>> = {};
  const errors: Partial<Record<Requirement, string>> = {};
  for (const requirement of due) {
    const raw = body[requirement];
    const value = typeof raw === 'string' ? raw.trim() : '';
    values[requirement] = value;
    const check = CHECKS[requirement];
    if (value === '' || value.length > check.max || !check.valid(value)) errors[requirement] = check.message;
  }
  return { values, errors };
}

export function hostedOnboardingPage(services: Services): Router {
  const { models, uow, clock, config, merchantProfiles } = services;
  const router = express.Router();
  const form = express.urlencoded({ extended: false, limit: '8kb', parameterLimit: 10 });
  /** The representative onboards through the partner: its brand, with "Powered by Evenpay". */
  const brandOf = async (merchant: MerchantRow): Promise<PageBrand | undefined> =>
    partnerBrand(merchant.partnerId ? await models.Partner.findByPk(merchant.partnerId) : null);

  /**
   * What the link's address finds, answered here when it is not an open link (404 for no link,
   * 410 for a used or expired one); the open link, its merchant and the page's brand otherwise.
   */
  async function openLink(req: Request, res: Response) {
    const visit = await visitOnboardingLink({ models, uow, clock }, { token: String(req.params.token) });
    if (visit.kind === 'unknown') {
      sendPage(res, 404, renderMessagePage('Link not found', 'This is not a setup link. Ask the platform you sell through for a new one.'));
      return undefined;
    }
    const brand = await brandOf(visit.merchant);
    if (visit.kind !== 'open') {
      sendPage(res, 410, renderLinkGone({ kind: visit.kind, refreshUrl: visit.link.refreshUrl, livemode: visit.link.livemode, brand }), brand);
      return undefined;
    }
    return { ...visit, brand };
  }

  router.get('/:token', async (req, res) => {
    const open = await openLink(req, res);
    if (!open) return;
    const { link, merchant, due, brand } = open;
    if (due.length === 0) return sendPage(res, 200, renderNothingDue({ merchant, returnUrl: link.returnUrl, livemode: link.livemode, brand }), brand);
    sendPage(res, 200, renderOnboardingForm({ merchant, due, livemode: link.livemode, brand }), brand);
  });

  router.post('/:token', form, async (req, res) => {
    const open = await openLink(req, res);
    if (!open) return;
    const { link, merchant, due, brand } = open;
    const { values, errors } = readForm((req.body ?? {}) as Record<string, unknown>, due);
    if (Object.keys(errors).length > 0) {
      return sendPage(res, 422, renderOnboardingForm({ merchant, due, values, errors, livemode: link.livemode, brand }), brand);
    }
    const updated = await uow.transaction((transaction) =>
      completeOnboarding(
        { models, clock, transaction, requestId: req.id },
        { link, merchant },
        { website: values.website, categoryCode: values.category_code, supportEmail: values.support_email, reviewDelayMs: config.sandboxReviewDelayMs },
      ),
    );
    // Another submission used the link first.
    if (!updated) return sendPage(res, 410, renderLinkGone({ kind: 'used', refreshUrl: link.refreshUrl, livemode: link.livemode, brand }), brand);
    merchantProfiles.forget(merchant.id);
    sendPage(res, 200, renderOnboardingSent({ merchant: updated, returnUrl: link.returnUrl, livemode: link.livemode, brand }), brand);
  });

  // A form the page cannot read (too large, another encoding): a page too, not an API problem.
  router.use((error: unknown, _req: Request, res: Response, next: NextFunction) => {
    const status = clientErrorStatus(error);
    if (status === undefined) return next(error);
    sendPage(res, status, renderMessagePage('Something went wrong with this form', 'Go back to the setup page and try again.'));
  });

  return router;
}
