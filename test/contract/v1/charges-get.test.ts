// GET /v1/charges/{chargeId}: the charge in the legacy shape, its v2 status under its legacy name
// through its whole life (expiry included), and what every operation on a charge id refuses
// before it acts: an id that is not a txn_ id, a missing or mismatched key pair, a charge that is
// another merchant's or does not exist.
import { describe, expect, it } from 'vitest';
import { fixedClock } from '../../../src/kernel/clock.js';
import { makeMerchant } from '../../factories/merchants.js';
import { startTestApp } from '../../helpers/app.js';
import { api, type CallOptions } from '../../helpers/http.js';
import { expectProblem, parameters } from '../../helpers/problem.js';
import { AMOUNT, basic, brownoutAndSunset, CHARGE_OPERATIONS, legacy, UNKNOWN_CHARGE, unix, v1ChargesWorld } from '../../helpers/v1-charges.js';

const { evenpay, merchant, v1, newCharge, getCharge, getTransaction, move } = v1ChargesWorld('Legacy Charges Co');
const { brownout, sunset } = brownoutAndSunset();

describe('GET /v1/charges/{chargeId} (getCharge)', () => {
  it('returns the charge in the legacy shape', async () => {
    const charge = await newCharge();
    expect(await getCharge(charge.charge_id)).toEqual(charge);
  });

  it('maps every v2 status to its legacy name as the charge moves through its life', async () => {
    const full = await newCharge();
    expect((await getCharge(full.charge_id)).status).toBe('auth');
    await move(full.charge_id, 'capture', { amount: 4_000 });
    expect(await getCharge(full.charge_id)).toMatchObject({ status: 'partially_captured', auth_hold: 6_000, payable: 4_000 });
    await move(full.charge_id, 'capture');
    expect(await getCharge(full.charge_id)).toMatchObject({ status: 'captured', auth_hold: 0, payable: AMOUNT });
    await move(full.charge_id, 'refund', { amount: 1_000 });
    expect(await getCharge(full.charge_id)).toMatchObject({ status: 'partially_refunded', payable: 9_000, amount_refunded: 1_000 });
    await move(full.charge_id, 'refund');
    expect(await getCharge(full.charge_id)).toMatchObject({ status: 'refunded', payable: 0, amount_refunded: AMOUNT });

    const voided = await newCharge();
    await move(voided.charge_id, 'void');
    expect(await getCharge(voided.charge_id)).toMatchObject({ status: 'voided', auth_hold: 0, payable: 0 });

    for (const id of [full.charge_id, voided.charge_id]) {
      const [charge, tx] = [await getCharge(id), await getTransaction(id)];
      expect({ status: charge.status, auth_hold: charge.auth_hold, payable: charge.payable, amount_refunded: charge.amount_refunded }).toEqual({
        status: tx.status === 'authorized' ? 'auth' : tx.status,
        auth_hold: tx.capturable_amount,
        payable: tx.refundable_amount,
        amount_refunded: tx.refunded_amount,
      });
    }
  });

  it('shows an authorization that ran out after 30 days as auth_expired, in v1 as in v2', async () => {
    const clock = fixedClock('2026-12-01T12:00:00Z');
    const clocked = await startTestApp({ clock });
    try {
      const client = api(clocked.app);
      const charge = await newCharge(merchant, client);
      expect(charge.created_at).toBe(unix('2026-12-01T12:00:00Z'));
      expect(charge.expires_at).toBe(unix('2026-12-31T12:00:00Z'));
      clock.set('2026-12-31T11:59:59Z');
      expect((await legacy(client).get(`/v1/charges/${charge.charge_id}`, { auth: merchant.basic })).body.status).toBe('auth');
      clock.advance(2_000);
      const res = await legacy(client).get(`/v1/charges/${charge.charge_id}`, { auth: merchant.basic });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ status: 'auth_expired', auth_hold: 0, payable: 0, expires_at: charge.expires_at });
      const tx = await client.get(`/v2/transactions/${charge.charge_id}`, { auth: merchant.bearer });
      expect(tx.body).toMatchObject({ status: 'expired', capturable_amount: 0 });
      const capture = await legacy(client).post(`/v1/charges/${charge.charge_id}/capture`, { auth: merchant.basic });
      expectProblem(capture, 422, 'authorization_expired');
    } finally {
      await clocked.close();
    }
  });

  it('refuses an id that is not a txn_ id with 400 naming the chargeId parameter', async () => {
    const res = await v1().get('/v1/charges/ch_123', { auth: merchant.basic });
    expectProblem(res, 400, 'invalid_request');
    expect(parameters(res)).toEqual(['chargeId']);
  });

  it('asks for the key pair with 401 when none is sent', async () => {
    const charge = await newCharge();
    const res = await v1().get(`/v1/charges/${charge.charge_id}`);
    expectProblem(res, 401, 'authentication_required');
    expect(res.headers['www-authenticate']).toBe('Basic realm="evenpay"');
  });

  it('refuses the v2 bearer scheme with 401 invalid_api_key', async () => {
    const charge = await newCharge();
    const res = await v1().get(`/v1/charges/${charge.charge_id}`, { auth: merchant.bearer });
    expectProblem(res, 401, 'invalid_api_key');
  });

  it("answers 404 for another merchant's charge", async () => {
    const other = await makeMerchant(evenpay.services.models);
    const theirs = await newCharge(other);
    const res = await v1().get(`/v1/charges/${theirs.charge_id}`, { auth: merchant.basic });
    expectProblem(res, 404, 'resource_not_found');
    expect(res.body.instance).toBe(`/v1/charges/${theirs.charge_id}`);
  });

  it('answers 404 for a well-formed id that does not exist', async () => {
    const res = await v1().get(`/v1/charges/${UNKNOWN_CHARGE}`, { auth: merchant.basic });
    expectProblem(res, 404, 'resource_not_found');
    expect(res.body.detail).toContain(UNKNOWN_CHARGE);
  });

  it('answers 410 operation_brownout during a scheduled brownout, naming getTransaction', async () => {
    const charge = await newCharge();
    const res = await legacy(api(brownout.app)).get(`/v1/charges/${charge.charge_id}`, { auth: merchant.basic });
    expectProblem(res, 410, 'operation_brownout');
    expect(res.body.detail).toContain('Use getTransaction (GET /v2/transactions/{transactionId}).');
  });

  it('answers 410 operation_sunset after the sunset date, naming getTransaction', async () => {
    const charge = await newCharge();
    const res = await legacy(api(sunset.app)).get(`/v1/charges/${charge.charge_id}`, { auth: merchant.basic });
    expectProblem(res, 410, 'operation_sunset');
    expect(res.body.detail).toBe('GET /v1/charges/{chargeId} was switched off on 2027-06-30. Use getTransaction (GET /v2/transactions/{transactionId}).');
  });
});

