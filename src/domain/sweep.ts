// The expiry sweeps' shared loop: each due object in its own database transaction (a lock held
// for one object at a time), counting the ones actually changed. One object that fails (a lock
// wait, a row gone) is reported and does not hold up the others: the next run retries it.
import type { Transaction } from 'sequelize';
import type { UnitOfWork } from '../data/unit-of-work.js';

export interface SweepOptions {
  /** How many objects one call handles. */
  batch?: number;
  /** Only this merchant's objects. */
  merchantId?: string;
}

export interface SweepOutcome {
  /** How many objects the sweep changed. */
  changed: number;
  /** Which, once their transaction committed. */
  changedIds: string[];
  /** The objects it could not settle, with why (each is retried on the next run). */
  failed: Array<{ id: string; error: unknown }>;
}

/** Each id in its own transaction; `step` says whether it changed the object. Never throws for one object. */
export async function sweep(ids: string[], uow: UnitOfWork, step: (transaction: Transaction, id: string) => Promise<boolean>): Promise<SweepOutcome> {
  const outcome: SweepOutcome = { changed: 0, changedIds: [], failed: [] };
  for (const id of ids) {
    try {
      if (await uow.transaction((transaction) => step(transaction, id))) {
        outcome.changed += 1;
        outcome.changedIds.push(id);
      }
    } catch (error) {
      outcome.failed.push({ id, error });
    }
  }
  return outcome;
}

/** The sum of several sweeps (a job that sweeps twice). */
export function combined(...outcomes: SweepOutcome[]): SweepOutcome {
  return {
    changed: outcomes.reduce((sum, o) => sum + o.changed, 0),
    changedIds: outcomes.flatMap((o) => o.changedIds),
    failed: outcomes.flatMap((o) => o.failed),
  };
}

/** For a read that settles lapsed objects before it shows them: every one was tried; the first failure fails the read. */
export function settledOrThrow(outcome: SweepOutcome): void {
  if (outcome.failed.length > 0) throw outcome.failed[0]!.error;
}
