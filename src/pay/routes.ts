// The hosted checkout page every checkout's `redirect_url` points at: `GET /pay/{checkoutId}`
// shows the order and the plans, and its form posts back to the same address to confirm a plan
// or cancel. It is the consumer's side of the sandbox: the same domain functions as
// `POST /v2/sandbox/checkouts/{id}/confirm|cancel`, in the same kind of transaction.
import express, { type Request, type Response, type Router } from 'express';
import { checkoutForConsumer } from '../domain/checkouts.js';
import { utcDay } from '../domain/clock.js';
import { cancelCheckout, confirmCheckout, settleCheckoutExpiry } from '../domain/consumer-actions.js';
import { AppError } from '../domain/errors.js';
import { quotePlans } from '../domain/plans.js';
import type { CheckoutRow } from '../data/models/index.js';
import { problemCatalogue } from '../http/problem-catalogue.js';
import type { Services } from '../http/operation-types.js';
import { renderNotFoundPage, renderPayPage } from './page.js';

/** Checkout ids as newId makes them; anything else is not looked up at all. */
const CHECKOUT_ID = /^chk_[0-9A-Za-z]{1,60}$/;

function send(res: Response, status: number, page: { html: string; contentSecurityPolicy: string }): void {
  res
    .status(status)
    // The address is the consumer's key to this checkout: keep it out of caches.
    .set({ 'Content-Security-Policy': page.contentSecurityPolicy, 'Cache-Control': 'no-store' })
    .type('html')
    .send(page.html);
}

export function hostedCheckoutPage(services: Services): Router {
  const { models, uow, clock, merchantProfiles, config } = services;
  const router = express.Router();
  const form = express.urlencoded({ extended: false, limit: '4kb', parameterLimit: 10 });

  /** The checkout of the address, expiry settled; undefined (and a 404 page sent) when there is none. */
  async function load(req: Request, res: Response): Promise<CheckoutRow | undefined> {
    const id = String(req.params.checkoutId);
    const found = CHECKOUT_ID.test(id) ? await checkoutForConsumer(models, id) : null;
    if (!found) {
      send(res, 404, renderNotFoundPage());
      return undefined;
    }
    return settleCheckoutExpiry(models, uow, clock, found);
  }

  async function show(res: Response, checkout: CheckoutRow, status = 200, error?: string): Promise<void> {
    const { merchant, planTerms } = await merchantProfiles.load(checkout.merchantId);
    const choosing = checkout.status === 'open' && !checkout.livemode;
    const plans = choosing ? quotePlans(planTerms, checkout.totalAmount, utcDay(clock.now())) : [];
    send(res, status, renderPayPage({ checkout, merchantName: merchant.name, plans, docsBaseUrl: config.docsBaseUrl, ...(error ? { error } : {}) }));
  }

  router.get('/:checkoutId', async (req, res) => {
    const checkout = await load(req, res);
    if (checkout) await show(res, checkout);
  });

  router.post('/:checkoutId', form, async (req, res) => {
    const checkout = await load(req, res);
    if (!checkout) return;
    const body = (req.body ?? {}) as Record<string, unknown>;
    const action = body.action;
    const planId = body.plan_id;
    if (action !== 'confirm' && action !== 'cancel') return show(res, checkout, 400, 'Choose a plan and confirm it, or cancel.');
    if (action === 'confirm' && (typeof planId !== 'string' || planId === '')) return show(res, checkout, 422, 'Choose a plan first.');
    const owner = { merchantId: checkout.merchantId, livemode: checkout.livemode };
    try {
      const after = await uow.transaction((transaction) => {
        const context = { models, clock, transaction, requestId: req.id };
        return action === 'confirm' ? confirmCheckout(context, owner, checkout.id, planId as string) : cancelCheckout(context, owner, checkout.id);
      });
      // Approved: on to the merchant. Canceled: back to the merchant. Declined: this page says so.
      if (after.status === 'confirmed') return res.redirect(303, after.confirmUrl);
      if (after.status === 'canceled') return res.redirect(303, after.cancelUrl);
      return res.redirect(303, checkout.id); // relative: this same page, wherever the service is mounted
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      // Refused (no longer open, expired, plan not offered, a live checkout): the page as it now stands, with why.
      const now = await settleCheckoutExpiry(models, uow, clock, (await checkout.reload()) as CheckoutRow);
      return show(res, now, problemCatalogue[error.code].status, error.message);
    }
  });

  return router;
}
