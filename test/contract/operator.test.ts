// The operator's command line on the project's database: partners with their secret keys (shown
// once, stored hashed), merchants created directly (a partner's or Evenpay's own) and listed; JSON
// for scripts, --help, and exit codes that say what happened (0 done, 1 refused, 2 usage).
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { repoRoot } from '../../scripts/lib/apis.js';
import type { EvenpayApp } from '../../src/app.js';
import { hashToken } from '../../src/domain/api-keys.js';
import { authorizedTransaction, capture, refund } from '../factories/transactions.js';
import { startTestApp } from '../helpers/app.js';
import { api } from '../helpers/http.js';
import { runOperatorOn } from '../helpers/operator.js';

let evenpay: EvenpayApp;

beforeAll(async () => {
  evenpay = await startTestApp();
});
afterAll(() => evenpay.close());

/** Runs the CLI in-process on the project's database; what it printed and its exit code. */
const operator = (...argv: string[]) => runOperatorOn(evenpay, argv);

const json = async (...argv: string[]) => {
  const result = await operator(...argv, '--json');
  expect(result, result.err).toMatchObject({ code: 0 });
  return JSON.parse(result.out) as Record<string, any>;
};

describe('npm run operator -- partners', () => {
  it("decides a live merchant's review, which the sandbox never does", async () => {
    const partner = await json('partners', 'create', '--name', 'Live Review Platform');
    const live = await json('partners', 'keys', partner.id, '--live');
    const http = api(evenpay.app);
    const onboard = (external: string) =>
      http.post('/v2/merchants', {
        auth: `Bearer ${live.secret_key}`,
        body: {
          external_merchant_id: external,
          legal_name: 'Live LLC',
          name: 'Live Shop',
          country: 'US',
          currencies: ['USD'],
          website: 'https://live.example.com',
          category_code: '5941',
          support_email: 'a@live.example.com',
        },
      });
    const first = (await onboard('live-1')).body;
    expect(first).toMatchObject({ livemode: true, status: 'pending', requirements: { disabled_reason: 'under_review' } });
    expect(await json('merchants', 'review', first.id, '--outcome', 'active')).toMatchObject({ id: first.id, status: 'active' });
    expect((await http.get(`/v2/merchants/${first.id}`, { auth: `Bearer ${live.secret_key}` })).body.status).toBe('active');

    const second = (await onboard('live-2')).body;
    const vague = await operator('merchants', 'review', second.id, '--outcome', 'restricted');
    expect(vague).toMatchObject({ code: 1 });
    const restricted = await json(
      'merchants',
      'review',
      second.id,
      '--outcome',
      'restricted',
      '--requirement',
      'website',
      '--reason',
      'The shop shows no prices.',
    );
    expect(restricted).toMatchObject({ status: 'restricted', requirement_errors: [{ requirement: 'website', code: 'requirement_invalid' }] });
    const seen = (await http.get(`/v2/merchants/${second.id}`, { auth: `Bearer ${live.secret_key}` })).body;
    expect(seen.requirements).toMatchObject({ currently_due: ['website'], errors: [{ reason: 'The shop shows no prices.' }] });
    expect(await operator('merchants', 'review', second.id, '--outcome', 'active')).toMatchObject({ code: 1 });
  });

  it("sets a partner's branding, refusing a colour white text is unreadable on and a logo URL that is not https", async () => {
    const partner = await json('partners', 'create', '--name', 'Brand Commerce');
    const branded = await json('partners', 'brand', partner.id, '--color', '#1d4ed8', '--logo-url', 'https://brand.example.com/logo.png');
    expect(branded).toMatchObject({ id: partner.id, branding: { primary_color: '#1d4ed8', logo_url: 'https://brand.example.com/logo.png' } });
    const light = await operator('partners', 'brand', partner.id, '--color', '#ffff00');
    expect(light.code).toBe(1);
    expect(light.err).toContain('too light');
    const plain = await operator('partners', 'brand', partner.id, '--logo-url', 'http://brand.example.com/logo.png');
    expect(plain).toMatchObject({ code: 1, err: 'error: The logo URL must be an https:// URL.' });
  });

  it('creates a partner with a test secret key shown once and stored only as its hash, and lists it', async () => {
    const partner = await json('partners', 'create', '--name', 'Acme Commerce');
    expect(partner).toMatchObject({ object: 'partner', name: 'Acme Commerce', livemode: false });
    expect(partner.id).toMatch(/^ptn_[0-9A-Za-z]{20}$/);
    expect(partner.secret_key).toMatch(/^sk_test_[0-9A-Za-z]{24}$/);
    const stored = await evenpay.services.models.PartnerKey.findByPk(partner.key_id);
    expect(stored).toMatchObject({ partnerId: partner.id, livemode: false, tokenHash: hashToken(partner.secret_key), revokedAt: null });
    expect(JSON.stringify(stored!.toJSON())).not.toContain(partner.secret_key);

    // It is a partner's key: a merchant operation asks which merchant it acts for.
    const asMerchant = await api(evenpay.app).get('/v2/merchant', { auth: `Bearer ${partner.secret_key}` });
    expect(asMerchant.status).toBe(400);
    expect(asMerchant.body.detail).toContain('with a partner key, send Evenpay-Merchant: mer_');

    const listed = await json('partners', 'list');
    expect(listed.data).toContainEqual(expect.objectContaining({ id: partner.id, name: 'Acme Commerce', merchants: 0 }));
  });

  it("sets a partner's revenue share of its merchants' fees, 0 unless given, refusing one that is not 0–10000 basis points", async () => {
    expect(await json('partners', 'create', '--name', 'No Share')).toMatchObject({ revenue_share_bps: 0 });
    const sharing = await json('partners', 'create', '--name', 'Bolt Pay', '--revenue-share-bps', '2000');
    expect(sharing).toMatchObject({ revenue_share_bps: 2_000 });
    expect(await evenpay.services.models.Partner.findByPk(sharing.id)).toMatchObject({ revenueShareBps: 2_000 });
    for (const bad of ['10001', '12.5', 'lots']) {
      const refused = await operator('partners', 'create', '--name', 'Greedy', '--revenue-share-bps', bad);
      expect(refused.code, bad).toBe(2);
      expect(refused.err).toContain(`${bad} is not a whole number of basis points from 0 to 10000`);
    }
  });

  it('issues a live key on demand, and refuses a partner that does not exist (exit 1, saying so)', async () => {
    const partner = await json('partners', 'create', '--name', 'Live Platform');
    const live = await json('partners', 'keys', partner.id, '--live');
    expect(live).toMatchObject({ object: 'partner_key', partner: partner.id, livemode: true });
    expect(live.secret_key).toMatch(/^sk_live_/);

    const missing = await operator('partners', 'keys', 'ptn_00000000000000000000');
    expect(missing).toMatchObject({ code: 1, err: 'error: No partner ptn_00000000000000000000 exists.' });
    const missingJson = await operator('partners', 'keys', 'ptn_00000000000000000000', '--json');
    expect(JSON.parse(missingJson.out)).toEqual({ error: { code: 'resource_not_found', message: 'No partner ptn_00000000000000000000 exists.' } });
  });
});

