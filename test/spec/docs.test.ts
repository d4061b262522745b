// The docs build: one reference page per version, an error catalogue with an anchor per code,
// and nothing that would make a browser call a host other than the one serving the page.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { marked } from 'marked';
import { beforeAll, describe, expect, it } from 'vitest';
import { listApis } from '../../scripts/lib/apis.js';
import { releaseNotesOf } from '../../scripts/lib/changelog.js';
import { releasesOf } from '../../scripts/lib/releases.js';
import { problemCatalogue } from '../../src/http/problem-catalogue.js';
import { loadBundledSpec } from '../../src/http/spec.js';
import type { ErrorCode } from '../../src/kernel/errors.js';
import { docsSite, SHARED_BUILD_WAIT_MS } from '../helpers/shared-build.js';

let docs: string;
const read = (file: string) => readFileSync(path.join(docs, file), 'utf8');

beforeAll(async () => {
  docs = await docsSite();
}, SHARED_BUILD_WAIT_MS);

describe('npm run docs', () => {
  it.each(listApis().map((api) => api.version))('builds an offline reference for %s', (version) => {
    const html = read(`${version}/index.html`);
    expect(html).toContain('<title>');
    expect(html).not.toMatch(/cdn\.redoc\.ly/);
    // No external scripts, stylesheets, images or fonts: everything is inlined.
    expect(html).not.toMatch(/<(script|img|iframe)[^>]+src=["']https?:/i);
    expect(html).not.toMatch(/<link[^>]+href=["']https?:/i);
    expect(html).not.toMatch(/@import\s+url\(["']?https?:/i);
  });

  it('marks the deprecated v1 reference with its sunset date', () => {
    const sunset = loadBundledSpec('v1').paths['/account']?.get?.['x-sunset'];
    expect(read('v1/index.html')).toContain(`switched off on <strong>${sunset}</strong>`);
    expect(read('v2/index.html')).not.toContain('This API version is deprecated');
  });

  it('lists every version on the index page with its status', () => {
    const index = read('index.html');
    expect(index).toMatch(/href="v2\/".*Current/s);
    expect(index).toMatch(/href="v1\/".*Deprecated — sunset \d{4}-\d{2}-\d{2}/s);
  });

  it('has an anchor in the error catalogue for every error code of every version', () => {
    const catalogue = read('errors.html');
    for (const { version } of listApis()) {
      const codes = (loadBundledSpec(version) as unknown as { components: { schemas: { KnownErrorCode: { enum: string[] } } } }).components.schemas
        .KnownErrorCode.enum;
      for (const code of codes) expect(catalogue).toContain(`id="${code}"`);
    }
  });

  it('gives every code of the catalogue its HTTP status (the one the service answers with), retry advice, fix and an example body', () => {
    const catalogue = read('errors.html');
    const schema = (
      loadBundledSpec('v2') as unknown as {
        components: {
          schemas: {
            KnownErrorCode: {
              enum: ErrorCode[];
              'x-status': Record<string, number>;
              'x-retry': Record<string, string>;
              'x-fix': Record<string, string>;
              'x-enumDescriptions': Record<string, string>;
            };
          };
        };
      }
    ).components.schemas.KnownErrorCode;
    // The spec's prose is Markdown, rendered inline (test/spec/error-fixes.test.ts checks x-fix has exactly the enum's codes).
    const inline = (text: string) => marked.parseInline(text, { async: false });
    for (const code of schema.enum) {
      expect(schema['x-status'][code], code).toBe(problemCatalogue[code].status);
      expect(schema['x-fix'][code]?.trim(), code).not.toBe('');
      expect(schema['x-retry'][code], code).toMatch(/^(Yes|No|Only)/);
      const section = catalogue.slice(catalogue.indexOf(`<section id="${code}"`), catalogue.indexOf('</section>', catalogue.indexOf(`<section id="${code}"`)));
      // In this order: status, what it means, how to fix it, retry advice, the example body.
      const parts = [
        `HTTP ${problemCatalogue[code].status}`,
        `<dt>What it means</dt><dd>${inline(schema['x-enumDescriptions'][code]!)}</dd>`,
        `<dt>How to fix it</dt><dd>${inline(schema['x-fix'][code]!)}</dd>`,
        `<dt>Retry?</dt><dd>${inline(schema['x-retry'][code]!)}</dd>`,
        `&quot;code&quot;: &quot;${code}&quot;`,
      ];
      for (const part of parts) expect(section, code).toContain(part);
      const at = parts.map((part) => section.indexOf(part));
      expect(at, code).toEqual([...at].sort((a, b) => a - b));
    }
  });

  it('publishes the v1 → v2 migration guide: every deprecated operation with its successor, every legacy field with its v2 home', () => {
    const guide = read('migration/v1-to-v2.html');
    for (const item of Object.values(loadBundledSpec('v1').paths)) {
      for (const operation of [item.get, item.post]) {
        if (!operation) continue;
        expect(guide).toContain(`${operation.operationId}`);
        expect(guide).toContain(`${operation['x-successor']}`);
      }
    }
    expect(guide).toContain('<code>auth_hold</code></td><td><code>Transaction.capturable_amount</code>');
  });

  it('publishes a changelog: every release of every version with its date, summary and what to do', () => {
    const changelog = read('changelog.html');
    for (const { version } of listApis()) {
      const notes = releaseNotesOf(loadBundledSpec(version) as unknown as Record<string, unknown>);
      for (const release of releasesOf(version)) {
        const note = notes.find((entry) => entry.version === release.version);
        expect(note?.released, `${version} ${release.version} has release notes with a date`).toMatch(/^\d{4}-\d{2}-\d{2}$/);
        const section = changelog.slice(changelog.indexOf(`id="${version}-${release.version}"`));
        expect(section.slice(0, section.indexOf('</section>')), `${version} ${release.version}`).toMatch(
          new RegExp(`<time datetime="${note?.released}">[^<]+</time>[\\s\\S]*What you need to do:`),
        );
      }
    }
    // The unreleased version says so, and no machine diff shows outside its fold.
    expect(changelog).toMatch(/v2 2\.8\.0 <small>— (not released yet|<time)/);
    expect(changelog).not.toMatch(/<\/h3><ul>/);
  });

  it('gives every operation of the reference a curl and a TypeScript SDK sample made from its examples', () => {
    const html = read('v2/index.html');
    // Redoc inlines the spec it renders: the samples are in it, per operation.
    expect(html).toContain('evenpay.checkouts.create(');
    expect(html).toContain('evenpay.transactions.capture(');
    expect(html).toContain('curl -X POST \\"$EVENPAY_API_BASE/v2/transactions/');
    expect(read('v1/index.html')).toContain('evenpay.charges.capture(');
  });

  it('renders every Markdown guide with the shared layout, the webhook guide with an SDK sample', () => {
    for (const slug of ['authentication', 'sandbox', 'idempotency', 'pagination', 'webhooks']) {
      const html = read(`guides/${slug}.html`);
      expect(html).toMatch(/<title>[^<]+<\/title>/);
      expect(html).toMatch(/<meta name="description" content="[^"]+">/);
      expect(html).toContain('<h1');
    }
    const webhooks = read('guides/webhooks.html');
    expect(webhooks).toContain('verifyWebhookSignature');
    expect(webhooks).toContain('evenpay/v2');
    expect(read('guides/sandbox.html')).toContain('+decline_fraud');
  });

  it('writes a sitemap of every page', () => {
    const sitemap = read('sitemap.xml');
    for (const page of ['v1/', 'v2/', 'errors', 'changelog', 'migration/v1-to-v2', 'guides/webhooks']) expect(sitemap).toContain(`/docs/${page}</loc>`);
  });
});
