// The v1 money movements on a charge: capture, void, refund and update answer a ChargeEvent whose
// id is the v2 event, move the same transaction v2 sees (and see v2's moves), replay for the same
// Idempotency-Key and refuse it reused or in flight, and refuse what the charge cannot do.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { components as V1 } from '../../../generated/v1/client.js';
import type { components as V2 } from '../../../generated/v2/client.js';
import { expectProblem, pointers } from '../../helpers/problem.js';
import { AMOUNT, unix, v1ChargesWorld } from '../../helpers/v1-charges.js';

type ChargeEvent = V1['schemas']['ChargeEvent'];
type Event = V2['schemas']['Event'];

const { http, merchant, v1, newCharge, getCharge, getTransaction, move, keyInFlight } = v1ChargesWorld('Legacy Charges Co');

describe('POST /v1/charges/{chargeId}/capture (captureCharge)', () => {
  it('answers the capture event, amount in cents, whose id is the v2 event', async () => {
    const charge = await newCharge();
    const res = await v1().post(`/v1/charges/${charge.charge_id}/capture`, { auth: merchant.basic, body: { amount: 4_000 } });
    expect(res.status).toBe(200);
    const event = res.body as ChargeEvent;
    expect(event).toEqual({
      id: expect.stringMatching(/^evt_/),
      charge_id: charge.charge_id,
      type: 'capture',
      amount: 4_000,
      currency: 'USD',
      created_at: expect.any(Number),
    });
    const v2 = await http.get(`/v2/events/${event.id}`, { auth: merchant.bearer });
    expect(v2.status).toBe(200);
    const seen = v2.body as Event;
    expect(seen).toMatchObject({
      id: event.id,
      type: 'transaction.captured',
      request_id: res.headers['request-id'],
      data: { amount: 4_000, object: { id: charge.charge_id } },
    });
    expect(unix(seen.created)).toBe(event.created_at);
  });

  it('captures everything still held when no amount is sent', async () => {
    const charge = await newCharge();
    await move(charge.charge_id, 'capture', { amount: 2_500 });
    const event = await move(charge.charge_id, 'capture');
    expect(event).toMatchObject({ type: 'capture', amount: 7_500 });
    expect(await getCharge(charge.charge_id)).toMatchObject({ status: 'captured', auth_hold: 0, payable: AMOUNT });
  });

  it('shows a v1 capture in v2, and a v2 capture in v1', async () => {
    const charge = await newCharge();
    await move(charge.charge_id, 'capture', { amount: 4_000 });
    expect(await getTransaction(charge.charge_id)).toMatchObject({ status: 'partially_captured', captured_amount: 4_000, capturable_amount: 6_000 });
    const v2 = await http.post(`/v2/transactions/${charge.charge_id}/capture`, {
      auth: merchant.bearer,
      body: { amount: 6_000 },
      headers: { 'Idempotency-Key': randomUUID() },
    });
    expect(v2.status).toBe(200);
    expect(await getCharge(charge.charge_id)).toMatchObject({ status: 'captured', auth_hold: 0, payable: AMOUNT });
  });

  it('replays the first capture for the same Idempotency-Key and captures once', async () => {
    const charge = await newCharge();
    const key = randomUUID();
    const call = () =>
      v1().post(`/v1/charges/${charge.charge_id}/capture`, { auth: merchant.basic, body: { amount: 1_000 }, headers: { 'Idempotency-Key': key } });
    const first = await call();
    const again = await call();
    expect(first.status).toBe(200);
    expect(again.status).toBe(200);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toEqual(first.body);
    expect((await getCharge(charge.charge_id)).payable).toBe(1_000);
  });

  it('refuses to capture more than is held with 422 capture_exceeds_authorized at /amount', async () => {
    const charge = await newCharge();
    const res = await v1().post(`/v1/charges/${charge.charge_id}/capture`, { auth: merchant.basic, body: { amount: AMOUNT + 1 } });
    expectProblem(res, 422, 'capture_exceeds_authorized');
    expect(res.body.errors).toEqual([{ pointer: '/amount', detail: `must be at most ${AMOUNT}` }]);
    expect((await getCharge(charge.charge_id)).status).toBe('auth');
  });

  it('refuses to capture a voided charge with 422 transaction_voided', async () => {
    const charge = await newCharge();
    await move(charge.charge_id, 'void');
    const res = await v1().post(`/v1/charges/${charge.charge_id}/capture`, { auth: merchant.basic, body: { amount: 1_000 } });
    expectProblem(res, 422, 'transaction_voided');
  });

  it('refuses an Idempotency-Key reused with another amount with 422 idempotency_key_reused', async () => {
    const charge = await newCharge();
    const key = randomUUID();
    const url = `/v1/charges/${charge.charge_id}/capture`;
    expect((await v1().post(url, { auth: merchant.basic, body: { amount: 1_000 }, headers: { 'Idempotency-Key': key } })).status).toBe(200);
    const res = await v1().post(url, { auth: merchant.basic, body: { amount: 2_000 }, headers: { 'Idempotency-Key': key } });
    expectProblem(res, 422, 'idempotency_key_reused');
    expect((await getCharge(charge.charge_id)).payable).toBe(1_000);
  });

  it('answers 409 while a capture with the same Idempotency-Key is in flight, and captures nothing', async () => {
    const charge = await newCharge();
    const key = await keyInFlight(merchant, 'captureCharge', { chargeId: charge.charge_id }, { amount: 1_000 });
    const res = await v1().post(`/v1/charges/${charge.charge_id}/capture`, {
      auth: merchant.basic,
      body: { amount: 1_000 },
      headers: { 'Idempotency-Key': key },
    });
    expectProblem(res, 409, 'idempotency_request_in_flight');
    expect(res.headers['retry-after']).toBe('1');
    expect((await getCharge(charge.charge_id)).payable).toBe(0);
  });

  it.each<[string, object, string]>([
    ['an amount of zero', { amount: 0 }, '/amount'],
    ['a fractional amount', { amount: 10.5 }, '/amount'],
    ['an unknown field', { amount: 100, final: true }, '/final'],
  ])('refuses %s with 400 invalid_request naming the field', async (_case, body, pointer) => {
    const charge = await newCharge();
    const res = await v1().post(`/v1/charges/${charge.charge_id}/capture`, { auth: merchant.basic, body });
    expectProblem(res, 400, 'invalid_request');
    expect(pointers(res)).toContain(pointer);
  });
});

