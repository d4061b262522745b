// The published spec loads in Postman as it is, and what Postman then sends works: each version is
// converted with openapi-to-postmanv2, arranged into a partner's flow (ids chained through the
// collection's variables) and run with newman against the service on a real port. Every request
// answers a status its operation documents (the collection's own tests), each step gets what the
// flow needs, and every answer also passes the spec oracle (and counts for status coverage).
import { describe, expect, inject, it } from 'vitest';
import { servedAppWithMerchant } from '../helpers/app.js';
import { runPostmanFlow } from '../helpers/postman.js';
import { assertConformsToSpec } from '../helpers/spec-oracle.js';
import { recordStatus } from '../helpers/status-coverage.js';

const { merchant, server } = servedAppWithMerchant('Postman Co');

describe.each(['v2', 'v1'])('the %s spec converted by openapi-to-postmanv2 and run by newman', (version) => {
  it('answers every request with a documented status, chaining ids from step to step', async () => {
    const { exchanges, flow } = await runPostmanFlow({
      version,
      baseUrl: server.origin,
      secretKey: merchant.secretKey,
      publishableKey: merchant.publishableKey,
    });
    expect(exchanges.map((exchange) => exchange.name)).toEqual(flow.collection.item.map((item: { name: string }) => item.name));
    for (const exchange of exchanges) recordStatus(inject('statusCoverageDir'), assertConformsToSpec(exchange.method, exchange.url, exchange));
    const wrong = exchanges.filter((exchange) => exchange.failures.length || !flow.expected[exchange.name]!(exchange.status));
    expect(
      wrong.map((exchange) => `${exchange.name} → ${exchange.status} ${exchange.failures.join('; ')} ${JSON.stringify(exchange.body).slice(0, 200)}`),
    ).toEqual([]);
  });
});
