// The protocol between a benchmark target (a child process) and scripts/bench/run.ts: once
// listening, the child prints one line `BENCH_READY {"port":…,"pid":…}` on stdout; on SIGTERM it
// closes and exits.
import { once } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export const READY_PREFIX = 'BENCH_READY ';

/** Waits for `server` (already told to listen) to listen, announces its port, and closes it on SIGTERM. */
export async function serve(server: Server, close: () => Promise<void> = () => closeServer(server)): Promise<void> {
  if (!server.listening) await once(server, 'listening');
  const stop = () => {
    setTimeout(() => process.exit(1), 5_000).unref();
    const closed = close();
    server.closeAllConnections();
    closed.then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  const { port } = server.address() as AddressInfo;
  process.stdout.write(`${READY_PREFIX}${JSON.stringify({ port, pid: process.pid })}\n`);
}

export function closeServer(server: Server): Promise<void> {
  return new Promise<void>((resolve) => server.close(() => resolve()));
}
