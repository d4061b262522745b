// Everything the service reads from the environment, read once, in one place.
import path from 'node:path';
import type { DatabaseTuning } from './data/database.js';
import { generatedDir, projectRoot } from './paths.js';

export interface Config {
  /** `sqlite:data/evenpay.sqlite` by default; `mysql://user:pass@host:3306/db` for MySQL/MariaDB. */
  databaseUrl: string;
  /** How long a request waits for the database before it answers 503 (SQLite busy timeout, MySQL pool). */
  databaseTuning: DatabaseTuning;
  port: number;
  host: string;
  /** Where partners reach this service (PUBLIC_BASE_URL, else `http://localhost:$PORT`): redirect URLs, Location headers, the start banner, data/sandbox.env. */
  publicBaseUrl: string;
  /** Base of the published docs; problem `type` URIs point into `<docsBaseUrl>/errors`. */
  docsBaseUrl: string;
  /** How long an authorization can be captured (AUTHORIZATION_TTL_DAYS, default 30). */
  authorizationTtlMs: number;
  /** Validate every response against the spec (development and tests). */
  validateResponses: boolean;
  logLevel: string;
  /** Seed a sandbox merchant on an empty database and print its keys. */
  seedSandbox: boolean;
  /** The built docs site served at /docs (`npm run docs` writes it). */
  docsDir: string;
  /** The built embeddable script served at /js (`npm run build:js` writes it; EMBED_DIR moves it). */
  embedDir: string;
  /** Run the webhook dispatcher inside this process (`npm start`); `npm run worker` runs one alone. */
  webhookDispatcher: boolean;
  /** Per delivery attempt. */
  webhookTimeoutMs: number;
  /** Sandbox endpoints may be on localhost (never in production). */
  allowLocalhostWebhooks: boolean;
  /** Requests per second per API key, and where the counts live (`database` shares them across MySQL replicas). */
  rateLimit: { perSecond: number; store: 'memory' | 'database' };
  /** How long API keys and merchant profiles stay cached in each replica (CACHE_TTL_MS, default 30 s; 0 = off): how long a change made in the database takes to reach every replica. */
  cacheTtlMs: number;
  /** On SIGTERM, keep answering (readiness failing, `Connection: close`) this long before closing. */
  shutdownDrainMs: number;
  /** Start the service's clock at this instant (EVENPAY_NOW; sandbox only): to try brownouts, sunsets and expiry. */
  startClockAt: string | undefined;
  /** Where the first start writes the sandbox keys for `source` (never in production). */
  sandboxKeysFile: string | undefined;
  /** How long after a sandbox merchant owes nothing its review runs (SANDBOX_REVIEW_DELAY_MS, default 2 s), as a real review takes time. */
  sandboxReviewDelayMs: number;
  /** The daily payout cut-off, `HH:MM` UTC (PAYOUT_CUTOFF_UTC, default 00:00): entries available by then are paid out after it. */
  payoutCutoffUtc: string;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = Number(env.PORT ?? 3000);
  const host = env.HOST ?? '127.0.0.1';
  const production = env.NODE_ENV === 'production';
  const publicBaseUrl = (env.PUBLIC_BASE_URL || defaultPublicBaseUrl(port)).replace(/\/$/, '');
  return {
    databaseUrl: env.DATABASE_URL ?? `sqlite:${path.join('data', 'evenpay.sqlite')}`,
    databaseTuning: {
      busyTimeoutMs: integerSetting(env, 'SQLITE_BUSY_TIMEOUT_MS', 15_000, 0, 600_000),
      poolMax: integerSetting(env, 'DATABASE_POOL_MAX', 10, 1, 1_000),
      poolAcquireMs: integerSetting(env, 'DATABASE_POOL_ACQUIRE_MS', 30_000, 1, 600_000),
    },
    port,
    host,
    publicBaseUrl,
    docsBaseUrl: (env.DOCS_BASE_URL ?? `${publicBaseUrl}/docs`).replace(/\/$/, ''),
    docsDir: env.DOCS_DIR ? path.resolve(env.DOCS_DIR) : path.join(generatedDir, 'docs'),
    embedDir: env.EMBED_DIR ? path.resolve(env.EMBED_DIR) : path.join(projectRoot, 'build', 'embed'),
    authorizationTtlMs: Number(env.AUTHORIZATION_TTL_DAYS ?? 30) * 24 * 60 * 60 * 1000,
    validateResponses: env.VALIDATE_RESPONSES ? env.VALIDATE_RESPONSES === 'true' : !production,
    logLevel: env.LOG_LEVEL ?? (env.NODE_ENV === 'test' ? 'silent' : 'info'),
    seedSandbox: env.SEED_SANDBOX ? env.SEED_SANDBOX === 'true' : !production,
    webhookDispatcher: (env.WEBHOOK_DISPATCHER ?? 'inline') === 'inline',
    // Bounded as the spec bounds what they show: an attempt's latency_ms, RateLimit-Limit.
    webhookTimeoutMs: integerSetting(env, 'WEBHOOK_TIMEOUT_MS', 10_000, 1, 3_600_000),
    allowLocalhostWebhooks: production ? false : (env.ALLOW_LOCALHOST_WEBHOOKS ?? 'true') === 'true',
    rateLimit: {
      perSecond: integerSetting(env, 'RATE_LIMIT_PER_SECOND', 100, 1, 1_000_000),
      store: env.RATE_LIMIT_STORE === 'database' ? 'database' : 'memory',
    },
    cacheTtlMs: Number(env.CACHE_TTL_MS ?? 30_000),
    shutdownDrainMs: Number(env.SHUTDOWN_DRAIN_MS ?? (production ? 5_000 : 500)),
    startClockAt: production ? undefined : env.EVENPAY_NOW,
    sandboxKeysFile: production ? undefined : (env.SANDBOX_KEYS_FILE ?? path.join('data', 'sandbox.env')),
    sandboxReviewDelayMs: integerSetting(env, 'SANDBOX_REVIEW_DELAY_MS', 2_000, 0, 86_400_000),
    payoutCutoffUtc: utcTimeSetting(env, 'PAYOUT_CUTOFF_UTC', '00:00'),
  };
}

/** The API's base URL when PUBLIC_BASE_URL is not set. */
export function defaultPublicBaseUrl(port: number): string {
  return `http://localhost:${port}`;
}

/** A time of day, `HH:MM` in UTC, or a start-up error that names it. */
function utcTimeSetting(env: NodeJS.ProcessEnv, name: string, fallback: string): string {
  const value = env[name] || fallback;
  if (!/^([01][0-9]|2[0-3]):[0-5][0-9]$/.test(value)) throw new Error(`${name} must be a UTC time of day as HH:MM, from 00:00 to 23:59 (got ${value})`);
  return value;
}

/** A whole-number setting within bounds, or a start-up error that names it. */
function integerSetting(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const value = env[name] === undefined || env[name] === '' ? fallback : Number(env[name]);
  if (!Number.isInteger(value) || value < min || value > max) throw new Error(`${name} must be a whole number from ${min} to ${max} (got ${env[name]})`);
  return value;
}