describe('POST /v1/charges/{chargeId}/void (voidCharge)', () => {
  it('answers the void event with amount 0, visible in v2 as transaction.voided', async () => {
    const charge = await newCharge();
    const res = await v1().post(`/v1/charges/${charge.charge_id}/void`, { auth: merchant.basic });
    expect(res.status).toBe(200);
    const event = res.body as ChargeEvent;
    expect(event).toEqual({
      id: expect.stringMatching(/^evt_/),
      charge_id: charge.charge_id,
      type: 'void',
      amount: 0,
      currency: 'USD',
      created_at: expect.any(Number),
    });
    const v2 = await http.get(`/v2/events/${event.id}`, { auth: merchant.bearer });
    expect(v2.body).toMatchObject({ id: event.id, type: 'transaction.voided', data: { object: { id: charge.charge_id, status: 'voided' } } });
    expect(await getTransaction(charge.charge_id)).toMatchObject({ status: 'voided', capturable_amount: 0 });
  });

  it('accepts an empty JSON object, as the spec example sends', async () => {
    const charge = await newCharge();
    expect(await move(charge.charge_id, 'void', {})).toMatchObject({ type: 'void', amount: 0 });
  });

  it('refuses to void a charge with captures with 422 void_after_capture', async () => {
    const charge = await newCharge();
    await move(charge.charge_id, 'capture', { amount: 1_000 });
    const res = await v1().post(`/v1/charges/${charge.charge_id}/void`, { auth: merchant.basic });
    expectProblem(res, 422, 'void_after_capture');
    expect((await getCharge(charge.charge_id)).status).toBe('partially_captured');
  });

  it('refuses to void twice with 422 transaction_voided', async () => {
    const charge = await newCharge();
    await move(charge.charge_id, 'void');
    const res = await v1().post(`/v1/charges/${charge.charge_id}/void`, { auth: merchant.basic });
    expectProblem(res, 422, 'transaction_voided');
  });

  it('answers 409 while a body-less void with the same Idempotency-Key is in flight', async () => {
    const charge = await newCharge();
    const key = await keyInFlight(merchant, 'voidCharge', { chargeId: charge.charge_id }, undefined);
    const res = await v1().post(`/v1/charges/${charge.charge_id}/void`, { auth: merchant.basic, headers: { 'Idempotency-Key': key } });
    expectProblem(res, 409, 'idempotency_request_in_flight');
    expect((await getCharge(charge.charge_id)).status).toBe('auth');
  });

  it('refuses a body with any field with 400 (voids take no parameters)', async () => {
    const charge = await newCharge();
    const res = await v1().post(`/v1/charges/${charge.charge_id}/void`, { auth: merchant.basic, body: { reason: 'customer_request' } });
    expectProblem(res, 400, 'invalid_request');
    expect(pointers(res)).toContain('/reason');
  });
});

