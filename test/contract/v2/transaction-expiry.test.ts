// Authorizations that expire, on a fixed clock: after 30 days (or 5 minutes for a +expire_fast
// customer) an uncaptured authorization refuses capture, void and update with 422
// authorization_expired and reads as expired with one transaction.expired event made by Evenpay;
// what was captured before stays refundable and updatable, and a fully captured transaction never
// expires. (expiry-sweep.test.ts has the sweep that expires them without a read.)
import { describe, expect, it } from 'vitest';
import { fixedClock } from '../../../src/kernel/clock.js';
import { authorizedTransaction, capture, eventsOf, refund, type Transaction, transactionAction } from '../../factories/transactions.js';
import { expectProblem } from '../../helpers/problem.js';
import { DAY_MS, MINUTE_MS, transactionsWorld } from '../../helpers/transactions.js';

const clock = fixedClock('2026-07-01T12:00:00Z');
const { http: client, merchant: owner, fetchTransaction } = transactionsWorld('Expiry Co', { clock });

describe('authorizations that expire', () => {
  const act = (id: string, action: 'capture' | 'void' | 'refund' | 'update', body?: object) => transactionAction(client, owner, id, action, body);

  /** A transaction authorized now whose authorization has lapsed by the time this returns. */
  const lapsed = async (how: '30 days' | 'expire_fast'): Promise<Transaction> => {
    clock.set('2026-07-01T12:00:00Z');
    const tx = await authorizedTransaction(client, owner, how === 'expire_fast' ? { email: 'jane+expire_fast@example.com' } : {});
    clock.advance(how === 'expire_fast' ? 6 * MINUTE_MS : 30 * DAY_MS + MINUTE_MS);
    return tx;
  };

  describe.each(['30 days', 'expire_fast'] as const)('after the authorization lapsed (%s)', (how) => {
    it('refuses a capture with 422 authorization_expired', async () => {
      const tx = await lapsed(how);
      const res = await act(tx.id, 'capture', { amount: 100 });
      expectProblem(res, 422, 'authorization_expired');
      expect(res.body.detail).toContain(tx.authorization_expires_at);
    });

    it('refuses a void with 422 authorization_expired', async () => {
      const tx = await lapsed(how);
      expectProblem(await act(tx.id, 'void'), 422, 'authorization_expired');
    });

    it('refuses an update with 422 authorization_expired', async () => {
      const tx = await lapsed(how);
      expectProblem(await act(tx.id, 'update', { shipping_carrier: 'UPS' }), 422, 'authorization_expired');
    });

    it('shows the transaction as expired, with nothing capturable or owed, and a transaction.expired event made by Evenpay', async () => {
      const tx = await lapsed(how);
      const res = await client.get(`/v2/transactions/${tx.id}`, { auth: owner.bearer });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ status: 'expired', captured_amount: 0, capturable_amount: 0, refundable_amount: 0 });
      expect(res.body.schedule).toMatchObject({ estimated: false, principal: 0, amount_owed: 0 });
      const events = (await eventsOf(client, owner, tx.id)).reverse();
      expect(events.map((e) => e.type)).toEqual(['transaction.authorized', 'transaction.expired']);
      expect(events[1]!.request_id).toBeNull();
      expect(events[1]!.data.object).toMatchObject({ id: tx.id, status: 'expired' });
      // Reading it again does not expire it twice.
      await client.get(`/v2/transactions/${tx.id}`, { auth: owner.bearer });
      expect((await eventsOf(client, owner, tx.id)).length).toBe(2);
    });
  });

  it('still captures a +expire_fast authorization within its 5 minutes', async () => {
    clock.set('2026-07-01T12:00:00Z');
    const tx = await authorizedTransaction(client, owner, { email: 'jane+expire_fast@example.com' });
    expect(tx.authorization_expires_at).toBe('2026-07-01T12:05:00.000Z');
    clock.advance(5 * MINUTE_MS - 1);
    expect((await capture(client, owner, tx.id)).status).toBe('captured');
  });

  it('expires a 30-day authorization exactly at authorization_expires_at', async () => {
    clock.set('2026-07-01T12:00:00Z');
    const tx = await authorizedTransaction(client, owner);
    expect(tx.authorization_expires_at).toBe('2026-07-31T12:00:00.000Z');
    clock.set('2026-07-31T12:00:00Z');
    expectProblem(await act(tx.id, 'capture'), 422, 'authorization_expired');
  });

  it('keeps a partially captured transaction refundable after its authorization lapsed', async () => {
    clock.set('2026-07-01T12:00:00Z');
    const tx = await authorizedTransaction(client, owner, { total: 15_500, email: 'jane+expire_fast@example.com' });
    clock.advance(MINUTE_MS);
    await capture(client, owner, tx.id, 5_000);
    clock.advance(5 * MINUTE_MS);

    // The uncaptured rest was released: nothing more can be captured, what was captured stays.
    const now = await fetchTransaction(owner, tx.id, client);
    expect(now).toMatchObject({ status: 'captured', captured_amount: 5_000, capturable_amount: 0, refundable_amount: 5_000 });
    expect(now.schedule).toMatchObject({ principal: 5_000, estimated: false });
    expectProblem(await act(tx.id, 'capture', { amount: 100 }), 422, 'authorization_expired');
    expectProblem(await act(tx.id, 'void'), 422, 'void_after_capture');

    const partly = await refund(client, owner, tx.id, 2_000);
    expect(partly).toMatchObject({ status: 'partially_refunded', refunded_amount: 2_000, refundable_amount: 3_000, capturable_amount: 0 });
    expect(partly.schedule.principal).toBe(3_000);
    const all = await refund(client, owner, tx.id);
    expect(all).toMatchObject({ status: 'refunded', refunded_amount: 5_000, capturable_amount: 0 });
    expect((await eventsOf(client, owner, tx.id)).reverse().map((e) => e.type)).toEqual([
      'transaction.authorized',
      'transaction.captured',
      'transaction.expired',
      'transaction.refunded',
      'transaction.refunded',
    ]);
  });

  it('lets a partially captured transaction whose authorization lapsed be refunded and updated without a read first', async () => {
    clock.set('2026-07-01T12:00:00Z');
    const tx = await authorizedTransaction(client, owner, { total: 15_500 });
    await capture(client, owner, tx.id, 4_000);
    clock.advance(31 * DAY_MS);
    const refunded = await refund(client, owner, tx.id, 1_000);
    expect(refunded).toMatchObject({ status: 'partially_refunded', capturable_amount: 0, refundable_amount: 3_000 });
    const updated = await transactionAction(client, owner, tx.id, 'update', { shipping_carrier: 'UPS' });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ status: 'partially_refunded', shipping: { carrier: 'UPS' } });
    expect((await eventsOf(client, owner, tx.id)).filter((e) => e.type === 'transaction.expired')).toHaveLength(1);
  });

  it('never expires a fully captured transaction', async () => {
    clock.set('2026-07-01T12:00:00Z');
    const tx = await authorizedTransaction(client, owner);
    await capture(client, owner, tx.id);
    clock.advance(60 * DAY_MS);
    expect((await fetchTransaction(owner, tx.id, client)).status).toBe('captured');
    expect((await refund(client, owner, tx.id, 100)).status).toBe('partially_refunded');
    expect((await eventsOf(client, owner, tx.id)).some((e) => e.type === 'transaction.expired')).toBe(false);
  });
});
