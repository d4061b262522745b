// The properties of the fee rule (src/domain/fees.ts), checked with fast-check over any fee terms
// (0–10 000 bps, fixed 0–100 000, partner share 0–10 000 bps), amounts from 1 minor unit to
// Number.MAX_SAFE_INTEGER, and any sequence of captures and refunds the API would allow: every line
// is non-negative and splits exactly, fees charged minus returned always equal the rule's fee on the
// net captured amount (computed here by definition, in BigInt), a full refund returns every cent,
// and splitting a capture or refund never changes the total. (fees-vectors.test.ts has the worked
// examples.)
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { captureFee, type FeeLine, type FeeTerms, feeHeld, type NetTotals, refundFee } from '../../src/domain/fees.js';

const SEED = 20261219;
const RUNS = { numRuns: 500, seed: SEED };

// ---- The rule by definition, independently of the module's rounding helpers ----

/** round_half_up(n × rate / 10 000) for n ≥ 0: floor((2·n·rate + 10 000) / 20 000). */
function percentageByDefinition(net: bigint, rateBps: number): bigint {
  return (2n * net * BigInt(rateBps) + 10_000n) / 20_000n;
}

/** fee(n) = 0 at n = 0, else min(n, pct(n) + fixed). */
function feeByDefinition(terms: FeeTerms, net: bigint): bigint {
  if (net === 0n) return 0n;
  const uncapped = percentageByDefinition(net, terms.feeRateBps) + BigInt(terms.feeFixedAmount);
  return uncapped < net ? uncapped : net;
}

/** round_half_down(fee × share / 10 000) for fee ≥ 0: ceil(x − 1/2) = floor((2·fee·share + 9 999) / 20 000). */
function shareByDefinition(terms: FeeTerms, net: bigint): bigint {
  return (2n * feeByDefinition(terms, net) * BigInt(terms.partnerShareBps) + 9_999n) / 20_000n;
}

/** Whether the cap (fee ≤ net) binds at n: only then may the fee differ from pct(n) + fixed. */
function capBinds(terms: FeeTerms, net: bigint): boolean {
  return net > 0n && percentageByDefinition(net, terms.feeRateBps) + BigInt(terms.feeFixedAmount) > net;
}

// ---- Arbitraries ----

const bpsArb = fc.oneof(fc.integer({ min: 0, max: 10_000 }), fc.constantFrom(0, 1, 299, 500, 599, 5_000, 9_999, 10_000));

const termsArb: fc.Arbitrary<FeeTerms> = fc.record({
  feeRateBps: bpsArb,
  // MerchantFee.yaml allows 0–100 000; small ones make the cap bind on small captures.
  feeFixedAmount: fc.oneof(fc.constant(0), fc.constant(30), fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: 100_000 })),
  partnerShareBps: fc.oneof(fc.constant(0), bpsArb),
});

/** Authorized amounts: the plans' range, small ones (where rounding and the cap show), and huge ones (past 2^53 once multiplied). */
const authorizedArb = fc.oneof(
  { arbitrary: fc.integer({ min: 1, max: 3_000_000 }), weight: 4 },
  { arbitrary: fc.integer({ min: 1, max: 300 }), weight: 2 },
  { arbitrary: fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }), weight: 1 },
);

/** How much of what is left to capture or refund a step takes: all of it, or 1 + pick mod room. */
const pickArb = fc.oneof(fc.constant('all' as const), fc.nat(), fc.integer({ min: 0, max: 9 }));
type Pick = 'all' | number;
type Step = { kind: 'capture' | 'refund'; pick: Pick };
const stepArb: fc.Arbitrary<Step> = fc.record({ kind: fc.constantFrom<'capture' | 'refund'>('capture', 'refund'), pick: pickArb });

function take(room: number, pick: Pick): number {
  return pick === 'all' ? room : 1 + (pick % room);
}

// ---- Running a transaction through the rule ----

type Posted = FeeLine & { kind: 'capture' | 'refund'; before: NetTotals; after: NetTotals };