describe('POST /v1/charges/{chargeId}/refund (refundCharge)', () => {
  it('answers the refund event, amount in cents, whose id is the v2 event', async () => {
    const charge = await newCharge();
    await move(charge.charge_id, 'capture');
    const res = await v1().post(`/v1/charges/${charge.charge_id}/refund`, { auth: merchant.basic, body: { amount: 2_500 } });
    expect(res.status).toBe(200);
    const event = res.body as ChargeEvent;
    expect(event).toEqual({
      id: expect.stringMatching(/^evt_/),
      charge_id: charge.charge_id,
      type: 'refund',
      amount: 2_500,
      currency: 'USD',
      created_at: expect.any(Number),
    });
    const v2 = await http.get(`/v2/events/${event.id}`, { auth: merchant.bearer });
    expect(v2.body).toMatchObject({ id: event.id, type: 'transaction.refunded', data: { amount: 2_500, object: { id: charge.charge_id } } });
    expect(await getTransaction(charge.charge_id)).toMatchObject({ status: 'partially_refunded', refunded_amount: 2_500, refundable_amount: 7_500 });
  });

  it('refunds everything still payable when no amount is sent', async () => {
    const charge = await newCharge();
    await move(charge.charge_id, 'capture', { amount: 6_000 });
    await move(charge.charge_id, 'refund', { amount: 1_000 });
    expect(await move(charge.charge_id, 'refund')).toMatchObject({ type: 'refund', amount: 5_000 });
    expect(await getCharge(charge.charge_id)).toMatchObject({ payable: 0, amount_refunded: 6_000 });
  });

  it('shows a v2 refund in v1', async () => {
    const charge = await newCharge();
    await move(charge.charge_id, 'capture');
    const v2 = await http.post(`/v2/transactions/${charge.charge_id}/refund`, {
      auth: merchant.bearer,
      body: { amount: 3_000 },
      headers: { 'Idempotency-Key': randomUUID() },
    });
    expect(v2.status).toBe(200);
    expect(await getCharge(charge.charge_id)).toMatchObject({ status: 'partially_refunded', payable: 7_000, amount_refunded: 3_000 });
  });

  it('refuses to refund before anything was captured with 422 refund_exceeds_captured', async () => {
    const charge = await newCharge();
    const res = await v1().post(`/v1/charges/${charge.charge_id}/refund`, { auth: merchant.basic, body: { amount: 100 } });
    expectProblem(res, 422, 'refund_exceeds_captured');
    expect(res.body.errors).toEqual([{ pointer: '/amount', detail: 'must be at most 0' }]);
  });

  it('refuses to refund more than is payable with 422 refund_exceeds_captured', async () => {
    const charge = await newCharge();
    await move(charge.charge_id, 'capture', { amount: 3_000 });
    const res = await v1().post(`/v1/charges/${charge.charge_id}/refund`, { auth: merchant.basic, body: { amount: 3_001 } });
    expectProblem(res, 422, 'refund_exceeds_captured');
    expect((await getCharge(charge.charge_id)).amount_refunded).toBe(0);
  });

  it('refuses a key first used to capture with 422 idempotency_key_reused', async () => {
    const charge = await newCharge();
    const key = randomUUID();
    const body = { amount: 1_000 };
    expect((await v1().post(`/v1/charges/${charge.charge_id}/capture`, { auth: merchant.basic, body, headers: { 'Idempotency-Key': key } })).status).toBe(200);
    const res = await v1().post(`/v1/charges/${charge.charge_id}/refund`, { auth: merchant.basic, body, headers: { 'Idempotency-Key': key } });
    expectProblem(res, 422, 'idempotency_key_reused');
  });

  it('answers 409 while a body-less refund with the same Idempotency-Key is in flight', async () => {
    const charge = await newCharge();
    await move(charge.charge_id, 'capture');
    const key = await keyInFlight(merchant, 'refundCharge', { chargeId: charge.charge_id }, undefined);
    const res = await v1().post(`/v1/charges/${charge.charge_id}/refund`, { auth: merchant.basic, headers: { 'Idempotency-Key': key } });
    expectProblem(res, 409, 'idempotency_request_in_flight');
    expect((await getCharge(charge.charge_id)).amount_refunded).toBe(0);
  });

  it.each<[string, object, string]>([
    ['a negative amount', { amount: -100 }, '/amount'],
    ['an amount that is a string', { amount: 'all' }, '/amount'],
    ['an unknown field', { amount: 100, reason: 'damaged' }, '/reason'],
  ])('refuses %s with 400 invalid_request naming the field', async (_case, body, pointer) => {
    const charge = await newCharge();
    const res = await v1().post(`/v1/charges/${charge.charge_id}/refund`, { auth: merchant.basic, body });
    expectProblem(res, 400, 'invalid_request');
    expect(pointers(res)).toContain(pointer);
  });
});