describe('npm run operator -- merchants', () => {
  it("creates a partner's merchant whose test keys work on the API at once, and lists it under the partner", async () => {
    const partner = await json('partners', 'create', '--name', 'Merchant Maker');
    const merchant = await json('merchants', 'create', '--name', 'Corner Bikes', '--partner', partner.id, '--currency', 'usd', '--currency', 'CAD', '--live');
    expect(merchant).toMatchObject({ object: 'merchant', name: 'Corner Bikes', partner: partner.id, currencies: ['USD', 'CAD'] });
    expect(merchant.secret_key).toMatch(/^sk_test_/);
    expect(merchant.publishable_key).toMatch(/^pk_test_/);
    expect(merchant.live_secret_key).toMatch(/^sk_live_/);

    const me = await api(evenpay.app).get('/v2/merchant', { auth: `Bearer ${merchant.secret_key}` });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ id: merchant.id, name: 'Corner Bikes' });

    const mine = await json('merchants', 'list', '--partner', partner.id);
    expect(mine.data).toEqual([expect.objectContaining({ id: merchant.id, partner: partner.id, currencies: ['USD', 'CAD'] })]);
    expect((await json('partners', 'list')).data).toContainEqual(expect.objectContaining({ id: partner.id, merchants: 1 }));
  });

  it('refuses what it cannot do: an unknown partner (1), an unknown currency or a missing name (2, with usage)', async () => {
    expect(await operator('merchants', 'create', '--name', 'Orphan', '--partner', 'ptn_nope')).toMatchObject({
      code: 1,
      err: 'error: No partner ptn_nope exists.',
    });
    const currency = await operator('merchants', 'create', '--name', 'Odd', '--currency', 'XYZ');
    expect(currency.code).toBe(2);
    expect(currency.err).toContain('XYZ is not an ISO 4217 currency code');
    const nameless = await operator('merchants', 'create');
    expect(nameless.code).toBe(2);
    expect(nameless.err).toContain("required option '--name <name>' not specified");
    expect((await operator('partners', 'rename')).code).toBe(2);
  });
});