interface Ledger {
  totals: NetTotals;
  lines: Posted[];
}

/** Posts captures (up to what is left of `authorized`) and refunds (up to the net captured) as the API allows them. */
function post(terms: FeeTerms, authorized: number, steps: Step[], start: Ledger = { totals: { capturedAmount: 0, refundedAmount: 0 }, lines: [] }): Ledger {
  let totals = start.totals;
  const lines = [...start.lines];
  for (const step of steps) {
    const room = step.kind === 'capture' ? authorized - totals.capturedAmount : totals.capturedAmount - totals.refundedAmount;
    if (room < 1) continue;
    const amount = take(room, step.pick);
    const line = step.kind === 'capture' ? captureFee(terms, totals, amount) : refundFee(terms, totals, amount);
    const after =
      step.kind === 'capture'
        ? { capturedAmount: totals.capturedAmount + amount, refundedAmount: totals.refundedAmount }
        : { capturedAmount: totals.capturedAmount, refundedAmount: totals.refundedAmount + amount };
    lines.push({ ...line, kind: step.kind, before: totals, after });
    totals = after;
  }
  return { totals, lines };
}

const netOf = (totals: NetTotals) => BigInt(totals.capturedAmount) - BigInt(totals.refundedAmount);

/** Fees (or shares) charged minus returned over the lines. */
function outstanding(lines: Posted[], pick: (line: Posted) => number = (line) => line.fee): bigint {
  return lines.reduce((total, line) => total + (line.kind === 'capture' ? 1n : -1n) * BigInt(pick(line)), 0n);
}

const capturesThenRefunds = fc
  .tuple(fc.array(pickArb, { maxLength: 8 }), fc.array(pickArb, { maxLength: 8 }))
  .map(([captures, refunds]) => [...captures.map((pick): Step => ({ kind: 'capture', pick })), ...refunds.map((pick): Step => ({ kind: 'refund', pick }))]);
const interleaved = fc.array(stepArb, { maxLength: 16 });

/** Totals a transaction may have: captured c ≤ MAX_SAFE, refunded ≤ c. */
const totalsArb: fc.Arbitrary<NetTotals> = authorizedArb.chain((captured) =>
  fc
    .oneof(fc.constant(0), fc.integer({ min: 0, max: captured }), fc.constant(captured))
    .map((refunded) => ({ capturedAmount: captured, refundedAmount: refunded })),
);

/** An amount from 1 to `room`: small, in the plans' range, or anywhere up to `room`. */
function amountUpTo(room: number): fc.Arbitrary<number> {
  return fc.oneof(fc.integer({ min: 1, max: Math.min(room, 300) }), fc.integer({ min: 1, max: Math.min(room, 3_000_000) }), fc.integer({ min: 1, max: room }));
}

/** `amount` cut into 1–12 positive parts at random points. */
function partsOf(amount: number): fc.Arbitrary<number[]> {
  if (amount === 1) return fc.constant([1]);
  return fc.uniqueArray(fc.integer({ min: 1, max: amount - 1 }), { maxLength: Math.min(11, amount - 1) }).map((cuts) => {
    const points = [0, ...cuts.sort((a, b) => a - b), amount];
    return points.slice(1).map((point, index) => point - (points[index] as number));
  });
}

describe('every capture and refund line', () => {
  it('has a fee, partner share and Evenpay part that are never negative, splits exactly, and never charges or returns more than its amount', () => {
    fc.assert(
      fc.property(termsArb, authorizedArb, interleaved, (terms, authorized, steps) => {
        for (const line of post(terms, authorized, steps).lines) {
          for (const figure of [line.fee, line.partnerShare, line.evenpayShare, line.net]) {
            expect(Number.isSafeInteger(figure)).toBe(true);
            expect(figure).toBeGreaterThanOrEqual(0);
          }
          expect(line.fee).toBeLessThanOrEqual(line.amount);
          expect(line.net).toBe(line.amount - line.fee);
          expect(line.partnerShare).toBeLessThanOrEqual(line.fee);
          expect(line.partnerShare + line.evenpayShare).toBe(line.fee);
        }
      }),
      RUNS,
    );
  });
});