describe('POST /v1/charges/{chargeId}/update (updateCharge)', () => {
  it('answers the update event and maps shipping_confirmation to the v2 tracking number', async () => {
    const charge = await newCharge();
    const res = await v1().post(`/v1/charges/${charge.charge_id}/update`, {
      auth: merchant.basic,
      body: { shipping_carrier: 'UPS', shipping_confirmation: '1Z999AA10123456784' },
    });
    expect(res.status).toBe(200);
    const event = res.body as ChargeEvent;
    expect(event).toEqual({
      id: expect.stringMatching(/^evt_/),
      charge_id: charge.charge_id,
      type: 'update',
      amount: 0,
      currency: 'USD',
      created_at: expect.any(Number),
    });
    expect((await getTransaction(charge.charge_id)).shipping).toEqual({ carrier: 'UPS', tracking_number: '1Z999AA10123456784' });
    expect(await getCharge(charge.charge_id)).toMatchObject({ shipping_carrier: 'UPS', shipping_confirmation: '1Z999AA10123456784' });
    const v2 = await http.get(`/v2/events/${event.id}`, { auth: merchant.bearer });
    expect(v2.body).toMatchObject({ id: event.id, type: 'transaction.updated', data: { object: { shipping: { tracking_number: '1Z999AA10123456784' } } } });
  });

  it('changes the order id and leaves the shipping fields as they were', async () => {
    const charge = await newCharge();
    await move(charge.charge_id, 'update', { shipping_carrier: 'FedEx' });
    await move(charge.charge_id, 'update', { order_id: 'ORD-RENAMED-1' });
    expect(await getCharge(charge.charge_id)).toMatchObject({ order_id: 'ORD-RENAMED-1', shipping_carrier: 'FedEx', shipping_confirmation: null });
    expect(await getTransaction(charge.charge_id)).toMatchObject({ order_id: 'ORD-RENAMED-1', shipping: { carrier: 'FedEx', tracking_number: null } });
  });

  it('shows a v2 tracking number as the v1 shipping_confirmation', async () => {
    const charge = await newCharge();
    const v2 = await http.post(`/v2/transactions/${charge.charge_id}/update`, {
      auth: merchant.bearer,
      body: { shipping_tracking_number: '9400100000000000000000' },
    });
    expect(v2.status).toBe(200);
    expect((await getCharge(charge.charge_id)).shipping_confirmation).toBe('9400100000000000000000');
  });

  it('refuses to update a voided charge with 422 transaction_voided', async () => {
    const charge = await newCharge();
    await move(charge.charge_id, 'void');
    const res = await v1().post(`/v1/charges/${charge.charge_id}/update`, { auth: merchant.basic, body: { order_id: 'ORD-TOO-LATE' } });
    expectProblem(res, 422, 'transaction_voided');
    expect((await getCharge(charge.charge_id)).order_id).toBe(charge.order_id);
  });

  it('answers 409 while an update with the same Idempotency-Key is in flight', async () => {
    const charge = await newCharge();
    const body = { shipping_carrier: 'DHL' };
    const key = await keyInFlight(merchant, 'updateCharge', { chargeId: charge.charge_id }, body);
    const res = await v1().post(`/v1/charges/${charge.charge_id}/update`, { auth: merchant.basic, body, headers: { 'Idempotency-Key': key } });
    expectProblem(res, 409, 'idempotency_request_in_flight');
    expect((await getCharge(charge.charge_id)).shipping_carrier).toBeNull();
  });

  it.each<[string, object, string]>([
    ['an empty body', {}, '/'],
    ['an unknown field (the v2 name of the tracking number)', { shipping_tracking_number: '1Z' }, '/shipping_tracking_number'],
    ['an empty order id', { order_id: '' }, '/order_id'],
  ])('refuses %s with 400 invalid_request', async (_case, body, pointer) => {
    const charge = await newCharge();
    const res = await v1().post(`/v1/charges/${charge.charge_id}/update`, { auth: merchant.basic, body });
    expectProblem(res, 400, 'invalid_request');
    expect(pointers(res)).toContain(pointer);
  });
});
