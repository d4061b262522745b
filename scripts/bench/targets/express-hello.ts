// Target (b): bare Express 5 answering "hello" — the baseline every Evenpay endpoint's
// throughput is divided by (same machine, same run, same load generator).
import express from 'express';
import { serve } from './ready.js';

const app = express();
app.disable('x-powered-by');
app.get('/', (_req, res) => {
  res.type('text/plain').send('hello');
});
await serve(app.listen(0, '127.0.0.1'));
