import { Readable } from 'node:stream';
import type { operations } from '../../../generated/v2/client.js';
import { settlementLines } from '../../domain/settlement-report.js';
import type { Handler } from '../../http/operation-types.js';
import { readContext, subscriberOf } from '../contexts.js';
import { settlementCsv, settlementLineView } from './settlement-views.js';

/** Settlement report: streamed as CSV (csv-stringify) or as JSON, a page of entries at a time. */
export const getSettlementReport: Handler<operations['getSettlementReport']> = async (context) => {
  const { query, caller } = context;
  const scope = subscriberOf(context);
  const period = { from: new Date(query.from), to: new Date(query.to) };
  // A partner sees its share of each fee; a merchant's own key does not.
  const pages = settlementLines(readContext(context), scope, period, { withPartnerShare: caller.partnerId !== null });
  async function* lines() {
    for await (const page of pages) yield* page.map(settlementLineView);
  }
  if (context.accepts(['application/json', 'text/csv']) === 'text/csv') {
    const source = Readable.from(lines());
    const csv = settlementCsv();
    // pipe() does not pass a failure on: the response would wait for an end that never comes.
    source.on('error', (error) => csv.destroy(error));
    return { status: 200, contentType: 'text/csv', stream: source.pipe(csv) };
  }
  async function* json() {
    const head = { object: 'settlement_report', livemode: caller.livemode, from: period.from.toISOString(), to: period.to.toISOString() };
    yield `${JSON.stringify(head).slice(0, -1)},"lines":[`;
    let first = true;
    for await (const line of lines()) {
      yield `${first ? '' : ','}${JSON.stringify(line)}`;
      first = false;
    }
    yield ']}';
  }
  return { status: 200, contentType: 'application/json', stream: Readable.from(json()) };
};
