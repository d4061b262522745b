import type { operations } from '../../../generated/v2/client.js';
import { pageRequest } from '../../data/pagination.js';
import { listKeys } from '../../domain/key-management.js';
import type { Handler } from '../../http/operation-types.js';
import { readContext, subscriberOf } from '../contexts.js';
import { apiKeyView } from './api-key-views.js';

/** List API keys: a merchant's, or (a partner naming no merchant) the partner's own. */
export const listApiKeys: Handler<operations['listApiKeys']> = async (context) => {
  const now = context.services.clock.now();
  const page = await listKeys(readContext(context), subscriberOf(context), { page: pageRequest(context.query) });
  return { status: 200, body: { object: 'list', url: '/v2/api-keys', has_more: page.hasMore, data: page.data.map((key) => apiKeyView(key, now)) } };
};
