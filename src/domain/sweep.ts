// The expiry sweeps' shared loop: each due object in its own database transaction (a lock held
// for one object at a time), counting the ones actually changed.
import type { Transaction } from 'sequelize';
import type { UnitOfWork } from '../data/unit-of-work.js';

export interface SweepOptions {
  /** How many objects one call handles. */
  batch?: number;
  /** Only this merchant's objects. */
  merchantId?: string;
}

export async function sweep(ids: string[], uow: UnitOfWork, expire: (transaction: Transaction, id: string) => Promise<boolean>): Promise<number> {
  let changed = 0;
  for (const id of ids) {
    if (await uow.transaction((transaction) => expire(transaction, id))) changed += 1;
  }
  return changed;
}
