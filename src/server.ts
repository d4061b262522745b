// The process: migrate, seed the sandbox on first start, listen, and shut down cleanly.
import type { AddressInfo } from 'node:net';
import { createApp } from './app.js';
import { type Config, defaultPublicBaseUrl, loadConfig } from './config.js';
import { migrate } from './data/migrate.js';
import { readSandboxPublishableKey, type SeededSandbox, seedSandboxIfEmpty, writeSandboxKeys } from './seed.js';

const PURGE_EVERY_MS = 10 * 60 * 1000;
const SWEEP_EVERY_MS = 30 * 1000;
const REVIEW_EVERY_MS = 1000;
const PAYOUTS_EVERY_MS = 60_000;
const USAGE_FLUSH_EVERY_MS = 1000;

/**
 * Where users reach the API: PUBLIC_BASE_URL when it is set, else localhost on the port bound
 * (which is PORT, or the free port the system gave for PORT=0).
 */
function publicUrl(config: Config, boundPort: number): string {
  return config.publicBaseUrl === defaultPublicBaseUrl(config.port) ? defaultPublicBaseUrl(boundPort) : config.publicBaseUrl;
}

/** Every URL it shows is `baseUrl` (what users reach); the first line also names the port bound. */
function banner(listening: string, baseUrl: string, sandbox: SeededSandbox | undefined, keysFile: string | undefined): string {
  const lines = [`Evenpay API listening on ${listening}${baseUrl === listening ? '' : `, reached at ${baseUrl}`}  (docs: ${baseUrl}/docs/)`];
  if (sandbox) {
    lines.push(
      '',
      `Sandbox merchant created. Its keys are shown only now${keysFile ? ` (also saved to ${keysFile}):` : ':'}`,
      `  secret key:      ${sandbox.secretKey}`,
      `  publishable key: ${sandbox.publishableKey}`,
      '',
      'Try it:',
      `  curl -s ${baseUrl}/v2/merchant -H "Authorization: Bearer ${sandbox.secretKey}"`,
      `  demo shop (promotional messaging): ${baseUrl}/docs/demo/shop?key=${sandbox.publishableKey}`,
    );
  } else if (keysFile) {
    lines.push(`Sandbox keys: run \`source ${keysFile}\` (written on first start).`);
    // The publishable key is public (pages carry it), so every start can show the demo shop's full address.
    const publishableKey = readSandboxPublishableKey(keysFile);
    if (publishableKey) lines.push(`Demo shop (promotional messaging): ${baseUrl}/docs/demo/shop?key=${publishableKey}`);
  }
  return lines.join('\n');
}

async function main(): Promise<void> {
  const config = loadConfig();
  const evenpay = await createApp(config);
  const { services, logger } = evenpay;
  const applied = await migrate(services.sequelize);
  if (applied.length) logger.info({ migrations: applied }, 'migrations applied');
  const sandbox = config.seedSandbox ? await seedSandboxIfEmpty(services) : undefined;
  // Written before listening, so that the keys (stored hashed only) survive a port in use.
  if (sandbox && config.sandboxKeysFile) writeSandboxKeys(config.sandboxKeysFile, sandbox, config.publicBaseUrl);

  if (config.webhookDispatcher) evenpay.dispatcher.start();
  const server = evenpay.app.listen(config.port, config.host);
  // A request gets 30 s end to end and 10 s to send its headers (slow-loris); idle keep-alive 5 s.
  server.requestTimeout = 30_000;
  server.headersTimeout = 10_000;
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => server.once('listening', resolve).once('error', reject));
  const { port } = server.address() as AddressInfo;
  const baseUrl = publicUrl(config, port);
  // With PORT=0 the port is known only now: EVENPAY_API_BASE is the URL the banner shows.
  if (sandbox && config.sandboxKeysFile && baseUrl !== config.publicBaseUrl) writeSandboxKeys(config.sandboxKeysFile, sandbox, baseUrl);
  process.stdout.write(`${banner(`http://localhost:${port}`, baseUrl, sandbox, config.sandboxKeysFile)}\n`);

  const purge = setInterval(() => {
    services.idempotency.purgeExpired().catch((err: unknown) => logger.warn({ err }, 'idempotency purge failed'));
  }, PURGE_EVERY_MS);
  purge.unref();
  // Expiry (and a dispute's missed deadline) is also applied whenever an object is read or
  // changed; the sweep makes sure their events exist even for objects nobody touches.
  const sweep = setInterval(() => {
    Promise.all([evenpay.expireLapsed(), evenpay.settleDueDisputes()]).catch((err: unknown) => logger.warn({ err }, 'expiry sweep failed'));
  }, SWEEP_EVERY_MS);
  sweep.unref();
  // Sandbox merchants' reviews, due a few seconds after they owe nothing (domain/onboarding.ts).
  const reviews = setInterval(() => {
    evenpay.reviewMerchants().catch((err: unknown) => logger.warn({ err }, 'merchant review sweep failed'));
  }, REVIEW_EVERY_MS);
  reviews.unref();
  // The daily payouts, once the cut-off has passed (the workers run it too: each merchant is paid
  // out once per day, under a row lock).
  const payouts = setInterval(() => {
    evenpay.runPayoutSchedule().catch((err: unknown) => logger.warn({ err }, 'payout schedule failed'));
  }, PAYOUTS_EVERY_MS);
  payouts.unref();
  // Deprecated-operation usage is counted in memory and written in batches.
  const flushUsage = setInterval(() => {
    services.deprecationUsage.flush().catch((err: unknown) => logger.warn({ err }, 'deprecation usage flush failed'));
  }, USAGE_FLUSH_EVERY_MS);
  flushUsage.unref();

  // SIGTERM: first drain (readiness fails so the load balancer stops sending, answers carry
  // `Connection: close` so no keep-alive socket is left to reset), then stop accepting, let
  // in-flight requests finish, stop the dispatcher, flush usage counts and close the pool.
  let shuttingDown = false;
  const shutdown = (signal: string) => {
    if (shuttingDown) return;
    shuttingDown = true;
    logger.info({ signal, drain_ms: config.shutdownDrainMs }, 'shutting down');
    evenpay.startDraining();
    clearInterval(purge);
    clearInterval(sweep);
    clearInterval(reviews);
    clearInterval(payouts);
    clearInterval(flushUsage);
    const force = setTimeout(() => process.exit(1), config.shutdownDrainMs + 30_000);
    force.unref();
    setTimeout(() => {
      server.close(() => {
        evenpay.close().then(
          () => process.exit(0),
          () => process.exit(1),
        );
      });
      server.closeIdleConnections();
    }, config.shutdownDrainMs);
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}

main().catch((err: unknown) => {
  process.stderr.write(`Evenpay failed to start: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
