// The soak's mix (`npm run bench -- --soak`): which operations it sends and how often, the loans
// it walks through the public API step by step, the request of each step and its expected status,
// and the rows each successful operation writes. Pure: the load generator (soak-load.ts) runs it.
import { randomUUID } from 'node:crypto';
import { checkoutBody } from '../../../test/factories/checkouts.js';

/** Every operation of the mix; the flow steps name the variant where one operationId is sent two ways. */
export const SOAK_OPERATIONS = [
  'createPlanQuote',
  'createCheckout',
  'confirmSandboxCheckout',
  'createTransaction',
  'captureTransaction (part)',
  'captureTransaction (the rest)',
  'refundTransaction (part)',
  'getTransaction',
  'getCheckout',
  'listTransactions',
  'listCheckouts',
  'listEvents',
] as const;
export type SoakOperation = (typeof SOAK_OPERATIONS)[number];

/** One slot of the schedule: a stand-alone operation, or the next step of some loan (`flow`). */
export type Slot = 'flow' | 'createPlanQuote' | 'getTransaction' | 'getCheckout' | 'listTransactions' | 'listCheckouts' | 'listEvents';

/**
 * Slots per cycle of 20: loan steps 45 %, reads 40 % (single objects more than lists, as a shop's
 * order pages read them), plan quotes 15 %.
 */
export const SLOT_WEIGHTS: Readonly<Record<Slot, number>> = {
  flow: 9,
  getTransaction: 3,
  getCheckout: 2,
  listTransactions: 1,
  listCheckouts: 1,
  listEvents: 1,
  createPlanQuote: 3,
};

/**
 * One cycle of slots, each slot `weight` times and spread evenly through the cycle (smooth
 * weighted round-robin, as nginx balances upstreams): the mix holds over any stretch of the run,
 * not only over the whole of it.
 */
export function cycleOf(weights: Readonly<Record<Slot, number>> = SLOT_WEIGHTS): Slot[] {
  const slots = Object.keys(weights) as Slot[];
  const total = slots.reduce((sum, slot) => sum + weights[slot], 0);
  const current = new Map<Slot, number>(slots.map((slot) => [slot, 0]));
  const cycle: Slot[] = [];
  for (let i = 0; i < total; i++) {
    let best: Slot | undefined;
    for (const slot of slots) {
      current.set(slot, current.get(slot)! + weights[slot]);
      if (best === undefined || current.get(slot)! > current.get(best)!) best = slot;
    }
    current.set(best!, current.get(best!)! - total);
    cycle.push(best!);
  }
  return cycle;
}

/**
 * The loans: `split` ships in two parcels and has a return, `whole` ships at once, `abandoned`
 * is a checkout the shopper never finishes. Loans start in this order, round and round.
 */
export const FLOWS = {
  split: [
    'createCheckout',
    'confirmSandboxCheckout',
    'createTransaction',
    'captureTransaction (part)',
    'captureTransaction (the rest)',
    'refundTransaction (part)',
  ],
  whole: ['createCheckout', 'confirmSandboxCheckout', 'createTransaction', 'captureTransaction (the rest)'],
  abandoned: ['createCheckout'],
} as const satisfies Record<string, readonly SoakOperation[]>;
export type FlowKind = keyof typeof FLOWS;
export const FLOW_ORDER: readonly FlowKind[] = ['split', 'whole', 'split', 'abandoned'];

/** The checkout's total (the contract tests' body) and the parts captured and refunded of a split loan. */
export const LOAN_AMOUNT = checkoutBody().total_amount;
export const PART_CAPTURE = 5_000;
export const PART_REFUND = 2_000;
/** Plans the confirm picks, alternately (both offered for the loan's amount to a new merchant). */
export const PLANS = ['pay_in_4', 'monthly_3'] as const;

/** What a loan knows of itself: its ids once made, what was captured and refunded. */
export interface Loan {
  kind: FlowKind;
  /** Index of the next step in FLOWS[kind]. */
  step: number;
  plan: (typeof PLANS)[number];
  checkoutId?: string;
  transactionId?: string;
  captured: number;
  refunded: number;
}

export interface SoakRequest {
  operation: SoakOperation;
  method: 'GET' | 'POST';
  path: string;
  body?: unknown;
  /** Every write but the confirm sends a fresh key, as a partner's retry-safe client does. */
  idempotencyKey?: string;
  expectedStatus: number;
}

/** Each operation's documented success status: any other answer is an error. */
export const EXPECTED_STATUS: Readonly<Record<SoakOperation, number>> = {
  createPlanQuote: 200,
  createCheckout: 201,
  confirmSandboxCheckout: 200,
  createTransaction: 201,
  'captureTransaction (part)': 200,
  'captureTransaction (the rest)': 200,
  'refundTransaction (part)': 200,
  getTransaction: 200,
  getCheckout: 200,
  listTransactions: 200,
  listCheckouts: 200,
  listEvents: 200,
};

export const PLAN_QUOTE_BODY = { amount: 80_000, currency: 'USD', start_date: '2026-12-01' };

