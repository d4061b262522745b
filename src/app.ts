// createApp builds the whole HTTP service without listening, so tests run it in-process.
// Per API version: authenticate → validate against the bundled spec → the operation's handler.
import express, { type Express, type RequestHandler } from 'express';
import helmet from 'helmet';
import type { Logger } from 'pino';
import type { Sequelize } from 'sequelize';
import type { Config } from './config.js';
import { openDatabase, poolStats } from './data/database.js';
import { DeprecationUsage } from './data/deprecation-usage.js';
import { KeyChangeFeed } from './data/key-change-feed.js';
import { defineModels, type PayoutRow } from './data/models/index.js';
import { startPresence } from './data/presence.js';
import { createUnitOfWork } from './data/unit-of-work.js';
import { isRegisteredOrigin } from './domain/allowed-origins.js';
import { expireDueCheckouts } from './domain/consumer-actions.js';
import { deprecationCatalogue } from './domain/deprecations.js';
import { settleDueDisputes } from './domain/disputes.js';
import { MerchantProfiles } from './domain/merchants.js';
import { reviewDueMerchants } from './domain/onboarding.js';
import { runPayoutSchedule } from './domain/payouts.js';
import type { SweepOutcome } from './domain/sweep.js';
import { expireLapsedAuthorizations } from './domain/transactions.js';
import { oldestDueDeliveryAgeSeconds } from './domain/webhook-deliveries.js';
import { actingMerchant } from './http/acting-merchant.js';
import { apiKeyCache, authenticate, forgetKey } from './http/auth.js';
import { preflight } from './http/cors.js';
import { deprecationGate, deprecationHeaders } from './http/deprecation.js';
import { healthRoutes } from './http/health.js';
import { IdempotencyStore } from './http/idempotency.js';
import { createLogger, requestLogging } from './http/logging.js';
import { createMetrics, requestMetrics } from './http/metrics.js';
import type { HandlerRegistry, Services } from './http/operation-types.js';
import { operationDispatcher } from './http/operations.js';
import { problemHandler, routeNotFound } from './http/problem.js';
import { createRateLimiters, rateLimit, rateLimitActingMerchant } from './http/rate-limit.js';
import { authSchemeOf, loadBundledSpec, operationMatcher, requestOperation } from './http/spec.js';
import { strictIntegerQuery } from './http/strict-parameters.js';
import { rewordValidation, validatorFor } from './http/validator.js';
import { type Clock, shiftedClock, systemClock } from './kernel/clock.js';
import { v1Handlers } from './operations/v1/index.js';
import { eventRenderer } from './operations/v2/event-payload.js';
import { v2Handlers } from './operations/v2/index.js';
import { brandAssets } from './pay/brand-assets.js';
import { embedScript } from './pay/embed-script.js';
import { hostedOnboardingPage } from './pay/onboarding-routes.js';
import { hostedCheckoutPage } from './pay/routes.js';
import { Dispatcher } from './webhooks/dispatcher.js';

export interface AppOptions {
  clock?: Clock;
  logger?: Logger;
  /** An already open database (tests share one per worker). */
  sequelize?: Sequelize;
  /** Where the bundled specs are read from (`<dir>/<version>/openapi.json`; default generated/). */
  specsDir?: string;
}

export interface EvenpayApp {
  app: Express;
  services: Services;
  logger: Logger;
  /** Delivers webhooks; started by the server (or the worker), not by createApp. */
  dispatcher: Dispatcher;
  /** Decides the sandbox merchants whose review is due (run every second by the server and the worker); their ids. */
  reviewMerchants(): Promise<string[]>;
  /** Expires open checkouts and authorizations past their time (domain/consumer-actions.ts, transactions.ts); how many. */
  expireLapsed(): Promise<number>;
  /** The daily payouts, once the day's cut-off has passed (domain/payouts.ts): safe to run often, on every process. */
  runPayoutSchedule(): Promise<PayoutRow[]>;
  /** Disputes past their deadline lost, sandbox reviews ended (domain/disputes.ts): safe to run often, on every process; how many changed (one that fails is logged and retried next time). */
  settleDueDisputes(): Promise<number>;
  /** Shutdown has begun: /readyz fails and every answer closes its connection. */
  startDraining(): void;
  close(): Promise<void>;
}

