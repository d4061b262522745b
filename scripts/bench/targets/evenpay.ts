// Targets (c), (d), (e): the Evenpay service as production runs it (createApp from src/app.ts,
// responses not validated, no logging, no webhook dispatcher), on the database in DATABASE_URL.
// The parent has already created and migrated that database and its merchant; this process only
// serves. The parent raises the rate limit (RATE_LIMIT_PER_SECOND) so the benchmark measures the
// service, not a wall of 429s.
import { createApp } from '../../../src/app.js';
import { loadConfig } from '../../../src/config.js';
import { closeServer, serve } from './ready.js';

const config = loadConfig();
const evenpay = await createApp(config);
const server = evenpay.app.listen(config.port, config.host);
// The same socket timeouts as src/server.ts.
server.requestTimeout = 30_000;
server.headersTimeout = 10_000;
server.keepAliveTimeout = 5_000;
await serve(server, async () => {
  evenpay.startDraining();
  await closeServer(server);
  await evenpay.close();
});
