// v1 answers money movements with the event they produced. The transaction row is locked for the
// whole database transaction, so its newest event is the one this request just wrote.
import type { Transaction } from 'sequelize';
import type { EventRow, Models } from '../../data/models/index.js';

export async function latestEventOf(models: Models, objectId: string, transaction: Transaction | undefined): Promise<EventRow> {
  const event = await models.Event.findOne({ where: { objectId }, order: [['seq', 'DESC']], transaction });
  if (!event) throw new Error(`No event recorded for ${objectId}`);
  return event;
}