describe('npm run operator -- reports settlement', () => {
  it("prints every merchant's entries of the period as CSV, or one partner's merchants' with its share, oldest first", async () => {
    const partner = await json('partners', 'create', '--name', 'Report Platform', '--revenue-share-bps', '5000');
    const merchant = await json('merchants', 'create', '--name', 'Report Shop', '--partner', partner.id);
    const http = api(evenpay.app);
    const auth = `Bearer ${merchant.secret_key}`;
    const shop = { id: merchant.id, bearer: auth } as Parameters<typeof authorizedTransaction>[1];
    const tx = await authorizedTransaction(http, shop, { total: 10_000 });
    await capture(http, shop, tx.id, 10_000);
    await refund(http, shop, tx.id, 2_500);
    const from = new Date(Date.now() - 60_000).toISOString();
    const to = new Date(Date.now() + 60_000).toISOString();

    const everyone = await operator('reports', 'settlement', '--from', from, '--to', to);
    expect(everyone.code, everyone.err).toBe(0);
    const [header, ...rows] = parse(everyone.out) as string[][];
    expect(header!.slice(0, 8)).toEqual(['entry', 'type', 'merchant', 'currency', 'amount', 'fee', 'net', 'partner_share']);
    const mine = rows.filter((row) => row[2] === merchant.id);
    expect(mine.map((row) => [row[1], row[4], row[8]])).toEqual([
      ['capture', '10000', tx.id],
      ['refund', '-2500', tx.id],
    ]);

    const theirs = parse((await operator('reports', 'settlement', '--from', from, '--to', to, '--partner', partner.id)).out) as string[][];
    expect(theirs.slice(1).map((row) => row[2])).toEqual([merchant.id, merchant.id]);
    expect(
      (await operator('reports', 'settlement', '--from', from, '--to', to, '--live')).out.split('\n').filter((line) => line.includes(merchant.id)),
    ).toEqual([]);
    const bad = await operator('reports', 'settlement', '--from', 'last week', '--to', to);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('last week is not an ISO 8601 instant');
  });
});

describe('--help', () => {
  it('lists the commands and their options, exit 0', async () => {
    const top = await operator('--help');
    expect(top.code).toBe(0);
    expect(top.out).toContain('partners');
    expect(top.out).toContain('merchants');
    const create = await operator('merchants', 'create', '--help');
    expect(create.out).toContain('--partner <partnerId>');
    expect(create.out).toContain('--json');
  });
});

describe('the operator entry point', () => {
  it('runs as its own process on DATABASE_URL and prints only the JSON on stdout', async () => {
    const run = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', path.join(repoRoot, 'src', 'operator.ts'), 'partners', 'create', '--name', 'Process Co', '--json'],
      {
        cwd: repoRoot,
        env: { ...process.env, DATABASE_URL: inject('databaseUrl') },
      },
    );
    expect(JSON.parse(run.stdout)).toMatchObject({ object: 'partner', name: 'Process Co' });
  }, 30_000);
});
