import type { components } from '../../../generated/v2/client.js';
import type { Promotion } from '../../domain/promotions.js';
import { planView } from './views.js';

type Schemas = components['schemas'];

export function promotionView({ lowestMonthly, plans, wording }: Promotion, amount: number, currency: string, livemode: boolean): Schemas['Promotion'] {
  return {
    object: 'promotion',
    amount,
    currency,
    livemode,
    lowest_monthly_payment: lowestMonthly
      ? {
          amount: lowestMonthly.disclosure.installments[0]?.amount ?? 0,
          plan_id: lowestMonthly.term.planId,
          installment_count: lowestMonthly.term.installmentCount,
          apr_bps: lowestMonthly.term.aprBps,
        }
      : null,
    plans: plans.map(({ term, disclosure }) => ({
      ...planView(term),
      installment_amount: disclosure.installments[0]?.amount ?? 0,
      amount_financed: disclosure.amount_financed,
      finance_charge: disclosure.finance_charge,
      total_of_payments: disclosure.total_of_payments,
    })),
    wording: { headline: wording.headline, apr_range: wording.aprRange, eligibility: wording.eligibility, example: wording.example },
  };
}
