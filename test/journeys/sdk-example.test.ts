// The README's example integration runs end to end against a live service.
import { execFile } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../scripts/lib/apis.js';
import type { EvenpayApp } from '../../src/app.js';
import { makeMerchant, type TestMerchant } from '../factories/merchants.js';
import { startTestApp } from '../helpers/app.js';

let evenpay: EvenpayApp;
let server: Server;
let merchant: TestMerchant;

beforeAll(async () => {
  evenpay = await startTestApp();
  merchant = await makeMerchant(evenpay.services.models);
  server = createServer(evenpay.app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await evenpay.close();
});

describe('examples/merchant-integration.ts', () => {
  it('quotes, checks out, authorizes, captures, refunds and lists events through the SDK', async () => {
    // Asynchronously: the service answering the example runs in this process.
    const { stdout: output } = await promisify(execFile)(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'examples', 'merchant-integration.ts')], {
      cwd: repoRoot,
      encoding: 'utf8',
      env: { ...process.env, EVENPAY_SECRET_KEY: merchant.secretKey, EVENPAY_API_BASE: `http://127.0.0.1:${(server.address() as AddressInfo).port}` },
    });
    expect(output).toMatch(/monthly_12 +12 × 7221 cents, APR 15 %/);
    expect(output).toMatch(/transaction txn_\w+: captured, captured 80000/);
    expect(output).toMatch(/after refund the shopper owes 64986 over 12 payments/);
    expect(output).toMatch(/refused as expected: refund_exceeds_captured \(\/amount\)/);
    expect(output).toMatch(/4 events for txn_/); // authorized, captured twice, refunded
  }, 60_000);
});