describe('the fees of a transaction', () => {
  it('after captures up to the authorized amount then refunds up to the captured, charged minus returned is the fee on the net captured amount', () => {
    fc.assert(
      fc.property(termsArb, authorizedArb, capturesThenRefunds, (terms, authorized, steps) => {
        const { totals, lines } = post(terms, authorized, steps);
        const net = netOf(totals);
        expect(outstanding(lines)).toBe(feeByDefinition(terms, net));
        // In the brief's words: F(net) plus the fixed part unless refunded in full (net 0), wherever the cap does not bind.
        if (net === 0n) expect(outstanding(lines)).toBe(0n);
        else if (!capBinds(terms, net)) expect(outstanding(lines)).toBe(percentageByDefinition(net, terms.feeRateBps) + BigInt(terms.feeFixedAmount));
        expect(feeHeld(terms, totals).fee).toBe(Number(feeByDefinition(terms, net)));
      }),
      RUNS,
    );
  });

  it('keeps that equality after every line when captures and refunds interleave, and never holds more than the net captured', () => {
    fc.assert(
      fc.property(termsArb, authorizedArb, interleaved, (terms, authorized, steps) => {
        const { lines } = post(terms, authorized, steps);
        lines.forEach((line, index) => {
          const soFar = lines.slice(0, index + 1);
          const net = netOf(line.after);
          expect(outstanding(soFar)).toBe(feeByDefinition(terms, net));
          expect(outstanding(soFar)).toBeLessThanOrEqual(net);
          expect(outstanding(soFar, (posted) => posted.partnerShare)).toBe(shareByDefinition(terms, net));
        });
      }),
      RUNS,
    );
  });

  it('pays the partner share(n) of the fee held, never more than the fee, and Evenpay the rest', () => {
    fc.assert(
      fc.property(termsArb, authorizedArb, interleaved, (terms, authorized, steps) => {
        const { totals, lines } = post(terms, authorized, steps);
        const shares = outstanding(lines, (line) => line.partnerShare);
        const evenpay = outstanding(lines, (line) => line.evenpayShare);
        expect(shares).toBe(shareByDefinition(terms, netOf(totals)));
        expect(shares).toBeLessThanOrEqual(outstanding(lines));
        expect(shares + evenpay).toBe(outstanding(lines));
        const held = feeHeld(terms, totals);
        expect([held.partnerShare, held.evenpayShare]).toEqual([Number(shares), Number(evenpay)]);
      }),
      RUNS,
    );
  });

  it('returns every fee cent and every share cent when the transaction is refunded in full, in one refund or several', () => {
    fc.assert(
      fc.property(termsArb, authorizedArb, interleaved, fc.array(pickArb, { maxLength: 6 }), (terms, authorized, steps, finalRefunds) => {
        const before = post(terms, authorized, steps);
        const refunds = [...finalRefunds.map((pick): Step => ({ kind: 'refund', pick })), { kind: 'refund' as const, pick: 'all' as const }];
        const { totals, lines } = post(terms, authorized, refunds, before);
        expect(netOf(totals)).toBe(0n);
        const charged = lines.filter((line) => line.kind === 'capture');
        const returned = lines.filter((line) => line.kind === 'refund');
        const sum = (of: Posted[], pick: (line: Posted) => number) => of.reduce((total, line) => total + BigInt(pick(line)), 0n);
        expect(sum(returned, (line) => line.fee)).toBe(sum(charged, (line) => line.fee));
        expect(sum(returned, (line) => line.partnerShare)).toBe(sum(charged, (line) => line.partnerShare));
        expect(sum(returned, (line) => line.evenpayShare)).toBe(sum(charged, (line) => line.evenpayShare));
        // The refunds after `before` return exactly what was held then.
        const held = feeHeld(terms, before.totals);
        expect(sum(lines.slice(before.lines.length), (line) => line.fee)).toBe(BigInt(held.fee));
      }),
      RUNS,
    );
  });

  it('returns the percentage part pro rata and keeps the fixed part on a partial refund (where the cap does not bind)', () => {
    fc.assert(
      fc.property(termsArb, totalsArb, fc.nat(), (terms, before, pick) => {
        const from = netOf(before);
        fc.pre(from > 1n);
        const amount = 1 + (pick % (Number(from) - 1)); // leaves at least 1 captured
        const to = from - BigInt(amount);
        fc.pre(!capBinds(terms, from) && !capBinds(terms, to));
        const line = refundFee(terms, before, amount);
        expect(BigInt(line.fee)).toBe(percentageByDefinition(from, terms.feeRateBps) - percentageByDefinition(to, terms.feeRateBps));
      }),
      RUNS,
    );
  });
});

