// Two transactions that lock the same two rows in opposite orders deadlock; InnoDB rolls one back
// (ER_LOCK_DEADLOCK). The unit of work runs the victim again (src/data/unit-of-work.ts), so both
// commit: the work of each is done once, and nobody sees an error.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EvenpayApp } from '../../src/app.js';
import { DEADLOCK_ATTEMPTS, isDeadlock } from '../../src/data/unit-of-work.js';
import { makeMerchant } from '../factories/merchants.js';
import { startTestApp } from '../helpers/app.js';

let evenpay: EvenpayApp;
beforeAll(async () => {
  evenpay = await startTestApp();
});
afterAll(() => evenpay.close());

/** Resolves once `count` parties have arrived: both transactions hold their first lock before either asks for its second. */
function barrier(count: number): () => Promise<void> {
  let arrived = 0;
  let open!: () => void;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return () => {
    arrived += 1;
    if (arrived === count) open();
    return opened;
  };
}

describe('a deadlock', () => {
  it("runs the victim's transaction again: both commit, each change made once", async () => {
    const { models, uow } = evenpay.services;
    const [a, b] = await Promise.all([makeMerchant(models, { name: 'Deadlock A' }), makeMerchant(models, { name: 'Deadlock B' })]);
    const bothLocked = barrier(2);
    const runs = { first: 0, second: 0 };
    const rename = (run: keyof typeof runs, order: string[]) =>
      uow.transaction(async (transaction) => {
        runs[run] += 1;
        const [one, two] = order;
        await models.Merchant.update({ name: `${run} 1` }, { where: { id: one! }, transaction });
        // Only the first run of each waits: a retried victim goes straight through.
        if (runs[run] === 1) await bothLocked();
        await models.Merchant.update({ name: `${run} 2` }, { where: { id: two! }, transaction });
        return run;
      });
    expect(await Promise.all([rename('first', [a.id, b.id]), rename('second', [b.id, a.id])])).toEqual(['first', 'second']);
    // One of them was the victim and ran again; the other ran once.
    expect(runs.first + runs.second).toBe(3);
    expect(Math.max(runs.first, runs.second)).toBeLessThanOrEqual(DEADLOCK_ATTEMPTS);
    const names = (await models.Merchant.findAll({ where: { id: [a.id, b.id] } })).map((m) => m.name);
    // The one that ran last renamed both rows.
    const last = runs.first === 2 ? 'first' : 'second';
    expect(names.sort()).toEqual([`${last} 1`, `${last} 2`].sort());
  });

  it('tells a deadlock from another database error', () => {
    expect(isDeadlock({ parent: { code: 'ER_LOCK_DEADLOCK', errno: 1213 } })).toBe(true);
    expect(isDeadlock({ parent: { code: 'ER_LOCK_WAIT_TIMEOUT', errno: 1205 } })).toBe(false);
    // A statement sent through the driver itself (data/driver.ts) throws mysql2's error.
    expect(isDeadlock(Object.assign(new Error('Deadlock found'), { code: 'ER_LOCK_DEADLOCK', errno: 1213 }))).toBe(true);
    expect(isDeadlock(Object.assign(new Error('Lock wait timeout'), { code: 'ER_LOCK_WAIT_TIMEOUT', errno: 1205 }))).toBe(false);
    expect(isDeadlock(new Error('boom'))).toBe(false);
    expect(isDeadlock(undefined)).toBe(false);
  });
});
