import type { operations } from '../../../generated/v2/client.js';
import { getEvent as find } from '../../domain/events.js';
import type { Handler } from '../../http/operation-types.js';
import { readContext, subscriberOf } from '../contexts.js';
import { eventView } from './views.js';

/** Retrieve an event. */
export const getEvent: Handler<operations['getEvent']> = async (context) => {
  const event = await find(readContext(context), subscriberOf(context), { id: context.params.eventId });
  return { status: 200, body: eventView(event, context.services.config.publicBaseUrl) };
};
