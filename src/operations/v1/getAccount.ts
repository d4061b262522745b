import type { operations } from '../../../generated/v1/client.js';
import type { Handler } from '../../http/operation-types.js';

/** Retrieve the account (v1 shape of the v2 merchant). */
export const getAccount: Handler<operations['getAccount']> = async ({ auth, services }) => {
  const { merchant } = await services.merchantProfiles.load(auth.merchantId);
  return {
    status: 200,
    body: {
      merchant_id: merchant.id,
      merchant_name: merchant.name,
      public_api_key: auth.publishableKey ?? '',
      sandbox: !auth.livemode,
      currency: merchant.currencies[0] ?? 'USD',
      created_at: Math.floor(merchant.createdAt.getTime() / 1000),
    },
  };
};
