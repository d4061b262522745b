// Target (a): bare node:http answering "hello" — the ceiling of what this machine and the load
// generator reach with no framework at all.
import { createServer } from 'node:http';
import { serve } from './ready.js';

const server = createServer((_req, res) => {
  res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8' });
  res.end('hello');
});
server.listen(0, '127.0.0.1');
await serve(server);
