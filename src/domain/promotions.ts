// What a shop may advertise next to a price, before checkout: the lowest monthly payment among
// the plans the price qualifies for, every plan's summary, and the words that must go with them
// (an APR range, that credit is subject to eligibility, a representative example). Computed from
// the merchant's plan terms by the same loan math as a quote; never stored.
import type { PlanTermRow } from '../data/models/index.js';
import { formatMoney } from './money.js';
import { type QuotedPlan, quotePlans } from './plans.js';

export interface PromotionWording {
  headline: string | null;
  aprRange: string | null;
  eligibility: string;
  example: string | null;
}

export interface Promotion {
  /** The monthly plan with the lowest first payment: the one to advertise. */
  lowestMonthly: QuotedPlan | undefined;
  /** Every plan the price qualifies for, in the merchant's order. */
  plans: QuotedPlan[];
  wording: PromotionWording;
}

export const ELIGIBILITY = 'Subject to an eligibility check and approval by Evenpay; not every plan is available to every buyer.';

/** An APR for people: 1500 → "15%", 999 → "9.99%". */
export function aprPercent(aprBps: number): string {
  const cents = aprBps % 100;
  return `${Math.floor(aprBps / 100)}${cents === 0 ? '' : `.${String(cents).padStart(2, '0').replace(/0$/, '')}`}%`;
}

function firstPayment(plan: QuotedPlan): number {
  return plan.disclosure.installments[0]?.amount ?? 0;
}

/** The monthly plan with the lowest first payment; on a tie, the one that costs less in all. */
function lowestMonthlyOf(plans: QuotedPlan[]): QuotedPlan | undefined {
  const monthly = plans.filter((plan) => plan.term.type === 'monthly');
  return monthly.reduce<QuotedPlan | undefined>((best, plan) => {
    if (!best) return plan;
    const diff = firstPayment(plan) - firstPayment(best);
    return diff < 0 || (diff === 0 && plan.disclosure.total_of_payments < best.disclosure.total_of_payments) ? plan : best;
  }, undefined);
}

/** The installments as runs of equal payments: "11 monthly payments of $72.21 and a last one of $72.17". */
function paymentsInWords(plan: QuotedPlan, currency: string): string {
  const runs: Array<{ amount: number; count: number }> = [];
  for (const { amount } of plan.disclosure.installments) {
    const last = runs.at(-1);
    if (last?.amount === amount) last.count += 1;
    else runs.push({ amount, count: 1 });
  }
  const kind = plan.term.type === 'monthly' ? 'monthly payment' : 'payment';
  const [first, ...rest] = runs.map(({ amount, count }) => ({ money: formatMoney(amount, currency), count }));
  const head = `${first!.count} ${kind}${first!.count === 1 ? '' : 's'} of ${first!.money}`;
  if (rest.length === 0) return head;
  const tail = rest.map(({ money, count }, index) => (index === rest.length - 1 && count === 1 ? `a last one of ${money}` : `${count} of ${money}`));
  return `${head} and ${tail.join(' and ')}`;
}

function exampleOf(plan: QuotedPlan, amount: number, currency: string): string {
  const { finance_charge: financeCharge, total_of_payments: total } = plan.disclosure;
  const term = plan.term.type === 'monthly' ? `over ${plan.term.installmentCount} months` : 'every two weeks';
  return (
    `Example: a ${formatMoney(amount, currency)} purchase ${term} at ${aprPercent(plan.term.aprBps)} APR is ${paymentsInWords(plan, currency)}; ` +
    `finance charge ${formatMoney(financeCharge, currency)}, total of payments ${formatMoney(total, currency)}.`
  );
}

function headlineOf(advertised: QuotedPlan, currency: string): string {
  const money = formatMoney(firstPayment(advertised), currency);
  if (advertised.term.type === 'monthly') return `As low as ${money}/month`;
  const interestFree = advertised.term.aprBps === 0 ? ' interest-free' : '';
  return `${advertised.term.installmentCount}${interestFree} payments of ${money}`;
}

/** The message for a price in `currency` (one the merchant accepts): what qualifies today, in words. */
export function promotionFor(terms: readonly PlanTermRow[], amount: number, currency: string, startDate: string): Promotion {
  const plans = quotePlans(terms, amount, startDate);
  const lowestMonthly = lowestMonthlyOf(plans);
  // Without a monthly plan (a small price: pay in 4 only) the first plan is the one to advertise.
  const advertised = lowestMonthly ?? plans[0];
  const aprs = plans.map((plan) => plan.term.aprBps);
  const low = Math.min(...aprs);
  const high = Math.max(...aprs);
  return {
    lowestMonthly,
    plans,
    wording: {
      headline: advertised ? headlineOf(advertised, currency) : null,
      aprRange: plans.length === 0 ? null : low === high ? `${aprPercent(low)} APR` : `${aprPercent(low)}–${aprPercent(high)} APR`,
      eligibility: ELIGIBILITY,
      example: advertised ? exampleOf(advertised, amount, currency) : null,
    },
  };
}
