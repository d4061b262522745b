/**
 * Why one entry point: callers (HTTP handlers, jobs) should depend on the
 * public loan-math API only, so the internals can be reorganised freely.
 */
export { disclosePlan, type Disclosure, type Installment, type PlanSpec } from './disclosure.js';
export { amortize, monthlyDueDates, monthlyPayment, monthlyRate, TooSmallToAmortizeError, type ScheduleLine } from './amortization.js';
export {
  PAY_IN_FOUR_INSTALLMENTS,
  PAY_IN_FOUR_INTERVAL_DAYS,
  payInFourDueDates,
  splitEvenly,
} from './pay-in-four.js';
export { add, floorDiv, mul, rational, roundHalfUp, sub, type Rational } from './rational.js';
export { MAX_APR_BPS, assertAprBps, assertPrincipal, assertTerm } from './guards.js';
