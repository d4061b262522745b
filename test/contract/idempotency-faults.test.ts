// Only definite outcomes are stored under an Idempotency-Key. A fault of the platform in the
// middle of an operation — here a database connection error raised while the checkout is being
// written, the way Sequelize reports a lost connection — answers 503 with Retry-After, stores
// nothing, frees the key, and the same request with the same key then runs once. A COMMIT that
// went through although its answer was lost also answers 503, and then the retry with the same
// key replays the stored answer: the 503 says so rather than that nothing was done. Real faults (a
// connection killed by the server, a database that goes away and comes back) are in
// test/mariadb/idempotency-faults.test.ts.
import { ConnectionError, type Transaction } from 'sequelize';
import { describe, expect, it } from 'vitest';
import { checkoutBody } from '../factories/checkouts.js';
import { appWithMerchant } from '../helpers/app.js';
import { expectProblem } from '../helpers/problem.js';

const { evenpay, http, merchant } = appWithMerchant('Idempotency Faults Co');

/** What Sequelize reports when the server closed the connection. */
const lostConnection = () =>
  new ConnectionError(Object.assign(new Error('Connection lost: The server closed the connection.'), { code: 'PROTOCOL_CONNECTION_LOST' }));

/** Runs `fault` as the next checkout is written, once (with the write's options: its transaction). */
function onNextCheckoutWrite(fault: (options: { transaction?: Transaction | null }) => void): void {
  const { Checkout } = evenpay.services.models;
  Checkout.addHook('beforeCreate', 'fault-once', (_values: unknown, options: { transaction?: Transaction | null }) => {
    Checkout.removeHook('beforeCreate', 'fault-once');
    fault(options);
  });
}

/** Makes the next checkout write fail as a lost connection does, once. */
function failNextCheckoutWrite(): void {
  onNextCheckoutWrite(() => {
    throw lostConnection();
  });
}

/**
 * Makes the next checkout's COMMIT go through but its answer get lost, once: the database has the
 * checkout and the stored response, and the service hears a lost connection.
 */
function loseNextCheckoutCommitAnswer(): void {
  onNextCheckoutWrite((options) =>
    options.transaction!.afterCommit(() => {
      throw lostConnection();
    }),
  );
}

const storedStatus = async (key: string) =>
  (await evenpay.services.models.IdempotencyKey.findOne({ where: { merchantId: merchant.id, idempotencyKey: key } }))?.responseStatus ?? 'no row';

describe('a keyed POST that meets a database fault', () => {
  it('answers 503 with Retry-After, stores nothing under the key, and the retry with the same key creates the checkout once', async () => {
    const body = checkoutBody({ order_id: 'ORD-FAULT-1' });
    failNextCheckoutWrite();
    const failed = await http.post('/v2/checkouts', { auth: merchant.bearer, body, headers: { 'Idempotency-Key': 'fault-key-1' } });
    expectProblem(failed, 503, 'service_unavailable');
    expect(failed.headers['retry-after']).toBe('5');
    expect(failed.body.detail).toContain('Send the same request with the same Idempotency-Key after Retry-After seconds: it runs once');
    expect(await storedStatus('fault-key-1')).toBe('no row');

    const retried = await http.post('/v2/checkouts', { auth: merchant.bearer, body, headers: { 'Idempotency-Key': 'fault-key-1' } });
    expect(retried.status).toBe(201);
    expect(retried.headers['idempotent-replayed']).toBeUndefined();
    const again = await http.post('/v2/checkouts', { auth: merchant.bearer, body, headers: { 'Idempotency-Key': 'fault-key-1' } });
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body.id).toBe(retried.body.id);
    expect(await evenpay.services.models.Checkout.count({ where: { merchantId: merchant.id, orderId: 'ORD-FAULT-1' } })).toBe(1);
  });

  it('still stores a refusal the operation decided, and replays it', async () => {
    const body = checkoutBody({ order_id: 'ORD-FAULT-2', total_amount: 1 });
    const refused = await http.post('/v2/checkouts', { auth: merchant.bearer, body, headers: { 'Idempotency-Key': 'fault-key-2' } });
    expectProblem(refused, 422, 'checkout_total_mismatch');
    expect(await storedStatus('fault-key-2')).toBe(422);
    const replayed = await http.post('/v2/checkouts', { auth: merchant.bearer, body, headers: { 'Idempotency-Key': 'fault-key-2' } });
    expect(replayed.headers['idempotent-replayed']).toBe('true');
    expect(replayed.body.request_id).toBe(refused.body.request_id);
  });

  it("answers 503 when the COMMIT went through but its answer was lost; the retry with the same key gets that attempt's answer", async () => {
    const body = checkoutBody({ order_id: 'ORD-FAULT-3' });
    loseNextCheckoutCommitAnswer();
    const failed = await http.post('/v2/checkouts', { auth: merchant.bearer, body, headers: { 'Idempotency-Key': 'fault-key-3' } });
    expectProblem(failed, 503, 'service_unavailable');
    // The 503 does not claim that nothing was done: here the checkout was made.
    expect(failed.body.detail).toContain('or, if the database completed this attempt after all, you get the answer of that attempt');
    expect(await storedStatus('fault-key-3')).toBe(201);

    const retried = await http.post('/v2/checkouts', { auth: merchant.bearer, body, headers: { 'Idempotency-Key': 'fault-key-3' } });
    expect(retried.status).toBe(201);
    expect(retried.headers['idempotent-replayed']).toBe('true');
    expect(await evenpay.services.models.Checkout.count({ where: { merchantId: merchant.id, orderId: 'ORD-FAULT-3' } })).toBe(1);
    expect(retried.body.id).toBe((await evenpay.services.models.Checkout.findOne({ where: { merchantId: merchant.id, orderId: 'ORD-FAULT-3' } }))!.id);
  });
});
