// The SDK as a partner uses it, against the real service on a real port: onboarding a merchant
// with the partner's own client, then a client made for that merchant (`merchant`) running the
// checkout flow, a call naming another merchant in its own header, and v1 with the partner key.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EvenpayApp } from '../../../src/app.js';
import { createEvenpayClient as createV1Client } from '../../../src/sdk/v1.js';
import { createEvenpayClient, EvenpayError } from '../../../src/sdk/v2.js';
import { checkoutBody } from '../../factories/checkouts.js';
import { makeMerchant, type TestMerchant } from '../../factories/merchants.js';
import { makePartner, type TestPartner } from '../../factories/partners.js';
import { startTestApp } from '../../helpers/app.js';

let evenpay: EvenpayApp;
let server: Server;
let origin: string;
let partner: TestPartner;
let other: TestMerchant;

beforeAll(async () => {
  evenpay = await startTestApp({ config: { sandboxReviewDelayMs: 0 } });
  server = createServer(evenpay.app);
  origin = await new Promise<string>((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)));
  partner = await makePartner(evenpay.services.models, { name: 'SDK Platform' });
  other = await makeMerchant(evenpay.services.models, { name: 'Second SDK Shop', partnerId: partner.id });
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await evenpay.close();
});

describe('createEvenpayClient for a partner', () => {
  it('onboards a merchant, then acts for it with `merchant`; a call may name another merchant', async () => {
    const platform = createEvenpayClient({ apiKey: partner.secretKey, baseUrl: `${origin}/v2`, maxRetries: 0 });
    const { data: created } = await platform.POST('/merchants', {
      body: { external_merchant_id: 'sdk-shop-1', legal_name: 'SDK Shop LLC', name: 'SDK Shop', country: 'US', currencies: ['USD'] },
    });
    expect(created).toMatchObject({ status: 'pending', requirements: { currently_due: ['website', 'category_code', 'support_email'] } });
    await platform.POST('/merchants/{merchantId}', {
      params: { path: { merchantId: created!.id } },
      body: { website: 'https://sdk-shop.example.com', category_code: '5941', support_email: 'help@sdk-shop.example.com' },
    });
    await evenpay.reviewMerchants();

    const shop = createEvenpayClient({ apiKey: partner.secretKey, merchant: created!.id, baseUrl: `${origin}/v2`, maxRetries: 0 });
    const { data: me } = await shop.GET('/merchant');
    expect(me).toMatchObject({ id: created!.id, status: 'active', partner: partner.id });
    const { data: checkout } = await shop.POST('/checkouts', { body: checkoutBody() });
    const { data: confirmed } = await shop.POST('/sandbox/checkouts/{checkoutId}/confirm', {
      params: { path: { checkoutId: checkout!.id } },
      body: { plan_id: 'pay_in_4' },
    });
    expect(confirmed!.status).toBe('confirmed');

    const { data: otherMe } = await shop.GET('/merchant', { params: { header: { 'Evenpay-Merchant': other.id } } });
    expect(otherMe!.id).toBe(other.id);

    // The partner's own operations take a client without `merchant`: the header is refused there.
    const refusal = await shop.GET('/merchants').catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(EvenpayError);
    expect((refusal as EvenpayError).status).toBe(400);
  });

  it('works on v1 with the partner key and no publishable key', async () => {
    const v1 = createV1Client({ secretKey: partner.secretKey, merchant: other.id, baseUrl: `${origin}/v1`, maxRetries: 0, logger: { warn: () => undefined } });
    const { data } = await v1.GET('/account');
    expect(data).toMatchObject({ merchant_id: other.id, public_api_key: '' });
  });
});
