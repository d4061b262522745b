// The hosted checkout page every checkout's `redirect_url` points at: `GET /pay/{checkoutId}`
// shows the order and the plans, and its form posts back to the same address to confirm a plan
// or cancel, then sends the browser back to the page. It is the consumer's side of the sandbox:
// the same domain functions as `POST /v2/sandbox/checkouts/{id}/confirm|cancel`, in the same
// kind of transaction.
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { merchantBrand } from '../domain/branding.js';
import { type CheckoutData, checkoutForConsumer } from '../domain/checkouts.js';
import { cancelCheckout, confirmCheckout, settleCheckoutExpiry } from '../domain/consumer-actions.js';
import { quotePlans } from '../domain/plans.js';
import type { Services } from '../http/operation-types.js';
import { clientErrorStatus } from '../http/problem.js';
import { utcDay } from '../kernel/clock.js';
import { AppError } from '../kernel/errors.js';
import { type PageBrand, renderMessagePage, sendPage } from './layout.js';
import { renderPayPage } from './page.js';
import { payPageUrl } from './page-url.js';

/** Checkout ids as newId makes them; anything else is not looked up at all. */
const CHECKOUT_ID = /^chk_[0-9A-Za-z]{1,60}$/;

/** What a refused confirmation says to the consumer (the API's problem details are for developers). */
const PLAN_NOT_AVAILABLE = "That plan isn't available for this order. Choose another.";

export function hostedCheckoutPage(services: Services): Router {
  const { models, uow, clock, merchantProfiles, config } = services;
  const read = { models, uow, clock };
  const router = express.Router();
  const form = express.urlencoded({ extended: false, limit: '4kb', parameterLimit: 10 });

  /** The checkout of the address, expiry settled; undefined (and a 404 page sent) when there is none. */
  async function load(req: Request, res: Response): Promise<CheckoutData | undefined> {
    const id = String(req.params.checkoutId);
    const found = CHECKOUT_ID.test(id) ? await checkoutForConsumer(read, { id }) : null;
    if (!found) {
      sendPage(res, 404, renderMessagePage('Checkout not found', "This link is not a checkout. Start again from the shop's checkout."));
      return undefined;
    }
    return settleCheckoutExpiry(read, found);
  }

  async function show(res: Response, checkout: CheckoutData, status = 200, error?: string): Promise<void> {
    const { merchant, planTerms } = await merchantProfiles.load(checkout.merchantId);
    const partner = merchant.partnerId ? await models.Partner.findByPk(merchant.partnerId) : null;
    const brand: PageBrand = merchantBrand(merchant, partner, config.publicBaseUrl);
    const choosing = checkout.status === 'open' && !checkout.livemode;
    const plans = choosing ? quotePlans(planTerms, checkout.totalAmount, utcDay(clock.now())) : [];
    // The approval page recaps the plan chosen (its dates estimated from today, as the schedule's are until the first capture).
    const approved = (checkout.status === 'confirmed' || checkout.status === 'completed') && checkout.planId;
    const chosen = approved ? quotePlans(planTerms, checkout.totalAmount, utcDay(clock.now())).find((plan) => plan.term.planId === checkout.planId) : undefined;
    sendPage(res, status, renderPayPage({ checkout, brand, plans, chosen, docsBaseUrl: config.docsBaseUrl, ...(error ? { error } : {}) }), brand);
  }

  router.get('/:checkoutId', async (req, res) => {
    const checkout = await load(req, res);
    if (checkout) await show(res, checkout);
  });

  // Post/redirect/get: every answer that changed or found nothing to change sends the browser back
  // to the page, which says where the checkout now stands and moves on to the merchant by itself.
  router.post('/:checkoutId', form, async (req, res) => {
    const checkout = await load(req, res);
    if (!checkout) return;
    const body = (req.body ?? {}) as Record<string, unknown>;
    const { action, plan_id: planId } = body;
    if (action !== 'confirm' && action !== 'cancel') return show(res, checkout, 400, 'Choose a plan and confirm it, or cancel.');
    if (action === 'confirm' && (typeof planId !== 'string' || planId === '')) return show(res, checkout, 422, 'Choose a plan first.');
    const owner = { merchantId: checkout.merchantId, livemode: checkout.livemode };
    try {
      await uow.transaction((transaction) => {
        const context = { models, clock, transaction, requestId: req.id };
        return action === 'confirm'
          ? confirmCheckout(context, owner, { id: checkout.id, planId: planId as string })
          : cancelCheckout(context, owner, { id: checkout.id });
      });
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      // The one refusal the consumer can mend here. Any other (already confirmed by a double
      // submit, expired, a live checkout) is answered by the page as the checkout now stands.
      if (error.code === 'plan_not_available') return show(res, checkout, 422, PLAN_NOT_AVAILABLE);
    }
    return res.redirect(303, payPageUrl(config.publicBaseUrl, checkout.id));
  });

  // A form the page cannot read (too large, another encoding): a page too, not an API problem.
  router.use((error: unknown, _req: Request, res: Response, next: NextFunction) => {
    const status = clientErrorStatus(error);
    if (status === undefined) return next(error);
    sendPage(res, status, renderMessagePage('Something went wrong with this form', 'Go back to the checkout page and try again.'));
  });

  return router;
}
