// `npm run worker`: a webhook dispatcher on its own, for running as many as the outbox needs
// beside API replicas started with WEBHOOK_DISPATCHER=off; it also runs the sandbox merchants'
// reviews, the daily payouts and disputes' deadlines (any number of processes may: each merchant is decided once, and
// paid out once a day, under a row lock).
import { createApp } from './app.js';
import { loadConfig } from './config.js';
import { migrate } from './data/migrate.js';

const config = loadConfig();
const evenpay = await createApp(config);
await migrate(evenpay.services.sequelize);
evenpay.dispatcher.start();
const reviews = setInterval(() => {
  evenpay.reviewMerchants().catch((err: unknown) => evenpay.logger.warn({ err }, 'merchant review sweep failed'));
}, 1000);
reviews.unref();
const payouts = setInterval(() => {
  evenpay.runPayoutSchedule().catch((err: unknown) => evenpay.logger.warn({ err }, 'payout schedule failed'));
}, 60_000);
payouts.unref();
const disputes = setInterval(() => {
  evenpay.settleDueDisputes().catch((err: unknown) => evenpay.logger.warn({ err }, 'dispute sweep failed'));
}, 30_000);
disputes.unref();
process.stdout.write(`Evenpay webhook dispatcher ${evenpay.dispatcher.workerId} running\n`);

const shutdown = (signal: string) => {
  evenpay.logger.info({ signal }, 'dispatcher shutting down');
  clearInterval(reviews);
  clearInterval(payouts);
  clearInterval(disputes);
  evenpay.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
};
process.once('SIGTERM', () => shutdown('SIGTERM'));
process.once('SIGINT', () => shutdown('SIGINT'));
