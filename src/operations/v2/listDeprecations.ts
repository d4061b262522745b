import type { operations } from '../../../generated/v2/client.js';
import type { Handler } from '../../http/operation-types.js';
import { deprecationView } from './views.js';

/** List deprecated operations and your use of them. */
export const listDeprecations: Handler<operations['listDeprecations']> = async ({ auth, services }) => {
  const now = services.clock.now();
  // This process's pending counts first, so a merchant sees the call it just made.
  await services.deprecationUsage.flush();
  const totals = await services.deprecationUsage.totals(now, auth.merchantId);
  return {
    status: 200,
    body: {
      object: 'list',
      url: '/v2/deprecations',
      has_more: false,
      data: services.deprecations.map((operation) =>
        deprecationView(
          operation,
          totals.find((t) => t.operationId === operation.operationId),
          now,
        ),
      ),
    },
  };
};
