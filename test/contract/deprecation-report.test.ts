// `npm run deprecations`: the operator's report, read from the same database the service writes.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { repoRoot } from '../../scripts/lib/apis.js';
import type { EvenpayApp } from '../../src/app.js';
import { makeMerchant, type TestMerchant } from '../factories/merchants.js';
import { startTestApp } from '../helpers/app.js';
import { api } from '../helpers/http.js';

let evenpay: EvenpayApp;
let merchant: TestMerchant;

beforeAll(async () => {
  evenpay = await startTestApp();
  merchant = await makeMerchant(evenpay.services.models);
  const http = api(evenpay.app);
  const auth = `Basic ${Buffer.from(`${merchant.publishableKey}:${merchant.secretKey}`).toString('base64')}`;
  for (let i = 0; i < 2; i++) expect((await http.get('/v1/account', { auth })).status).toBe(200);
  await evenpay.services.deprecationUsage.flush();
});
afterAll(() => evenpay.close());

function report(...args: string[]): string {
  return execFileSync(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'scripts', 'deprecations.ts'), ...args], {
    cwd: repoRoot,
    env: { ...process.env, DATABASE_URL: inject('databaseUrl') },
    encoding: 'utf8',
  });
}

describe('npm run deprecations', () => {
  it('lists each deprecated operation with the merchants still calling it, as JSON', () => {
    const { operations } = JSON.parse(report('--json')) as {
      operations: Array<{
        operation_id: string;
        sunset: string;
        successor: string;
        merchants_calling: Array<{ merchant_id: string; calls_last_30_days: number }>;
        calls_last_7_days: number;
        calls_last_30_days: number;
        last_seen_at: string | null;
        days_to_sunset: number;
      }>;
    };
    const account = operations.find((op) => op.operation_id === 'getAccount')!;
    expect(account).toMatchObject({ sunset: '2027-06-30', successor: 'GET /v2/merchant' });
    expect(account.merchants_calling).toContainEqual(expect.objectContaining({ merchant_id: merchant.id, calls_last_30_days: 2 }));
    expect(account.calls_last_7_days).toBeGreaterThanOrEqual(2);
    expect(account.calls_last_30_days).toBeGreaterThanOrEqual(account.calls_last_7_days);
    expect(account.last_seen_at).not.toBeNull();
    expect(operations.map((op) => op.operation_id)).toEqual(
      expect.arrayContaining(['createCharge', 'captureCharge', 'refundCharge', 'voidCharge', 'updateCharge', 'getCharge']),
    );
  });

  it('includes calls a process counted but had not flushed yet when it shut down', async () => {
    const other = await startTestApp();
    const late = await makeMerchant(other.services.models);
    const auth = `Basic ${Buffer.from(`${late.publishableKey}:${late.secretKey}`).toString('base64')}`;
    expect((await api(other.app).get('/v1/account', { auth })).status).toBe(200);
    await other.close(); // shutdown flushes the in-memory counts
    const { operations } = JSON.parse(report('--json')) as {
      operations: Array<{ operation_id: string; merchants_calling: Array<{ merchant_id: string; calls_last_30_days: number }> }>;
    };
    expect(operations.find((op) => op.operation_id === 'getAccount')!.merchants_calling).toContainEqual(
      expect.objectContaining({ merchant_id: late.id, calls_last_30_days: 1 }),
    );
  });

  it('prints the same as a table', () => {
    const table = report();
    expect(table).toMatch(/^operation\s+sunset\s+days left\s+successor\s+merchants \(calls, 30 d\)\s+calls 7 d\s+calls 30 d\s+last seen$/m);
    const line = table.split('\n').find((l) => l.startsWith('GET /v1/account'))!;
    expect(line).toContain('2027-06-30');
    expect(line).toContain(`${merchant.id} (2)`);
  });
});
