// The operator's command line (`npm run operator -- …`), on DATABASE_URL: create and list
// partners, issue their secret keys, create merchants directly (a partner's or Evenpay's own) and
// list them. Secrets are printed once and stored hashed. Every command takes `--json` for
// scripts; exit codes: 0 done, 1 refused or failed (the message says why), 2 a usage error.
// Written with commander (parsing, --help, usage errors); runOperator is the whole CLI without a
// process, so tests run it in-process too.
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import type { Sequelize } from 'sequelize';
import { type Config, loadConfig } from './config.js';
import { openDatabase } from './data/database.js';
import { migrate } from './data/migrate.js';
import { defineModels } from './data/models/index.js';
import { createUnitOfWork } from './data/unit-of-work.js';
import { setPartnerBranding } from './domain/branding.js';
import type { ReadContext, WriteContext } from './domain/context.js';
import { DISPUTE_REASONS, type DisputeReason, decideDispute, openDispute } from './domain/disputes.js';
import { MAX_FEE_BPS } from './domain/fees.js';
import { createMerchantWithKeys, listMerchants } from './domain/merchants.js';
import { isCurrencyCode } from './domain/money.js';
import { decideReview, type Requirement } from './domain/onboarding.js';
import { createPartner, issuePartnerKey, listPartners } from './domain/partners.js';
import { settlementLines } from './domain/settlement-report.js';
import { systemClock } from './kernel/clock.js';
import { AppError } from './kernel/errors.js';
import { SETTLEMENT_COLUMNS, settlementCsvPage, settlementLineView } from './operations/v2/settlement-views.js';

export interface OperatorIo {
  out(text: string): void;
  err(text: string): void;
}

type Json = Record<string, unknown>;

/** What a command prints: `json` with --json, else `lines` for a person. */
interface Outcome {
  json: Json;
  lines: string[];
}

const SHOWN_ONCE = 'Secret keys are shown only now: store them in your secret manager.';

function currencies(value: string, previous: string[] = []): string[] {
  const code = value.toUpperCase();
  if (!isCurrencyCode(code)) throw new InvalidArgumentError(`${value} is not an ISO 4217 currency code (e.g. USD).`);
  return [...previous, code];
}

function instant(value: string): Date {
  const at = new Date(value);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(value) || Number.isNaN(at.getTime()))
    throw new InvalidArgumentError(`${value} is not an ISO 8601 instant (e.g. 2026-11-01T00:00:00Z).`);
  return at;
}

function basisPoints(value: string): number {
  if (!/^[0-9]{1,5}$/.test(value) || Number(value) > MAX_FEE_BPS)
    throw new InvalidArgumentError(`${value} is not a whole number of basis points from 0 to ${MAX_FEE_BPS}.`);
  return Number(value);
}

/** Runs `work` against the database: migrated first, closed after. */
async function withDatabase<T>(
  config: Config,
  work: (read: ReadContext, write: <R>(fn: (context: WriteContext) => Promise<R>) => Promise<R>) => Promise<T>,
): Promise<T> {
  const sequelize: Sequelize = await openDatabase(config.databaseUrl, config.databaseTuning);
  try {
    await migrate(sequelize);
    const models = defineModels(sequelize);
    const uow = createUnitOfWork(sequelize);
    const read: ReadContext = { models, uow, clock: systemClock };
    const write = <R>(fn: (context: WriteContext) => Promise<R>) =>
      uow.transaction((transaction) => fn({ models, clock: systemClock, transaction, requestId: null }));
    return await work(read, write);
  } finally {
    await sequelize.close();
  }
}

