// The expiry sweeps' loop (src/domain/sweep.ts): each object in its own transaction; one that fails
// is reported and the others are still settled; a read that settles before it shows fails with it.
import type { Transaction } from 'sequelize';
import { describe, expect, it } from 'vitest';
import type { UnitOfWork } from '../../src/data/unit-of-work.js';
import { combined, settledOrThrow, sweep } from '../../src/domain/sweep.js';

/** A unit of work that records each transaction's outcome, as the database would commit or roll back. */
function recordingUow(): UnitOfWork & { outcomes: string[] } {
  const outcomes: string[] = [];
  return {
    outcomes,
    transaction: async <T>(work: (transaction: Transaction) => Promise<T>) => {
      try {
        const result = await work({} as Transaction);
        outcomes.push('commit');
        return result;
      } catch (error) {
        outcomes.push('rollback');
        throw error;
      }
    },
    write: (work) => work(),
  };
}

describe('sweep', () => {
  it('settles every object in its own transaction, counting those it changed', async () => {
    const uow = recordingUow();
    const outcome = await sweep(['a', 'b', 'c'], uow, async (_transaction, id) => id !== 'b');
    expect(outcome).toEqual({ changed: 2, changedIds: ['a', 'c'], failed: [] });
    expect(uow.outcomes).toEqual(['commit', 'commit', 'commit']);
  });

  it('one object that fails is reported, rolled back, and does not stop the others', async () => {
    const uow = recordingUow();
    const lockTimeout = new Error('Lock wait timeout exceeded');
    const outcome = await sweep(['a', 'b', 'c'], uow, async (_transaction, id) => {
      if (id === 'a') throw lockTimeout;
      return true;
    });
    expect(outcome).toEqual({ changed: 2, changedIds: ['b', 'c'], failed: [{ id: 'a', error: lockTimeout }] });
    expect(uow.outcomes).toEqual(['rollback', 'commit', 'commit']);
  });

  it('adds up two sweeps of one job', () => {
    const failure = { id: 'x', error: new Error('gone') };
    expect(combined({ changed: 1, changedIds: ['a'], failed: [] }, { changed: 2, changedIds: ['b', 'c'], failed: [failure] })).toEqual({
      changed: 3,
      changedIds: ['a', 'b', 'c'],
      failed: [failure],
    });
  });

  it('a read that settles before it shows fails with the first failure, once every object was tried', async () => {
    const uow = recordingUow();
    const outcome = await sweep(['a', 'b'], uow, async (_transaction, id) => {
      throw new Error(`cannot settle ${id}`);
    });
    expect(uow.outcomes).toEqual(['rollback', 'rollback']);
    expect(() => settledOrThrow(outcome)).toThrow('cannot settle a');
    expect(() => settledOrThrow({ changed: 0, changedIds: [], failed: [] })).not.toThrow();
  });
});
