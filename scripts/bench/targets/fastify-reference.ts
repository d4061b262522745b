// Target (g): what a performance-first stack gets for the same GET /v2/transactions/{id} — a
// reference, never a goal. Fastify 5 with the spec's own schema for the path parameter
// (components.schemas.TransactionId of the bundled v2 spec, compiled by Fastify's Ajv), and the
// same query by id straight through the driver as (f) (raw-transaction.ts), the row as JSON.
// FLOOR_DATABASE_URL: the bench database (sqlite:<file> or mysql://…), already migrated.
import Fastify from 'fastify';
import { loadBundledSpec } from '../../../src/http/spec.js';
import { floorDatabaseUrl, transactionById } from './raw-transaction.js';
import { serve } from './ready.js';

const spec = loadBundledSpec('v2') as unknown as { components: { schemas: Record<string, object> } };
const transactions = transactionById(floorDatabaseUrl());
// The spec's schemas carry OpenAPI's `example`, which Ajv's strict mode must be told of.
const app = Fastify({ logger: false, ajv: { customOptions: { keywords: ['example'] } } });
app.get<{ Params: { transactionId: string } }>(
  '/v2/transactions/:transactionId',
  {
    schema: {
      params: {
        type: 'object',
        required: ['transactionId'],
        properties: { transactionId: spec.components.schemas.TransactionId! },
        additionalProperties: false,
      },
    },
  },
  async (request, reply) => {
    const row = await transactions.find(request.params.transactionId);
    return reply.status(row ? 200 : 404).send(row ?? {});
  },
);
await app.listen({ port: 0, host: '127.0.0.1' });
await serve(app.server, async () => {
  await app.close();
  await transactions.close();
});