describe.each(CHARGE_OPERATIONS)('%s on a charge it cannot act on', (operationId, method, suffix) => {
  const url = (id: string) => `/v1/charges/${id}${suffix}`;
  /** A body the operation accepts, so the status comes from what is being tested. */
  const body = operationId === 'updateCharge' ? { order_id: 'ORD-X' } : undefined;
  const options = (auth?: string): CallOptions => ({ ...(auth ? { auth } : {}), ...(body ? { body } : {}) });

  it('refuses an id that is not a txn_ id with 400 naming chargeId', async () => {
    const res = await v1().call(method, url('chk_4mQx7hW2rT9bKc1Ez0aP'), options(merchant.basic));
    expectProblem(res, 400, 'invalid_request');
    expect(parameters(res)).toContain('chargeId');
  });

  it('asks for the key pair with 401 authentication_required when none is sent', async () => {
    const charge = await newCharge();
    const res = await v1().call(method, url(charge.charge_id), options());
    expectProblem(res, 401, 'authentication_required');
    expect(res.headers['www-authenticate']).toBe('Basic realm="evenpay"');
  });

  it("refuses a secret key paired with another merchant's publishable key with 401 invalid_api_key", async () => {
    const charge = await newCharge();
    const other = await makeMerchant(evenpay.services.models);
    const res = await v1().call(method, url(charge.charge_id), options(basic(other.publishableKey, merchant.secretKey)));
    expectProblem(res, 401, 'invalid_api_key');
  });

  it("answers 404 for another merchant's charge and leaves it untouched", async () => {
    const other = await makeMerchant(evenpay.services.models);
    const theirs = await newCharge(other);
    const res = await v1().call(method, url(theirs.charge_id), options(merchant.basic));
    expectProblem(res, 404, 'resource_not_found');
    expect(await getCharge(theirs.charge_id, other)).toEqual(theirs);
  });

  it('answers 404 for a well-formed charge id that does not exist', async () => {
    const res = await v1().call(method, url(UNKNOWN_CHARGE), options(merchant.basic));
    expectProblem(res, 404, 'resource_not_found');
  });
});
