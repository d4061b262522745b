import type { operations } from '../../../generated/v2/client.js';
import { assertCurrencyAccepted } from '../../domain/merchants.js';
import { quotePlans } from '../../domain/plans.js';
import { computation, type Handler } from '../../http/operation-types.js';
import { utcDay } from '../../kernel/clock.js';
import { quotedPlanView } from './views.js';

/** Quote the available plans. */
export const createPlanQuote: Handler<operations['createPlanQuote']> = computation(async ({ auth, body, services }) => {
  const { merchant, planTerms } = await services.merchantProfiles.load(auth.merchantId);
  assertCurrencyAccepted(merchant, body.currency, { pointer: '/currency' });
  const startDate = body.start_date ?? utcDay(services.clock.now());
  const plans = quotePlans(planTerms, body.amount, startDate).map((plan) => quotedPlanView(plan, body.currency));
  return {
    status: 200,
    body: { object: 'plan_quote', amount: body.amount, currency: body.currency, start_date: startDate, plans },
  };
});
