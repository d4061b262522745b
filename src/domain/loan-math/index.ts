/**
 * Why one entry point: callers (HTTP handlers, jobs) should depend on the
 * public loan-math API only, so the internals can be reorganised freely.
 */

export { amortize, monthlyDueDates, monthlyPayment, monthlyRate, type ScheduleLine, TooSmallToAmortizeError } from './amortization.js';
export { type Disclosure, disclosePlan, type Installment, type PlanSpec } from './disclosure.js';
export { assertAprBps, assertPrincipal, assertTerm, MAX_APR_BPS } from './guards.js';
export {
  PAY_IN_FOUR_INSTALLMENTS,
  PAY_IN_FOUR_INTERVAL_DAYS,
  payInFourDueDates,
  splitEvenly,
} from './pay-in-four.js';
export { add, floorDiv, mul, type Rational, rational, roundHalfUp, sub } from './rational.js';
