// The settlement report is streamed, not built in memory: 100 000 entries come out of a real
// server process as CSV, every line and every cent of them, while the process's resident memory
// grows by less than a bound far below what holding the report would take. On a database of its
// own (the entries would slow every other file's queries).

import { readFileSync } from 'node:fs';
import { get } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../src/domain/ids.js';
import { appWithMerchantOnOwnDatabase } from '../helpers/app.js';
import { type ServerProcess, startServerProcess } from '../helpers/server-process.js';

const ENTRIES = 100_000;
/**
 * What the process may grow by while streaming ~15 MB of CSV. Measured on SQLite: streamed in
 * pages of 1 000, RSS grew by some 70 MB (garbage V8 has not collected yet); with every row read
 * at once (one page of 200 000), by 290 MB. The bound sits between, well clear of both.
 */
const GROWTH_BOUND_MB = 128;

const { evenpay, merchant, database } = appWithMerchantOnOwnDatabase('Big Ledger Co', 'settlement_scale');
let server: ServerProcess;

/** The process's resident set, in MB (Linux). */
const rssMb = (pid: number) => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024;

beforeAll(async () => {
  const sequelize = evenpay.services.models.BalanceEntry.sequelize!;
  // A minute ago: after today's payout cut-off, so the server process's payout schedule leaves them be.
  const created = new Date(Date.now() - 60 * 1000);
  const stamp =
    sequelize.getDialect() === 'sqlite'
      ? `${created.toISOString().replace('T', ' ').slice(0, 23)} +00:00`
      : created.toISOString().slice(0, 23).replace('T', ' ');
  // Straight into the table, a thousand rows a statement: 100 000 captures through the API would take minutes.
  for (let batch = 0; batch < ENTRIES / 1_000; batch++) {
    const values: string[] = [];
    for (let i = 0; i < 1_000; i++) {
      const amount = 1_000 + ((batch * 1_000 + i) % 9_000);
      values.push(
        `('${newId('bal')}', '${merchant.id}', NULL, 0, 'capture', 'USD', ${amount}, 30, ${amount - 30}, 0, 'txn_scale', NULL, '${stamp}', '${stamp}')`,
      );
    }
    await sequelize.query(
      `INSERT INTO balance_entries (id, merchant_id, partner_id, livemode, type, currency, amount, fee, net, partner_share, source_id, transaction_id, created_at, available_on) VALUES ${values.join(',')}`,
    );
  }
  server = await startServerProcess(database.url);
}, 180_000);
afterAll(() => server?.stop());

describe('a settlement report of 100 000 entries', () => {
  it('streams every line as CSV in bounded memory', async () => {
    const expectedNet = Number(
      ((await evenpay.services.models.BalanceEntry.sum('net', { where: { merchantId: merchant.id } })) as number | string | null) ?? 0,
    );
    const from = new Date(Date.now() - 10 * 60 * 1000).toISOString();
    const to = new Date(Date.now() + 60 * 1000).toISOString();
    const url = `${server.baseUrl}/v2/reports/settlement?from=${from}&to=${to}`;
    const before = rssMb(server.pid);
    let peak = before;
    const sampler = setInterval(() => {
      peak = Math.max(peak, rssMb(server.pid));
    }, 20);
    // Read as it arrives, keeping only the running totals: the test holds no more than the server should.
    const { lines, net, header } = await new Promise<{ lines: number; net: number; header: string }>((resolve, reject) => {
      get(url, { headers: { Authorization: `Bearer ${merchant.secretKey}`, Accept: 'text/csv' } }, (res) => {
        if (res.statusCode !== 200) reject(new Error(`status ${res.statusCode}`));
        res.setEncoding('utf8');
        let rest = '';
        let header = '';
        let lines = 0;
        let net = 0;
        res.on('data', (chunk: string) => {
          const parts = (rest + chunk).split('\n');
          rest = parts.pop()!;
          for (const part of parts) {
            if (!header) header = part;
            else {
              lines += 1;
              net += Number(part.split(',')[6]);
            }
          }
        });
        res.on('end', () => resolve({ lines, net, header }));
        res.on('error', reject);
      }).on('error', reject);
    });
    clearInterval(sampler);
    expect(header.split(',').slice(0, 7)).toEqual(['entry', 'type', 'merchant', 'currency', 'amount', 'fee', 'net']);
    expect(lines).toBe(ENTRIES);
    expect(net).toBe(expectedNet);
    expect(peak - before, `RSS ${before.toFixed(0)} MB → peak ${peak.toFixed(0)} MB`).toBeLessThan(GROWTH_BOUND_MB);
  }, 180_000);
});
