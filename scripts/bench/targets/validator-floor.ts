// Target (f): the floor of this design for (c) GET /v2/transactions/{id}. Bare Express 5, the
// same express-openapi-validator middleware the service mounts (src/http/validator.ts, the
// bundled v2 spec), and one query by id straight through the driver (raw-transaction.ts),
// answering the row as JSON. No authentication, rate limit, logging, metrics, security headers,
// ORM or view: whatever (c) costs beyond this is the service's own.
// FLOOR_DATABASE_URL: the bench database (sqlite:<file> or mysql://…), already migrated.
import express from 'express';
import { loadBundledSpec } from '../../../src/http/spec.js';
import { validatorFor } from '../../../src/http/validator.js';
import { floorDatabaseUrl, transactionById } from './raw-transaction.js';
import { serve } from './ready.js';

const transactions = transactionById(floorDatabaseUrl());
const app = express();
app.disable('x-powered-by');
app.set('query parser', 'extended');
const api = express.Router();
api.use(...validatorFor(loadBundledSpec('v2'), false), async (req, res) => {
  const row = await transactions.find(req.openapi!.pathParams.transactionId!);
  res.status(row ? 200 : 404).json(row ?? {});
});
app.use('/v2', api);
const server = app.listen(0, '127.0.0.1');
await serve(server, async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await transactions.close();
});
