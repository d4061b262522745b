// Every event type, really delivered, is what the spec's `webhooks` say: a partner endpoint
// (which receives all of its merchants' events) gets one delivery of each of the 22 event types,
// each with exactly the documented headers and a body its own webhook schema accepts, with no
// undocumented field (helpers/webhook-spec.ts). On a database of its own (helpers/webhooks.ts).
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { FAST_EXPIRY_SECONDS } from '../../../src/domain/sandbox-decisions.js';
import { disputeAfter, disputedTransaction, PDF_BASE64 } from '../../factories/disputes.js';
import { makeMerchant } from '../../factories/merchants.js';
import { makePartner } from '../../factories/partners.js';
import {
  authorizedTransaction,
  canceledCheckout,
  capture,
  declinedCheckout,
  openCheckout,
  refund,
  transactionAction,
  voidTransaction,
} from '../../factories/transactions.js';
import { WebhookOracle } from '../../helpers/webhook-spec.js';
import { DAY_MS, HOUR_MS, SECOND_MS, webhookSuite } from '../../helpers/webhooks.js';

const { clock, evenpay, http, endpointFor, runOnce, Receiver } = webhookSuite('webhook_payloads');
const oracle = new WebhookOracle();

// Some 40 requests and a dozen dispatcher rounds: longer than the default 30 s on a busy machine.
describe('a delivery of each event type', () => {
  it('matches its webhook in the spec: the documented headers, and a body its schema accepts', async () => {
    const { models } = evenpay.services;
    const partner = await makePartner(models, { name: 'Payload Platform' });
    const owner = await makeMerchant(models, { name: 'Payload Shop', partnerId: partner.id });
    const receiver = await Receiver.start();
    await endpointFor(owner, receiver.url, ['*'], partner.bearer);
    const deliverAll = async () => {
      while ((await runOnce()) > 0);
    };

    // checkout.confirmed, transaction.authorized, .captured (with data.amount), .refunded (with
    // data.amount), .updated; another authorized and voided; a declined and a canceled checkout.
    const tx = await authorizedTransaction(http, owner);
    await capture(http, owner, tx.id, 5_000);
    await refund(http, owner, tx.id, 1_000);
    const updated = await transactionAction(http, owner, tx.id, 'update', { shipping_carrier: 'UPS', shipping_tracking_number: '1Z999AA10123456784' });
    expect(updated.status).toBe(200);
    await voidTransaction(http, owner, (await authorizedTransaction(http, owner)).id);
    await declinedCheckout(http, owner);
    await canceledCheckout(http, owner);

    // api_key.created, .rolled (and the new key's .created), .revoked.
    const key = await http.post('/v2/api-keys', { auth: owner.bearer, body: { type: 'secret' } });
    expect(key.status).toBe(201);
    const rolled = await http.post(`/v2/api-keys/${key.body.id}/roll`, { auth: owner.bearer, body: { expires_in_hours: 2 } });
    expect(rolled.status).toBe(201);
    expect((await http.post(`/v2/api-keys/${rolled.body.id}/revoke`, { auth: owner.bearer })).status).toBe(200);

    // merchant.updated: the partner onboards a merchant and updates it.
    const onboarded = await http.post('/v2/merchants', {
      auth: partner.bearer,
      body: { external_merchant_id: `shop-${randomUUID()}`, legal_name: 'Payload LLC', name: 'Payload', country: 'US', currencies: ['USD'] },
    });
    expect(onboarded.status).toBe(201);
    expect((await http.post(`/v2/merchants/${onboarded.body.id}`, { auth: partner.bearer, body: { website: 'https://payload.example.com' } })).status).toBe(
      200,
    );

    // payout.created and .paid (a sandbox run), then .created and .failed (a run asked to fail; a
    // capture first, so that there is something to pay out).
    expect((await http.post('/v2/sandbox/payouts/run', { auth: owner.bearer })).body.data).toHaveLength(1);
    await capture(http, owner, (await authorizedTransaction(http, owner)).id);
    const failedRun = await http.post('/v2/sandbox/payouts/run', { auth: owner.bearer, body: { failure_code: 'account_frozen' } });
    expect(failedRun.body.data).toEqual([expect.objectContaining({ status: 'failed' })]);

    // dispute.created, .updated (evidence with a document, then submitted) and .closed (won).
    const { dispute } = await disputedTransaction(http, owner, { body: { amount: 2_000, reason: 'not_as_described' } });
    await disputeAfter(http, owner, dispute.id, 'evidence', {
      explanation: 'winning_evidence',
      documents: [{ filename: 'receipt.pdf', content_type: 'application/pdf', data: PDF_BASE64 }],
    });
    expect((await disputeAfter(http, owner, dispute.id, 'submit')).status).toBe('won');

    // checkout.expired and transaction.expired: Evenpay notices when they are read after their time.
    const lapsing = await authorizedTransaction(http, owner, { email: 'jane+expire_fast@example.com' });
    const stale = await openCheckout(http, owner);
    await deliverAll();
    clock.advance(DAY_MS + HOUR_MS);
    expect(FAST_EXPIRY_SECONDS * SECOND_MS).toBeLessThan(DAY_MS);
    expect((await http.get(`/v2/checkouts/${stale.id}`, { auth: owner.bearer })).body.status).toBe('expired');
    expect((await http.get(`/v2/transactions/${lapsing.id}`, { auth: owner.bearer })).body.status).toBe('expired');

    // webhook_endpoint.disabled: a merchant endpoint that has failed for 4 days fails once more;
    // webhook_endpoint.enabled: the merchant enables it again.
    const failing = await Receiver.start((res) => {
      res.writeHead(503).end();
    });
    const broken = await endpointFor(owner, failing.url, ['checkout.canceled']);
    await models.WebhookEndpoint.update({ failingSince: new Date(clock.now().getTime() - 4 * DAY_MS) }, { where: { id: broken.id } });
    await canceledCheckout(http, owner);
    await deliverAll();
    expect(failing.received).toHaveLength(1);
    const enabled = await http.post(`/v2/webhook-endpoints/${broken.id}/enable`, { auth: owner.bearer });
    expect(enabled.body).toMatchObject({ id: broken.id, status: 'enabled' });
    await deliverAll();

    const types = new Set<string>();
    for (const request of receiver.received) {
      const body = JSON.parse(request.body) as { id: string; type: string };
      types.add(body.type);
      expect(oracle.headerProblems(body.type, request.headers), `${body.type} headers`).toEqual([]);
      expect(request.headers['evenpay-event-id']).toBe(body.id);
      expect(oracle.bodyProblems(body.type, body), `${body.type} body\n${request.body}`).toEqual([]);
    }
    expect([...types].sort()).toEqual([...oracle.eventTypes].sort());
  }, 120_000);
});
