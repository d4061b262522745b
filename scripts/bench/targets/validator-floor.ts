// Target (f): the floor of this design for (c) GET /v2/transactions/{id}. Bare Express 5, the
// same express-openapi-validator middleware the service mounts (src/http/validator.ts, the
// bundled v2 spec), and one query by id straight through the driver (mysql2 prepared statement,
// or sqlite3), answering the row as JSON. No authentication, rate limit, logging, metrics,
// security headers, ORM or view: whatever (c) costs beyond this is the service's own.
// FLOOR_DATABASE_URL: the bench database (sqlite:<file> or mysql://…), already migrated.
import express from 'express';
import mysql from 'mysql2';
import sqlite3 from 'sqlite3';
import { loadBundledSpec } from '../../../src/http/spec.js';
import { validatorFor } from '../../../src/http/validator.js';
import { serve } from './ready.js';

type Row = Record<string, unknown> | undefined;
const SQL = 'SELECT * FROM transactions WHERE id = ? LIMIT 1';

function transactionById(url: string): { find(id: string): Promise<Row>; close(): Promise<void> } {
  if (url.startsWith('sqlite:')) {
    const db = new sqlite3.Database(url.slice('sqlite:'.length));
    return {
      find: (id) => new Promise((resolve, reject) => db.get(SQL, [id], (err, row) => (err ? reject(err) : resolve(row as Row)))),
      close: () => new Promise((resolve) => db.close(() => resolve())),
    };
  }
  const pool = mysql.createPool({ uri: url.replace(/^mariadb:/, 'mysql:'), connectionLimit: 10 });
  return {
    find: (id) => new Promise((resolve, reject) => pool.execute(SQL, [id], (err, rows) => (err ? reject(err) : resolve((rows as Row[])[0])))),
    close: () => new Promise((resolve) => pool.end(() => resolve())),
  };
}

const url = process.env.FLOOR_DATABASE_URL;
if (!url) throw new Error('FLOOR_DATABASE_URL is required');
const transactions = transactionById(url);
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