const request = (operation: SoakOperation, method: 'GET' | 'POST', path: string, body?: unknown, idempotencyKey?: string): SoakRequest => ({
  operation,
  method,
  path,
  ...(body !== undefined ? { body } : {}),
  ...(idempotencyKey ? { idempotencyKey } : {}),
  expectedStatus: EXPECTED_STATUS[operation],
});

/** The request of a loan's next step. */
export function loanRequest(loan: Loan): SoakRequest {
  const operation: SoakOperation = FLOWS[loan.kind][loan.step]!;
  const key = randomUUID();
  const transaction = `/v2/transactions/${loan.transactionId}`;
  switch (operation) {
    case 'createCheckout':
      return request(operation, 'POST', '/v2/checkouts', checkoutBody(), key);
    case 'confirmSandboxCheckout':
      return request(operation, 'POST', `/v2/sandbox/checkouts/${loan.checkoutId}/confirm`, { plan_id: loan.plan });
    case 'createTransaction':
      return request(operation, 'POST', '/v2/transactions', { checkout_id: loan.checkoutId }, key);
    case 'captureTransaction (part)':
      return request(operation, 'POST', `${transaction}/capture`, { amount: PART_CAPTURE }, key);
    case 'captureTransaction (the rest)':
      return request(operation, 'POST', `${transaction}/capture`, {}, key);
    case 'refundTransaction (part)':
      return request(operation, 'POST', `${transaction}/refund`, { amount: PART_REFUND, reason: 'returned_goods' }, key);
    default:
      throw new Error(`${operation} is not a loan step`);
  }
}

/** The request of a stand-alone slot; reads take an id the run has already made. */
export function standaloneRequest(slot: Exclude<Slot, 'flow'>, ids: { checkoutId: string; transactionId: string }): SoakRequest {
  switch (slot) {
    case 'createPlanQuote':
      return request(slot, 'POST', '/v2/plan-quotes', PLAN_QUOTE_BODY);
    case 'getTransaction':
      return request(slot, 'GET', `/v2/transactions/${ids.transactionId}`);
    case 'getCheckout':
      return request(slot, 'GET', `/v2/checkouts/${ids.checkoutId}`);
    case 'listTransactions':
      return request(slot, 'GET', '/v2/transactions?limit=10');
    case 'listCheckouts':
      return request(slot, 'GET', '/v2/checkouts?limit=10');
    case 'listEvents':
      return request(slot, 'GET', '/v2/events?limit=10');
  }
}

/**
 * Moves a loan past a step that succeeded, reading the ids it made from the answer; returns the
 * money the step moved on the merchant's balance (+ captured, − refunded, else 0).
 */
export function advance(loan: Loan, operation: SoakOperation, body: Record<string, unknown>): number {
  loan.step += 1;
  switch (operation) {
    case 'createCheckout':
      loan.checkoutId = String(body.id);
      return 0;
    case 'createTransaction':
      loan.transactionId = String(body.id);
      return 0;
    case 'captureTransaction (part)':
      loan.captured += PART_CAPTURE;
      return PART_CAPTURE;
    case 'captureTransaction (the rest)': {
      const rest = LOAN_AMOUNT - loan.captured;
      loan.captured = LOAN_AMOUNT;
      return rest;
    }
    case 'refundTransaction (part)':
      loan.refunded += PART_REFUND;
      return -PART_REFUND;
    default:
      return 0;
  }
}

export const isDone = (loan: Loan): boolean => loan.step >= FLOWS[loan.kind].length;

/** The tables the soak counts. */
export type SoakTable = 'checkouts' | 'transactions' | 'events' | 'balance_entries' | 'idempotency_keys';
export const SOAK_TABLES: readonly SoakTable[] = ['checkouts', 'transactions', 'events', 'balance_entries', 'idempotency_keys'];

/**
 * The rows one successful operation writes (src/domain: a checkout row; an event per state change
 * — a new checkout is not one; a balance entry per capture and refund; a key row per keyed request).
 * Reads and plan quotes write nothing.
 */
export const ROWS_WRITTEN: Readonly<Record<SoakOperation, Partial<Record<SoakTable, number>>>> = {
  createPlanQuote: {},
  createCheckout: { checkouts: 1, idempotency_keys: 1 },
  confirmSandboxCheckout: { events: 1 },
  createTransaction: { transactions: 1, events: 1, idempotency_keys: 1 },
  'captureTransaction (part)': { events: 1, balance_entries: 1, idempotency_keys: 1 },
  'captureTransaction (the rest)': { events: 1, balance_entries: 1, idempotency_keys: 1 },
  'refundTransaction (part)': { events: 1, balance_entries: 1, idempotency_keys: 1 },
  getTransaction: {},
  getCheckout: {},
  listTransactions: {},
  listCheckouts: {},
  listEvents: {},
};

/** The rows the generator's successful operations must have added to each table. */
export function expectedRows(succeeded: Partial<Record<SoakOperation, number>>): Record<SoakTable, number> {
  const rows = Object.fromEntries(SOAK_TABLES.map((table) => [table, 0])) as Record<SoakTable, number>;
  for (const [operation, count] of Object.entries(succeeded) as [SoakOperation, number][]) {
    for (const [table, perCall] of Object.entries(ROWS_WRITTEN[operation]) as [SoakTable, number][]) rows[table] += perCall * count;
  }
  return rows;
}