export async function runOperator(argv: string[], io: OperatorIo, config: Config = loadConfig()): Promise<number> {
  let outcome: Outcome | undefined;
  const program = new Command('operator')
    .description('Operate Evenpay: partners, their keys, merchants. Acts on DATABASE_URL.')
    .exitOverride()
    .configureOutput({ writeOut: (text) => io.out(text.trimEnd()), writeErr: (text) => io.err(text.trimEnd()) })
    .showHelpAfterError('(add --help for usage)');
  const json = () => new Option('--json', 'print the result as JSON');
  const run = (action: (read: ReadContext, write: <R>(fn: (context: WriteContext) => Promise<R>) => Promise<R>) => Promise<Outcome>) => async () => {
    outcome = await withDatabase(config, action);
  };

  const partners = program.command('partners').description('platforms that embed Evenpay for their merchants');
  partners
    .command('create')
    .description('create a partner and its test secret key (the key is shown once)')
    .requiredOption('--name <name>', 'the partner\'s name, e.g. "Acme Commerce"')
    .addOption(
      new Option('--revenue-share-bps <bps>', "the partner's share of the merchant fee on its merchants' transactions, in basis points of the fee")
        .argParser(basisPoints)
        .default(0),
    )
    .addOption(json())
    .action(async (options: { name: string; revenueShareBps: number }) =>
      run(async (_read, write) => {
        const { partner, key } = await write(async (context) => {
          const partner = await createPartner(context, { name: options.name, revenueShareBps: options.revenueShareBps });
          return { partner, key: await issuePartnerKey(context, { partnerId: partner.id }, { livemode: false }) };
        });
        return {
          json: {
            id: partner.id,
            object: 'partner',
            name: partner.name,
            revenue_share_bps: partner.revenueShareBps,
            created: partner.createdAt.toISOString(),
            key_id: key.id,
            secret_key: key.token,
            livemode: false,
          },
          lines: [`Created partner ${partner.id} (${partner.name}).`, `Test secret key ${key.id}: ${key.token}`, SHOWN_ONCE],
        };
      })(),
    );
  partners
    .command('list')
    .description('list every partner, oldest first')
    .addOption(json())
    .action(async () =>
      run(async (read) => {
        const rows = await listPartners(read);
        const data = rows.map(({ partner, merchants }) => ({
          id: partner.id,
          object: 'partner',
          name: partner.name,
          merchants,
          created: partner.createdAt.toISOString(),
        }));
        return {
          json: { object: 'list', data },
          lines: data.length ? data.map((p) => `${p.id}  ${p.name}  (${p.merchants} merchant${p.merchants === 1 ? '' : 's'})`) : ['No partners yet.'],
        };
      })(),
    );
  partners
    .command('keys')
    .description('issue another secret key for a partner (shown once)')
    .argument('<partnerId>', 'the partner, ptn_…')
    .option('--live', 'a live-mode key (default: test mode)')
    .addOption(json())
    .action(async (partnerId: string, options: { live?: boolean }) =>
      run(async (_read, write) => {
        const livemode = options.live === true;
        const key = await write((context) => issuePartnerKey(context, { partnerId }, { livemode }));
        return {
          json: { id: key.id, object: 'partner_key', partner: partnerId, livemode, secret_key: key.token },
          lines: [`${livemode ? 'Live' : 'Test'} secret key ${key.id} for ${partnerId}: ${key.token}`, SHOWN_ONCE],
        };
      })(),
    );
  partners
    .command('brand')
    .description("set the partner's branding on the hosted onboarding page (and its merchants' checkout pages when they have none)")
    .argument('<partnerId>', 'the partner, ptn_…')
    .option('--color <hex>', 'the brand colour, #RRGGBB (white text on it must stay readable)')
    .option('--logo-url <url>', 'an https:// URL of its logo')
    .addOption(json())
    .action(async (partnerId: string, options: { color?: string; logoUrl?: string }) =>
      run(async (_read, write) => {
        const partner = await write((context) =>
          setPartnerBranding(context, {
            partnerId,
            ...(options.color ? { primaryColor: options.color } : {}),
            ...(options.logoUrl ? { logoUrl: options.logoUrl } : {}),
          }),
        );
        return {
          json: { id: partner.id, object: 'partner', name: partner.name, branding: { primary_color: partner.brandColor, logo_url: partner.logoUrl } },
          lines: [`Branding of ${partner.id} (${partner.name}): colour ${partner.brandColor ?? 'none'}, logo ${partner.logoUrl ?? 'none'}.`],
        };
      })(),
    );

  const merchants = program.command('merchants').description('the businesses that offer Evenpay to their consumers');
  merchants
    .command('create')
    .description('create a merchant directly, with its test keys (and live keys with --live); shown once')
    .requiredOption('--name <name>', "the merchant's name as consumers see it")
    .option('--partner <partnerId>', 'the partner it belongs to, ptn_…')
    .option('--currency <code>', 'a currency it accepts (repeat for more; default USD)', currencies)
    .option('--live', 'issue its live keys too')
    .addOption(json())
    .action(async (options: { name: string; partner?: string; currency?: string[]; live?: boolean }) =>
      run(async (_read, write) => {
        const { merchant, test, live } = await write((context) =>
          createMerchantWithKeys(context, {
            name: options.name,
            ...(options.currency ? { currencies: options.currency } : {}),
            ...(options.partner ? { partnerId: options.partner } : {}),
            live: options.live === true,
          }),
        );
        const keys = (mode: string, k: { secretKey: string; publishableKey: string }) => [
          `${mode} secret key: ${k.secretKey}`,
          `${mode} publishable key: ${k.publishableKey}`,
        ];
        return {
          json: {
            id: merchant.id,
            object: 'merchant',
            name: merchant.name,
            partner: merchant.partnerId,
            currencies: merchant.currencies,
            secret_key: test.secretKey,
            publishable_key: test.publishableKey,
            ...(live ? { live_secret_key: live.secretKey, live_publishable_key: live.publishableKey } : {}),
          },
          lines: [
            `Created merchant ${merchant.id} (${merchant.name})${merchant.partnerId ? ` for ${merchant.partnerId}` : ''}, accepting ${merchant.currencies.join(', ')}.`,
            ...keys('Test', test),
            ...(live ? keys('Live', live) : []),
            SHOWN_ONCE,
          ],
        };
      })(),
    );
  merchants
    .command('list')
    .description('list merchants, oldest first')
    .option('--partner <partnerId>', "only this partner's")
    .addOption(json())
    .action(async (options: { partner?: string }) =>
      run(async (read) => {
        const rows = await listMerchants(read, { partnerId: options.partner });
        const data = rows.map((m) => ({
          id: m.id,
          object: 'merchant',
          name: m.name,
          partner: m.partnerId,
          currencies: m.currencies,
          created: m.createdAt.toISOString(),
        }));
        return {
          json: { object: 'list', data },
          lines: data.length ? data.map((m) => `${m.id}  ${m.name}  ${m.currencies.join(',')}${m.partner ? `  (${m.partner})` : ''}`) : ['No merchants yet.'],
        };
      })(),
    );
  merchants
    .command('review')
    .description("decide the review of a merchant waiting for Evenpay's (a live one: the sandbox decides its own)")
    .argument('<merchantId>', 'the merchant, mer_…')
    .addOption(new Option('--outcome <outcome>', 'the decision').choices(['active', 'restricted', 'rejected']).makeOptionMandatory())
    .addOption(new Option('--requirement <requirement>', 'restricted: what must be supplied again').choices(['website', 'category_code', 'support_email']))
    .option('--reason <text>', 'restricted or rejected: the reason, in words for the merchant')
    .addOption(json())
    .action(async (merchantId: string, options: { outcome: 'active' | 'restricted' | 'rejected'; requirement?: Requirement; reason?: string }) =>
      run(async (_read, write) => {
        const merchant = await write((context) =>
          decideReview(context, {
            merchantId,
            outcome: options.outcome,
            ...(options.requirement ? { requirement: options.requirement } : {}),
            ...(options.reason ? { reason: options.reason } : {}),
          }),
        );
        return {
          json: { id: merchant.id, object: 'merchant', status: merchant.status, requirement_errors: merchant.requirementErrors ?? [] },
          lines: [`Merchant ${merchant.id} (${merchant.name}) is now ${merchant.status}.`],
        };
      })(),
    );

  const disputes = program.command('disputes').description("consumers' disputes, as the lender reports them");
  disputes
    .command('open')
    .description('record a dispute the lender reports on a captured transaction (holds its amount from the balance)')
    .argument('<transactionId>', 'the transaction, txn_…')
    .addOption(new Option('--reason <reason>', 'why the consumer disputes').choices([...DISPUTE_REASONS]).default('not_received'))
    .option('--amount <minor>', 'the disputed amount in minor units (default: all that is disputable)', (value: string) => {
      if (!/^[1-9][0-9]{0,11}$/.test(value)) throw new InvalidArgumentError('a positive whole number of minor units (20000 for $200.00)');
      return Number(value);
    })
    .addOption(json())
    .action(async (transactionId: string, options: { reason: DisputeReason; amount?: number }) =>
      run(async (read, write) => {
        const tx = await read.models.Transaction.findOne({ where: { id: transactionId } });
        if (!tx) throw new AppError('resource_not_found', `No transaction ${transactionId} exists.`);
        const dispute = await write((context) =>
          openDispute(context, { merchantId: tx.merchantId, livemode: tx.livemode }, { transactionId, reason: options.reason, amount: options.amount }),
        );
        return {
          json: { id: dispute.id, object: 'dispute', status: dispute.status, amount: dispute.amount, response_due_by: dispute.responseDueBy.toISOString() },
          lines: [`Dispute ${dispute.id} of ${dispute.amount} on ${transactionId}: needs_response by ${dispute.responseDueBy.toISOString()}.`],
        };
      })(),
    );
  disputes
    .command('decide')
    .description("record the lender's decision on a dispute under review (won releases its hold; lost is final)")
    .argument('<disputeId>', 'the dispute, dp_…')
    .addOption(new Option('--outcome <outcome>', 'the decision').choices(['won', 'lost']).makeOptionMandatory())
    .addOption(json())
    .action(async (disputeId: string, options: { outcome: 'won' | 'lost' }) =>
      run(async (_read, write) => {
        const dispute = await write((context) => decideDispute(context, { id: disputeId, outcome: options.outcome }));
        return { json: { id: dispute.id, object: 'dispute', status: dispute.status }, lines: [`Dispute ${dispute.id} is ${dispute.status}.`] };
      })(),
    );

  const reports = program.command('reports').description("reports across merchants, for Evenpay's finance team");
  reports
    .command('settlement')
    .description("every balance entry created in [--from, --to), oldest first, as CSV on stdout: all merchants', or one partner's")
    .requiredOption('--from <instant>', 'the first instant, ISO 8601 (e.g. 2026-11-01T00:00:00Z)', instant)
    .requiredOption('--to <instant>', 'the instant after the report, ISO 8601', instant)
    .option('--partner <partnerId>', "only this partner's merchants")
    .option('--live', 'live mode (default: test mode)')
    .action(async (options: { from: Date; to: Date; partner?: string; live?: boolean }) =>
      run(async (read) => {
        const livemode = options.live === true;
        const scope = options.partner ? { partnerId: options.partner, livemode } : { livemode };
        // Written a page at a time as it is read: a month of every merchant's entries is large.
        let header = true;
        for await (const page of settlementLines(read, scope, { from: options.from, to: options.to }, { withPartnerShare: true })) {
          io.out(settlementCsvPage(page.map(settlementLineView), header).trimEnd());
          header = false;
        }
        if (header) io.out(SETTLEMENT_COLUMNS.join(','));
        return { json: {}, lines: [] };
      })(),
    );

  const wantsJson = argv.includes('--json');
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    const message = error instanceof AppError ? error.message : `could not reach the database or complete the command: ${(error as Error).message}`;
    if (wantsJson) io.out(JSON.stringify({ error: { code: error instanceof AppError ? error.code : 'operator_failed', message } }));
    io.err(`error: ${message}`);
    return 1;
  }
  if (!outcome) return 0; // a group without a command printed its help
  // A command that wrote its output as it went (a report) has no lines left to print.
  if (wantsJson || outcome.lines.length) io.out(wantsJson ? JSON.stringify(outcome.json, null, 2) : outcome.lines.join('\n'));
  return 0;
}
