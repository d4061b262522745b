// The payload of a delivery: the event as the endpoint's API version shows it.
import type { Models } from '../../data/models/index.js';
import { eventView } from './views.js';

export function eventRenderer(models: Models, publicBaseUrl: string) {
  return async (eventId: string, apiVersion: string): Promise<string> => {
    if (apiVersion !== 'v2') throw new Error(`No webhook rendering for API version ${apiVersion}`);
    const event = await models.Event.findOne({ where: { id: eventId } });
    if (!event) throw new Error(`Event ${eventId} is gone`);
    return JSON.stringify(eventView(event, publicBaseUrl));
  };
}
