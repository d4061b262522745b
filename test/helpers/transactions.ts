import { expect } from 'vitest';
import type { components } from '../../generated/v2/client.js';
import type { EvenpayApp } from '../../src/app.js';
import type { TestMerchant } from '../factories/merchants.js';
import { eventsOf, type Transaction } from '../factories/transactions.js';
import { appWithMerchant, type TestAppOptions } from './app.js';
import type { Http } from './http.js';

type Schedule = components['schemas']['Schedule'];

export const MINUTE_MS = 60 * 1000;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;

const sum = (values: number[]): number => values.reduce((total, value) => total + value, 0);

/** A schedule is internally consistent: installments add up to what is owed and their principal parts to the principal. */
export const expectConsistentSchedule = (schedule: Schedule): void => {
  const { installments } = schedule.disclosure;
  expect(schedule.disclosure.amount_financed).toBe(schedule.principal);
  expect(sum(installments.map((i) => i.amount))).toBe(schedule.amount_owed);
  expect(sum(installments.map((i) => i.principal))).toBe(schedule.principal);
  expect(schedule.disclosure.total_of_payments).toBe(schedule.amount_owed);
};

export interface TransactionsWorld {
  evenpay: EvenpayApp;
  http: Http;
  merchant: TestMerchant;
  /** GET /v2/transactions/{id} as `owner` (through `client`, the world's app by default), expecting 200. */
  fetchTransaction: (owner: TestMerchant, id: string, client?: Http) => Promise<Transaction>;
  /** The types of the transaction's events, oldest first. */
  typesOf: (owner: TestMerchant, id: string, client?: Http) => Promise<string[]>;
}

/** appWithMerchant (call it at the top of the file), with the reads the transaction files share bound to its app. */
export function transactionsWorld(merchantName: string, options: TestAppOptions = {}): TransactionsWorld {
  const { evenpay, http, merchant } = appWithMerchant(merchantName, options);

  const fetchTransaction = async (owner: TestMerchant, id: string, client: Http = http): Promise<Transaction> => {
    const res = await client.get(`/v2/transactions/${id}`, { auth: owner.bearer });
    expect(res.status).toBe(200);
    return res.body as Transaction;
  };

  const typesOf = async (owner: TestMerchant, id: string, client: Http = http): Promise<string[]> =>
    (await eventsOf(client, owner, id)).map((event) => event.type).reverse();

  return { evenpay, http, merchant, fetchTransaction, typesOf };
}
