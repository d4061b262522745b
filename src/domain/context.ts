// The two calling conventions of the domain:
//   writes  (context: WriteContext, owner, input)  — inside the caller's database transaction
//   reads   (context: ReadContext, owner, query)   — `input` and `query` are one object each
// Background jobs (the expiry sweeps) take a ReadContext and open their own transactions; the
// consumer's hosted page reads without an owner: (context, query).
import type { Transaction } from 'sequelize';
import type { Models } from '../data/models/index.js';
import type { UnitOfWork } from '../data/unit-of-work.js';
import type { Clock } from '../kernel/clock.js';

/** What a domain write needs: the data, the time, its transaction, and the request that caused it (recorded on events). */
export interface WriteContext {
  models: Models;
  clock: Clock;
  transaction: Transaction;
  requestId: string | null;
  /** The partner that made the request, acting for the merchant (recorded on events); absent or null when the merchant itself or Evenpay acts. */
  actingPartnerId?: string | null;
}

/** What a domain read needs: the data and the time, and the unit of work for the reads that settle a lapsed state first (an expired authorization is expired, with its event, before it is shown). */
export interface ReadContext {
  models: Models;
  uow: UnitOfWork;
  clock: Clock;
}
