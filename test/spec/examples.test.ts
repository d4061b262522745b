// The spec never lies: its examples are what the service computes.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { repoRoot } from '../../scripts/lib/apis.js';
import { assertTotalsAddUp } from '../../src/domain/checkouts.js';
import { disclosePlan, type PlanSpec } from '../../src/domain/loan-math/index.js';
import { STANDARD_PLAN_TERMS } from '../../src/domain/merchants.js';

const example = (name: string) => (parse(readFileSync(path.join(repoRoot, 'openapi/v2/components/examples', `${name}.yaml`), 'utf8')) as { value: any }).value;

describe('openapi/v2 examples', () => {
  it('the plan quote example is exactly what the loan math computes for its request example', () => {
    const request = example('CreatePlanQuoteRequest');
    const quote = example('PlanQuote');
    expect(quote).toMatchObject({ amount: request.amount, currency: request.currency, start_date: request.start_date });
    for (const plan of quote.plans) {
      const spec: PlanSpec = plan.type === 'pay_in_4' ? { type: 'pay_in_4' } : { type: 'monthly', termMonths: plan.installment_count, aprBps: plan.apr_bps };
      const disclosure = disclosePlan(spec, request.amount, request.start_date);
      expect(plan.disclosure).toEqual({ ...disclosure, currency: request.currency });
      expect(plan.installment_amount).toBe(disclosure.installments[0]!.amount);
    }
  });

  it('the merchant example shows the standard plan terms new merchants get', () => {
    const merchant = example('Merchant');
    expect(merchant.plan_terms.map((t: any) => [t.plan_id, t.apr_bps, t.min_amount, t.max_amount])).toEqual(
      STANDARD_PLAN_TERMS.map((t) => [t.planId, t.aprBps, t.minAmount, t.maxAmount]),
    );
  });

  it.each(['AuthorizedTransaction', 'CapturedTransaction', 'Transaction', 'VoidedTransaction', 'UpdatedTransaction'])(
    'the %s example is consistent: amounts, status and schedule follow the published rules',
    (name) => {
      const tx = example(name);
      const released = tx.status === 'voided' || tx.status === 'expired';
      expect(tx.refundable_amount).toBe(tx.captured_amount - tx.refunded_amount);
      expect(tx.capturable_amount).toBe(released ? 0 : tx.amount - tx.captured_amount);
      const principal = tx.captured_amount > 0 ? tx.captured_amount - tx.refunded_amount : released ? 0 : tx.amount;
      expect(tx.schedule).toMatchObject({ principal, estimated: tx.captured_amount === 0 && !released, amount_owed: tx.schedule.disclosure.total_of_payments });
      if (principal > 0) {
        const plan: PlanSpec =
          tx.plan.type === 'pay_in_4' ? { type: 'pay_in_4' } : { type: 'monthly', termMonths: tx.plan.installment_count, aprBps: tx.plan.apr_bps };
        expect(tx.schedule.disclosure).toEqual({ ...disclosePlan(plan, principal, tx.schedule.start_date), currency: tx.currency });
      }
    },
  );

  it('the Schedule example is the schedule of the Transaction example', () => {
    expect(example('Schedule')).toEqual(example('Transaction').schedule);
  });

  it('the checkout request example adds up', () => {
    const body = example('CreateCheckoutRequest');
    expect(() =>
      assertTotalsAddUp({
        orderId: body.order_id,
        currency: body.currency,
        items: body.items,
        shippingAmount: body.shipping_amount,
        taxAmount: body.tax_amount,
        discountAmount: body.discount_amount,
        totalAmount: body.total_amount,
        customer: body.customer,
        confirmUrl: body.confirm_url,
        cancelUrl: body.cancel_url,
        metadata: body.metadata,
      }),
    ).not.toThrow();
  });
});
