import type { operations } from '../../../generated/v2/client.js';
import { getEvent as find } from '../../domain/events.js';
import type { Handler } from '../../http/operation-types.js';
import { eventView } from './views.js';

/** Retrieve an event. */
export const getEvent: Handler<operations['getEvent']> = async ({ auth, params, services }) => {
  const event = await find(services.models, auth, params.eventId);
  return { status: 200, body: eventView(event, services.config.publicBaseUrl) };
};
