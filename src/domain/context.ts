// What a domain write needs: the data, the time, the database transaction it runs in, and the
// request that caused it (recorded on events).
import type { Transaction } from 'sequelize';
import type { Models } from '../data/models/index.js';
import type { Clock } from '../kernel/clock.js';

export interface WriteContext {
  models: Models;
  clock: Clock;
  transaction: Transaction;
  requestId: string | null;
}
