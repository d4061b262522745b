// Which plans an amount qualifies for, and what each would cost: the merchant's plan terms
// filtered by their amount limits, each disclosed by the loan-math module.
import type { PlanTermRow } from '../data/models/index.js';
import { AppError } from '../kernel/errors.js';
import { type Disclosure, disclosePlan, type PlanSpec } from './loan-math/index.js';

export interface QuotedPlan {
  term: PlanTermRow;
  disclosure: Disclosure;
}

export function planSpecOf(term: PlanTermRow): PlanSpec {
  return term.type === 'pay_in_4' ? { type: 'pay_in_4' } : { type: 'monthly', termMonths: term.installmentCount, aprBps: term.aprBps };
}

export function eligibleTerms(terms: readonly PlanTermRow[], amount: number): PlanTermRow[] {
  return terms.filter((term) => amount >= term.minAmount && amount <= term.maxAmount);
}

export function quotePlans(terms: readonly PlanTermRow[], amount: number, startDate: string): QuotedPlan[] {
  return eligibleTerms(terms, amount).map((term) => ({ term, disclosure: disclosePlan(planSpecOf(term), amount, startDate) }));
}

/** Refuses an amount no plan can finance, naming the overall range. */
export function assertFinanceable(terms: readonly PlanTermRow[], amount: number, pointer: string): void {
  if (eligibleTerms(terms, amount).length > 0) return;
  const min = Math.min(...terms.map((t) => t.minAmount));
  const max = Math.max(...terms.map((t) => t.maxAmount));
  const detail = terms.length === 0 ? 'This merchant offers no plans.' : `${amount} is outside every plan this merchant offers (${min} to ${max}).`;
  throw new AppError('amount_not_financeable', detail, {
    errors: [{ pointer, detail: terms.length === 0 ? 'no plans are offered' : `must be between ${min} and ${max}` }],
  });
}