describe('splitting', () => {
  it('charges the same total fee, partner share and net for a capture in k parts as for one capture, from any totals', () => {
    fc.assert(
      fc.property(
        termsArb,
        totalsArb.chain((before) => {
          const room = Number.MAX_SAFE_INTEGER - before.capturedAmount;
          if (room < 1) return fc.constant(undefined);
          return amountUpTo(room).chain((amount) => partsOf(amount).map((parts) => ({ before, amount, parts })));
        }),
        (terms, drawn) => {
          fc.pre(drawn !== undefined);
          const { before, amount, parts } = drawn!;
          const whole = captureFee(terms, before, amount);
          let totals = before;
          const pieces = parts.map((part) => {
            const line = captureFee(terms, totals, part);
            totals = { ...totals, capturedAmount: totals.capturedAmount + part };
            return line;
          });
          const total = (pick: (line: FeeLine) => number) => pieces.reduce((sum, line) => sum + pick(line), 0);
          expect(total((line) => line.amount)).toBe(amount);
          expect(total((line) => line.fee)).toBe(whole.fee);
          expect(total((line) => line.partnerShare)).toBe(whole.partnerShare);
          expect(total((line) => line.net)).toBe(whole.net);
        },
      ),
      RUNS,
    );
  });

  it('returns the same total fee and partner share for a refund in k parts as for one refund', () => {
    fc.assert(
      fc.property(
        termsArb,
        totalsArb.chain((before) => {
          const room = before.capturedAmount - before.refundedAmount;
          if (room < 1) return fc.constant(undefined);
          return amountUpTo(room).chain((amount) => partsOf(amount).map((parts) => ({ before, parts })));
        }),
        (terms, drawn) => {
          fc.pre(drawn !== undefined);
          const { before, parts } = drawn!;
          const amount = parts.reduce((sum, part) => sum + part, 0);
          const whole = refundFee(terms, before, amount);
          let totals = before;
          const pieces = parts.map((part) => {
            const line = refundFee(terms, totals, part);
            totals = { ...totals, refundedAmount: totals.refundedAmount + part };
            return line;
          });
          expect(pieces.reduce((sum, line) => sum + line.fee, 0)).toBe(whole.fee);
          expect(pieces.reduce((sum, line) => sum + line.partnerShare, 0)).toBe(whole.partnerShare);
        },
      ),
      RUNS,
    );
  });
});

describe('exactness', () => {
  it('computes the fee and share of any amount up to Number.MAX_SAFE_INTEGER exactly as the rule defines them (products past 2^53)', () => {
    fc.assert(
      fc.property(termsArb, fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }), (terms, amount) => {
        const line = captureFee(terms, { capturedAmount: 0, refundedAmount: 0 }, amount);
        expect(BigInt(line.fee)).toBe(feeByDefinition(terms, BigInt(amount)));
        expect(BigInt(line.partnerShare)).toBe(shareByDefinition(terms, BigInt(amount)));
      }),
      RUNS,
    );
  });
});
