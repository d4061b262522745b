// GET /v2/deprecations: each merchant sees every deprecated operation with its own usage only.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EvenpayApp } from '../../../src/app.js';
import { fixedClock } from '../../../src/kernel/clock.js';
import { makeMerchant, type TestMerchant } from '../../factories/merchants.js';
import { startTestApp } from '../../helpers/app.js';
import { api } from '../../helpers/http.js';

const clock = fixedClock('2026-11-25T12:00:00Z');
let evenpay: EvenpayApp;
let http: ReturnType<typeof api>;
let caller: TestMerchant;
let bystander: TestMerchant;
const basic = (m: TestMerchant) => `Basic ${Buffer.from(`${m.publishableKey}:${m.secretKey}`).toString('base64')}`;

beforeAll(async () => {
  evenpay = await startTestApp({ clock });
  http = api(evenpay.app);
  caller = await makeMerchant(evenpay.services.models);
  bystander = await makeMerchant(evenpay.services.models);
});
afterAll(() => evenpay.close());

type Row = {
  operation_id: string;
  sunset: string;
  days_to_sunset: number;
  successor: { operation_id: string };
  usage: { total_calls: number; calls_last_7_days: number; calls_last_30_days: number; last_seen_at: string | null; last_user_agent: string | null };
};

describe('GET /v2/deprecations', () => {
  it("shows the caller's own calls to each deprecated operation, with its sunset and successor", async () => {
    await http.get('/v1/account', { auth: basic(caller), headers: { 'User-Agent': 'legacy-shop/1.0' } });
    clock.advance(60_000);
    await http.get('/v1/account', { auth: basic(caller), headers: { 'User-Agent': 'legacy-shop/1.1' } });

    const res = await http.get('/v2/deprecations', { auth: caller.bearer });
    expect(res.status).toBe(200);
    const rows = res.body.data as Row[];
    const account = rows.find((r) => r.operation_id === 'getAccount')!;
    expect(account).toMatchObject({ sunset: '2027-06-30', successor: { operation_id: 'getMerchant' } });
    expect(account.days_to_sunset).toBe(217);
    expect(account.usage).toEqual({
      total_calls: 2,
      calls_last_7_days: 2,
      calls_last_30_days: 2,
      last_seen_at: '2026-11-25T12:01:00.000Z',
      last_user_agent: 'legacy-shop/1.1',
    });
    // Every deprecated operation is listed, called or not.
    expect(rows.find((r) => r.operation_id === 'captureCharge')!.usage.total_calls).toBe(0);
  });

  it("never shows another merchant's usage", async () => {
    const res = await http.get('/v2/deprecations', { auth: bystander.bearer });
    expect((res.body.data as Row[]).every((r) => r.usage.total_calls === 0)).toBe(true);
  });

  it('moves calls out of the 7-day and 30-day windows as days pass', async () => {
    const merchant = await makeMerchant(evenpay.services.models);
    clock.set('2026-10-01T12:00:00Z');
    await http.get('/v1/account', { auth: basic(merchant) });
    clock.set('2026-10-28T12:00:00Z');
    await http.get('/v1/account', { auth: basic(merchant) });
    clock.set('2026-11-01T12:00:00Z');
    const res = await http.get('/v2/deprecations', { auth: merchant.bearer });
    expect((res.body.data as Row[]).find((r) => r.operation_id === 'getAccount')!.usage).toMatchObject({
      total_calls: 2,
      calls_last_7_days: 1,
      calls_last_30_days: 1,
    });
    clock.set('2026-11-25T12:00:00Z');
  });

  it('counts calls refused during a brownout: operators see who still calls', async () => {
    const merchant = await makeMerchant(evenpay.services.models);
    clock.set('2027-03-03T15:30:00Z');
    const refused = await http.get('/v1/account', { auth: basic(merchant) });
    expect(refused.status).toBe(410);
    expect(refused.body.code).toBe('operation_brownout');
    const res = await http.get('/v2/deprecations', { auth: merchant.bearer });
    expect((res.body.data as Row[]).find((r) => r.operation_id === 'getAccount')!.usage.total_calls).toBe(1);
    clock.set('2026-11-25T12:00:00Z');
  });

  it('asks for a key when none is sent', async () => {
    const res = await http.get('/v2/deprecations');
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('authentication_required');
  });
});
