// A plan the consumer chose can be withdrawn (by the operator) before the merchant authorizes:
// the authorization is then refused with 422 plan_not_available, in v2 and through v1, and
// nothing is authorized.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { makeMerchant, type TestMerchant } from '../../factories/merchants.js';
import { confirmedCheckout } from '../../factories/transactions.js';
import { appWithMerchant } from '../../helpers/app.js';
import { expectProblem } from '../../helpers/problem.js';

const { evenpay, http } = appWithMerchant('Plan Withdrawn Co');

/** A merchant of its own (its plan is withdrawn) and a checkout its consumer confirmed on monthly_12. */
async function confirmedThenWithdrawn(): Promise<{ merchant: TestMerchant; checkoutId: string }> {
  const merchant = await makeMerchant(evenpay.services.models);
  const checkout = await confirmedCheckout(http, merchant, { total: 80_000, plan_id: 'monthly_12' });
  expect(checkout.status).toBe('confirmed');
  await evenpay.services.models.PlanTerm.destroy({ where: { merchantId: merchant.id, planId: 'monthly_12' } });
  return { merchant, checkoutId: checkout.id };
}

describe('authorizing a checkout whose plan was withdrawn after the consumer chose it', () => {
  it('is refused by POST /v2/transactions with 422 plan_not_available, and the checkout stays confirmed', async () => {
    const { merchant, checkoutId } = await confirmedThenWithdrawn();
    const res = await http.post('/v2/transactions', { auth: merchant.bearer, body: { checkout_id: checkoutId }, headers: { 'Idempotency-Key': randomUUID() } });
    expectProblem(res, 422, 'plan_not_available');
    expect(res.body.detail).toBe('Plan monthly_12 is no longer offered.');
    expect((await http.get(`/v2/checkouts/${checkoutId}`, { auth: merchant.bearer })).body).toMatchObject({ status: 'confirmed' });
    expect(await evenpay.services.models.Transaction.count({ where: { checkoutId } })).toBe(0);
  });

  it('is refused by POST /v1/charges the same way', async () => {
    const { merchant, checkoutId } = await confirmedThenWithdrawn();
    const res = await http.post('/v1/charges', { auth: merchant.basic, body: { checkout_token: checkoutId } });
    expectProblem(res, 422, 'plan_not_available');
    expect(await evenpay.services.models.Transaction.count({ where: { checkoutId } })).toBe(0);
  });
});
