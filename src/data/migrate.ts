// Schema changes are umzug migrations, applied in order and recorded in `schema_migrations`.
// Listed here explicitly (not globbed) so the same list works under tsx, tsc output and bundlers.
import type { QueryInterface, Sequelize } from 'sequelize';
import { SequelizeStorage, Umzug } from 'umzug';
import * as initial from './migrations/0001-initial.js';
import * as transactionsAndEvents from './migrations/0002-transactions-and-events.js';
import * as deprecatedUsage from './migrations/0003-deprecated-usage.js';
import * as webhooks from './migrations/0004-webhooks.js';
import * as idempotencyLease from './migrations/0005-idempotency-lease.js';
import * as partners from './migrations/0006-partners.js';
import * as merchantOnboarding from './migrations/0007-merchant-onboarding.js';
import * as partnerWebhooks from './migrations/0008-partner-webhooks.js';
import * as apiKeyLifecycle from './migrations/0009-api-key-lifecycle.js';
import * as onboardingLinks from './migrations/0010-onboarding-links.js';
import * as branding from './migrations/0011-branding.js';
import * as ledger from './migrations/0012-ledger.js';
import * as payouts from './migrations/0013-payouts.js';
import * as disputes from './migrations/0014-disputes.js';
import * as checkoutOrderIndex from './migrations/0015-checkout-order-index.js';
import * as allowedOrigins from './migrations/0016-allowed-origins.js';

const migrations = [
  { name: '0001-initial', ...initial },
  { name: '0002-transactions-and-events', ...transactionsAndEvents },
  { name: '0003-deprecated-usage', ...deprecatedUsage },
  { name: '0004-webhooks', ...webhooks },
  { name: '0005-idempotency-lease', ...idempotencyLease },
  { name: '0006-partners', ...partners },
  { name: '0007-merchant-onboarding', ...merchantOnboarding },
  { name: '0008-partner-webhooks', ...partnerWebhooks },
  { name: '0009-api-key-lifecycle', ...apiKeyLifecycle },
  { name: '0010-onboarding-links', ...onboardingLinks },
  { name: '0011-branding', ...branding },
  { name: '0012-ledger', ...ledger },
  { name: '0013-payouts', ...payouts },
  { name: '0014-disputes', ...disputes },
  { name: '0015-checkout-order-index', ...checkoutOrderIndex },
  { name: '0016-allowed-origins', ...allowedOrigins },
];

export function migrator(sequelize: Sequelize): Umzug<QueryInterface> {
  return new Umzug({
    migrations,
    context: sequelize.getQueryInterface(),
    storage: new SequelizeStorage({ sequelize, tableName: 'schema_migrations' }),
    logger: undefined,
  });
}

export async function migrate(sequelize: Sequelize): Promise<string[]> {
  const applied = await migrator(sequelize).up();
  return applied.map((m) => m.name);
}

/** True when every known migration has been applied (readiness). */
export async function migrationsCurrent(sequelize: Sequelize): Promise<boolean> {
  return (await migrator(sequelize).pending()).length === 0;
}