const versions: Array<{ version: string; handlers: HandlerRegistry<never> | object }> = [
  { version: 'v1', handlers: v1Handlers },
  { version: 'v2', handlers: v2Handlers },
];

export async function createApp(config: Config, options: AppOptions = {}): Promise<EvenpayApp> {
  const logger = options.logger ?? createLogger(config.logLevel);
  const sequelize = options.sequelize ?? (await openDatabase(config.databaseUrl, config.databaseTuning));
  const models = defineModels(sequelize);
  const clock = options.clock ?? (config.startClockAt ? shiftedClock(config.startClockAt) : systemClock);
  const uow = createUnitOfWork(sequelize);
  const specs = Object.fromEntries(versions.map(({ version }) => [version, loadBundledSpec(version, options.specsDir)]));
  const deprecations = deprecationCatalogue(specs);
  const cache = { ttlMs: config.cacheTtlMs, clock };
  const presence = await startPresence(sequelize, (err) =>
    logger.warn({ err }, "presence lock unavailable: other processes may take over this one's Idempotency-Key claims"),
  );
  const services: Services = {
    config,
    sequelize,
    models,
    uow,
    clock,
    presence,
    idempotency: new IdempotencyStore(models, uow, clock, presence),
    merchantProfiles: new MerchantProfiles(models, cache),
    deprecations,
    deprecationUsage: new DeprecationUsage(sequelize, uow),
    metrics: createMetrics({
      webhookQueueAgeSeconds: () => oldestDueDeliveryAgeSeconds({ models, uow, clock }),
      pool: () => poolStats(sequelize),
    }),
  };

  // Verified API keys, cached; a revoked or rolled key is dropped from every replica's cache
  // before the change is acknowledged (data/key-change-feed.ts).
  const keys = apiKeyCache(models, cache);
  const keyChanges = new KeyChangeFeed(sequelize, (change) => forgetKey(keys, change));
  keyChanges.start();
  const limiters = await createRateLimiters(config.rateLimit, sequelize);
  const app = express();
  app.disable('x-powered-by');
  // No ETag (nor 304) but where an operation documents them (http/conditional.ts); the docs' static files keep their own.
  app.disable('etag');
  app.set('query parser', 'extended');
  app.set('trust proxy', false);
  const operationOf = requestOperation(specs);
  app.use(requestMetrics(services.metrics, operationOf));
  app.use(requestLogging(logger));
  // Security headers everywhere; the docs keep their inline Redoc bundle, the API allows nothing.
  app.use(helmet({ contentSecurityPolicy: false }));
  const lifecycle = { draining: false };
  app.use((_req, res, next) => {
    if (lifecycle.draining) res.set('Connection', 'close');
    next();
  });
  app.use(healthRoutes(sequelize, services.metrics, lifecycle));
  // The API's content security policy allows nothing.
  const apiSecurityHeaders = helmet.contentSecurityPolicy({ directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } });
  // Bodies are parsed for the methods that carry one; a GET with a stray body is just a GET.
  // Not `strict`: any JSON text is parsed, so a body of `true` or `"x"` reaches the validator and is
  // refused as "must be a JSON object; got true" rather than as malformed JSON.
  const json = express.json({ limit: '100kb', strict: false, type: ['application/json', 'application/*+json'] });
  const markDeprecated = deprecationHeaders({ catalogue: deprecations, operationOf, publicBaseUrl: config.publicBaseUrl, docsBaseUrl: config.docsBaseUrl });
  // An operation may take a larger body where its spec says so (`x-max-body-bytes`: dispute
  // evidence, whose documents come base64 encoded); one parser per such limit.
  const parsers = new Map<number, RequestHandler>();
  const parserFor = (bytes: number | undefined): RequestHandler => {
    if (bytes === undefined) return json;
    if (!parsers.has(bytes)) parsers.set(bytes, express.json({ limit: bytes, strict: false, type: ['application/json', 'application/*+json'] }));
    return parsers.get(bytes)!;
  };
  const parseBody: RequestHandler = (req, res, next) => {
    if (req.method === 'GET' || req.method === 'HEAD') return next();
    return parserFor(operationOf(req)?.maxBodyBytes)(req, res, next);
  };
  // A browser's preflight for an operation it calls with the publishable key (http/cors.ts).
  const operationAt = operationMatcher(specs);
  app.use(preflight(operationAt, (origin) => isRegisteredOrigin(models, origin)));
  for (const { version, handlers } of versions) {
    const spec = specs[version]!;
    // A path of no operation (a 404 after authentication) asks for the version's own scheme.
    const versionScheme = authSchemeOf(spec);
    // One router per version, so a request passes only its own version's middleware.
    const api = express.Router();
    api.use(
      apiSecurityHeaders,
      // First, so every answer of a deprecated operation carries the headers, a 401 included.
      markDeprecated,
      // Before the body is read: an unauthenticated caller gets nothing parsed, and every answer
      // after this point (a 400 malformed_json, a 413 too) carries the RateLimit-* headers.
      authenticate(keys, (req) => operationOf(req)?.authScheme ?? versionScheme, keyChanges, clock),
      rateLimit(limiters),
      // Which merchant the request acts for (a partner's key names it in Evenpay-Merchant), and
      // that merchant's own budget.
      actingMerchant({ [version]: spec }, operationOf, (id) => services.merchantProfiles.find(id)),
      rateLimitActingMerchant(limiters),
      parseBody,
      deprecationGate(services.deprecationUsage, clock, services.metrics),
      strictIntegerQuery(spec, operationOf),
      ...validatorFor(spec, config.validateResponses),
      rewordValidation(spec, operationOf, logger),
      operationDispatcher(spec, handlers, services),
    );
    app.use(`/${version}`, api);
  }

  // The consumer's hosted checkout page (each checkout's redirect_url): HTML, no API key.
  app.use('/pay', hostedCheckoutPage(services));
  // The merchant's hosted onboarding page (each onboarding link's url): HTML, no API key.
  app.use('/onboard', hostedOnboardingPage(services));
  // Uploaded logos the hosted pages show.
  app.use('/brand-assets', brandAssets(services));
  // /js/evenpay.js, the <evenpay-message> component shops embed (embed/).
  app.use('/js', embedScript(config.embedDir));
  app.use('/docs', express.static(config.docsDir, { extensions: ['html'], fallthrough: true }));
  app.use(routeNotFound);
  app.use(problemHandler(config.docsBaseUrl, logger));

  /** A job's objects that could not be settled are logged, each retried on the job's next run. */
  const logFailures = (outcome: SweepOutcome, job: string): SweepOutcome => {
    for (const { id, error } of outcome.failed) logger.warn({ err: error, objectId: id, job }, `${job}: ${id} could not be settled; retried on the next run`);
    return outcome;
  };

  const dispatcher = new Dispatcher({
    models,
    uow,
    clock,
    logger,
    render: eventRenderer(models, config.publicBaseUrl),
    allowLocalhostForSandbox: config.allowLocalhostWebhooks,
    timeoutMs: config.webhookTimeoutMs,
    onOutcome: (outcome) => services.metrics.webhookDeliveries.inc({ outcome }),
  });

  return {
    app,
    services,
    logger,
    dispatcher,
    reviewMerchants: async () => {
      const { changedIds } = logFailures(await reviewDueMerchants({ models, uow, clock }), 'merchant review');
      for (const id of changedIds) services.merchantProfiles.forget(id);
      return changedIds;
    },
    expireLapsed: async () => {
      const context = { models, uow, clock };
      const [checkouts, authorizations] = await Promise.all([expireDueCheckouts(context), expireLapsedAuthorizations(context)]);
      return logFailures(checkouts, 'checkout expiry').changed + logFailures(authorizations, 'authorization expiry').changed;
    },
    runPayoutSchedule: () => runPayoutSchedule({ models, uow, clock }, { cutoffUtc: config.payoutCutoffUtc }),
    settleDueDisputes: async () => logFailures(await settleDueDisputes({ models, uow, clock }), 'dispute deadline').changed,
    startDraining: () => {
      lifecycle.draining = true;
    },
    close: async () => {
      keyChanges.stop();
      await dispatcher.stop();
      await services.idempotency.flushReleases();
      await presence.close();
      await services.deprecationUsage.flush();
      if (!options.sequelize) await sequelize.close();
    },
  };
}
