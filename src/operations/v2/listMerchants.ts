import type { operations } from '../../../generated/v2/client.js';
import { pageRequest } from '../../data/pagination.js';
import { listPartnerMerchants } from '../../domain/onboarding.js';
import type { Handler } from '../../http/operation-types.js';
import { partnerOwner, readContext } from '../contexts.js';
import { merchantView } from './views.js';

/** List the partner's merchants. */
export const listMerchants: Handler<operations['listMerchants']> = async (context) => {
  const { query, services } = context;
  const owner = partnerOwner(context);
  const page = await listPartnerMerchants(readContext(context), owner, {
    page: pageRequest(query),
    externalMerchantId: query.external_merchant_id,
    status: query.status,
  });
  return {
    status: 200,
    body: {
      object: 'list',
      url: '/v2/merchants',
      has_more: page.hasMore,
      data: page.data.map(({ merchant, planTerms }) => merchantView(merchant, planTerms, owner.livemode, services.config.publicBaseUrl)),
    },
  };
};
