// Builds the docs site into generated/docs/ (a build output, not committed): one Redoc
// reference per API version, an index of versions, and the error catalogue that problem `type`
// URIs point into. Everything is inlined so the pages work offline and no request leaves the
// host serving them.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { marked } from 'marked';
import { parse } from 'yaml';
import { problemCatalogue } from '../src/http/problem-catalogue.js';
import type { ErrorCode } from '../src/kernel/errors.js';
import { type ApiVersion, listApis, repoRoot } from './lib/apis.js';
import { buildChangelog } from './lib/changelog.js';
import { withCodeSamples } from './lib/code-samples.js';
import { demoShopPage } from './lib/demo-shop.js';
import { bundleEmbed, type EmbedScript } from './lib/embed.js';
import { buildGuides, type Guide } from './lib/guides.js';
import { escapeHtml, NO_FAVICON_REQUEST, page } from './lib/html.js';
import { type MigrationGuide, migrationGuides, type SpecWithSchemas } from './lib/migration-guides.js';
import { redocly } from './lib/redocly.js';
import type { Spec } from './lib/sdk-resources.js';

// `--out <dir>` builds elsewhere (tests build into a temp dir so they never race a server).
const outFlag = process.argv.indexOf('--out');
const outDir = outFlag >= 0 && process.argv[outFlag + 1] ? path.resolve(process.argv[outFlag + 1]!) : path.join(repoRoot, 'generated', 'docs');

interface SchemaWithFieldMap {
  enum?: string[];
  'x-enumDescriptions'?: Record<string, string>;
  'x-status'?: Record<string, number>;
  'x-retry'?: Record<string, string>;
  'x-fix'?: Record<string, string>;
  properties?: Record<string, { description?: string; 'x-v2-field'?: string | null }>;
}

interface BundledSpec {
  info: { title: string; version: string; summary?: string };
  paths: Record<string, Record<string, { operationId?: string; deprecated?: boolean; 'x-sunset'?: string }>>;
  components?: { schemas?: Record<string, SchemaWithFieldMap> };
}

function loadBundle(api: ApiVersion): BundledSpec {
  return parse(readFileSync(path.join(repoRoot, 'generated', api.version, 'openapi.yaml'), 'utf8')) as BundledSpec;
}

function operationsOf(spec: BundledSpec) {
  return Object.values(spec.paths).flatMap((item) => Object.values(item).filter((op) => op && typeof op === 'object' && op.operationId));
}

/** A version is deprecated when all its operations are; its sunset is the earliest operation sunset. */
function statusOf(spec: BundledSpec): { deprecated: boolean; sunset?: string } {
  const ops = operationsOf(spec);
  const deprecated = ops.length > 0 && ops.every((op) => op.deprecated === true);
  const sunsets = ops
    .map((op) => op['x-sunset'])
    .filter((s): s is string => Boolean(s))
    .sort();
  return sunsets[0] ? { deprecated, sunset: sunsets[0] } : { deprecated };
}

// Redoc's sidebar badge loads its logo from a CDN at run time; point it at an inline image and
// hide the badge, so the page never calls out.
const INLINE_LOGO = `data:image/svg+xml,${encodeURIComponent('<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>')}`;
function offline(html: string): string {
  return html
    .replaceAll('https://cdn.redoc.ly/redoc/logo-mini-full.svg', INLINE_LOGO)
    .replaceAll('https://cdn.redoc.ly/redoc/logo-mini.svg', INLINE_LOGO)
    .replace('</head>', `${NO_FAVICON_REQUEST}<style>a[href="https://redocly.com/redoc/"]{display:none!important}</style></head>`);
}

function sunsetBanner(sunset: string): string {
  return `<div role="alert" style="background:#b3261e;color:#fff;padding:10px 16px;font:15px/1.4 system-ui,sans-serif;text-align:center">This API version is deprecated and will be switched off on <strong>${escapeHtml(sunset)}</strong>. Migrate to the current version: <a style="color:#fff" href="../">all versions</a>.</div>`;
}

/** The reference: Redoc over a copy of the bundle with code samples per operation (lib/code-samples.ts). */
function buildReference(api: ApiVersion, spec: BundledSpec): void {
  const file = path.join(outDir, api.version, 'index.html');
  mkdirSync(path.dirname(file), { recursive: true });
  const scratch = mkdtempSync(path.join(tmpdir(), 'evenpay-reference-'));
  const sampled = path.join(scratch, 'openapi.json');
  writeFileSync(sampled, JSON.stringify(withCodeSamples(spec as unknown as Spec, api.version)));
  try {
    redocly(['build-docs', sampled, '--inlineBundle', '--output', file, '--title', `${spec.info.title} — reference`]);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  let html = offline(readFileSync(file, 'utf8'));
  const { deprecated, sunset } = statusOf(spec);
  if (deprecated && sunset) html = html.replace(/<body([^>]*)>/, `<body$1>${sunsetBanner(sunset)}`);
  writeFileSync(file, html);
}

function buildIndex(apis: ApiVersion[], specs: Map<string, BundledSpec>, guides: Guide[], migrations: MigrationGuide[]): void {
  const rows = apis
    .map((api) => {
      const spec = specs.get(api.version)!;
      const { deprecated, sunset } = statusOf(spec);
      const countdown = sunset
        ? ` <span class="countdown" data-sunset="${escapeHtml(sunset)}">(${Math.max(0, Math.ceil((Date.parse(`${sunset}T00:00:00Z`) - Date.now()) / 86_400_000))} days left)</span>`
        : '';
      const status = deprecated ? `Deprecated — sunset ${escapeHtml(sunset ?? 'to be announced')}${countdown}` : 'Current';
      return `<tr><td><a href="${api.version}/">${escapeHtml(api.version)}</a></td><td>${escapeHtml(spec.info.title)} ${escapeHtml(spec.info.version)}</td><td>${status}</td><td>${operationsOf(spec).length}</td><td><a href="${api.version}/openapi.yaml">openapi.yaml</a></td></tr>`;
    })
    .join('\n');
  const body = `<h1>Evenpay API documentation</h1>
<p>Honest pay-over-time credit for your checkout. Each API version is its own contract; within a version only additive changes ship.</p>
<p class="start"><strong>New here?</strong> The <a href="guides/quickstart">Quickstart</a> runs your first sandbox loan — checkout, confirmation, authorization, capture and its webhook — in five minutes, with curl or the <a href="guides/sdk">TypeScript SDK</a>.</p>
<table><thead><tr><th>Version</th><th>API</th><th>Status</th><th>Operations</th><th>Spec</th></tr></thead><tbody>
${rows}
</tbody></table>
<p><a href="errors">Error catalogue</a>: every problem <code>code</code> the API returns, what it means and how to fix it.</p>
<h2>Guides</h2>
<ul>
${guides.map((g) => `<li><a href="guides/${g.slug}">${escapeHtml(g.title)}</a> — ${escapeHtml(g.description)}</li>`).join('\n')}
</ul>
<h2>More</h2>
<p><a href="changelog">Changelog</a>: what each release of each version changed.</p>
<p><a href="demo/shop">Demo shop</a>: the promotional message (<code>&lt;evenpay-message&gt;</code>) on a product page.</p>
${migrations.map((m) => `<p><a href="${escapeHtml(m.path)}">${escapeHtml(m.title)}</a>: ${escapeHtml(m.description)}</p>`).join('\n')}
<p><a href="sitemap.xml">All pages</a> (sitemap).</p>
<script>
// Keep the sunset countdowns current for the reader's clock; the build wrote them as of its date.
for (const el of document.querySelectorAll('.countdown')) {
  const days = Math.max(0, Math.ceil((Date.parse(el.dataset.sunset + 'T00:00:00Z') - Date.now()) / 86400000));
  el.textContent = '(' + days + ' days left)';
}
</script>`;
  writeFileSync(path.join(outDir, 'index.html'), page('Evenpay API documentation', 'API reference for every Evenpay API version.', body));
}

/** A problem example the spec itself gives for `code` (in a response's examples), or undefined. */
function exampleProblem(node: unknown, code: string): Record<string, unknown> | undefined {
  if (!node || typeof node !== 'object') return undefined;
  const value = (node as { value?: { code?: unknown; type?: unknown } }).value;
  if (value && value.code === code && typeof value.type === 'string') return value as Record<string, unknown>;
  for (const child of Object.values(node)) {
    const found = exampleProblem(child, code);
    if (found) return found;
  }
  return undefined;
}

/** Per code: HTTP status, what it means, how to fix it, whether and how to retry, and an example body — all from the spec. */
function buildErrorCatalogue(specs: Map<string, BundledSpec>): void {
  const v2 = specs.get('v2') ?? [...specs.values()].at(-1)!;
  const schema = v2.components?.schemas?.KnownErrorCode;
  const statusOf = schema?.['x-status'] ?? {};
  const retryOf = schema?.['x-retry'] ?? {};
  const fixOf = schema?.['x-fix'] ?? {};
  // The spec's prose is Markdown (`code` spans): rendered inline, as Redoc renders it.
  const inline = (text: string) => marked.parseInline(text, { async: false });
  const rows = (schema?.enum ?? []).map((code) => {
    const status = statusOf[code];
    // The spec's own example where a response lists one; otherwise the body the service builds.
    const example = exampleProblem(v2, code) ??
      exampleProblem([...specs.values()], code) ?? {
        type: `https://docs.evenpay.com/errors#${code}`,
        title: problemCatalogue[code as ErrorCode]?.title,
        status,
        detail: schema?.['x-enumDescriptions']?.[code],
        instance: '/v2/checkouts',
        code,
        request_id: 'req_8f2kQ1c7TzWm0aLd',
      };
    return `<section id="${escapeHtml(code)}" class="problem">
<h2><code>${escapeHtml(code)}</code> <span class="status">HTTP ${escapeHtml(String(status ?? '?'))}</span></h2>
<dl>
<dt>What it means</dt><dd>${inline(schema?.['x-enumDescriptions']?.[code] ?? '')}</dd>
<dt>How to fix it</dt><dd>${inline(fixOf[code] ?? '')}</dd>
<dt>Retry?</dt><dd>${inline(retryOf[code] ?? '')}</dd>
</dl>
<p>An example body:</p><pre><code>${escapeHtml(JSON.stringify(example, null, 2))}</code></pre>
</section>`;
  });
  const body = `<h1>Error catalogue</h1>
<p>Errors are RFC 9457 <code>application/problem+json</code>. Branch on <code>code</code> (its <code>type</code> URI links here), never on <code>title</code> or <code>detail</code>. A field at fault is named in <code>errors[]</code>: a JSON pointer into the body (<code>pointer</code>) or a parameter (<code>parameter</code>), with what to change. Quote the <code>request_id</code> to support. A code not listed here is newer than these docs: act on its HTTP status.</p>
<nav><ul class="codes">${(schema?.enum ?? []).map((code) => `<li><a href="#${escapeHtml(code)}"><code>${escapeHtml(code)}</code></a> ${escapeHtml(String(statusOf[code] ?? ''))}</li>`).join('')}</ul></nav>
${rows.join('\n')}`;
  writeFileSync(
    path.join(outDir, 'errors.html'),
    page('Evenpay error catalogue', 'Every Evenpay API error code: its HTTP status, what it means, how to fix it, whether to retry and an example body.', body),
  );
}

/** One guide per (deprecated version, successor version): scripts/lib/migration-guides.ts. */
function buildMigrationGuides(specs: Map<string, BundledSpec>): MigrationGuide[] {
  const guides = migrationGuides(Object.fromEntries(specs) as unknown as Record<string, SpecWithSchemas>, path.join(repoRoot, 'docs', 'migration'));
  for (const guide of guides) {
    const file = path.join(outDir, `${guide.path}.html`);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, page(`${guide.title} — Evenpay`, guide.description, guide.body));
  }
  return guides;
}

/** The demo shop page: <evenpay-message> on a product page, loading the script by its exact version and hash. */
function buildDemoShop(embed: EmbedScript): void {
  mkdirSync(path.join(outDir, 'demo'), { recursive: true });
  writeFileSync(path.join(outDir, 'demo', 'shop.html'), demoShopPage(embed));
}

/** Every page of the site, for search engines (sitemap.xml) and people (the index's page list). */
function buildSitemap(pages: Array<{ path: string; title: string }>): void {
  const base = (process.env.DOCS_BASE_URL ?? 'http://localhost:3000/docs').replace(/\/$/, '');
  const urls = pages.map((p) => `  <url><loc>${escapeHtml(`${base}/${p.path}`)}</loc></url>`).join('\n');
  writeFileSync(
    path.join(outDir, 'sitemap.xml'),
    `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${urls}\n</urlset>\n`,
  );
}

const apis = listApis();
rmSync(outDir, { recursive: true, force: true });
mkdirSync(outDir, { recursive: true });
const specs = new Map(apis.map((api) => [api.version, loadBundle(api)]));
for (const api of apis) {
  buildReference(api, specs.get(api.version)!);
  writeFileSync(path.join(outDir, api.version, 'openapi.yaml'), readFileSync(path.join(repoRoot, 'generated', api.version, 'openapi.yaml')));
}
// evenpay.js as the service serves it (scripts/build-embed.ts bundles it the same way): the
// guide's <script> snippet and the demo shop carry its integrity hash, computed here.
const embed = bundleEmbed();
const guides = buildGuides(outDir, embed);
const migrations = buildMigrationGuides(specs);
buildIndex(apis, specs, guides, migrations);
buildErrorCatalogue(specs);
buildChangelog(apis, outDir);
buildDemoShop(embed);
buildSitemap([
  { path: '', title: 'Evenpay API documentation' },
  ...apis.map(({ version }) => ({ path: `${version}/`, title: `${version} reference` })),
  ...guides.map((g) => ({ path: `guides/${g.slug}`, title: g.title })),
  { path: 'errors', title: 'Error catalogue' },
  { path: 'changelog', title: 'Changelog' },
  { path: 'demo/shop', title: 'Demo shop' },
  ...migrations.map((m) => ({ path: m.path, title: m.title })),
]);
console.log(`docs written to ${path.relative(repoRoot, outDir) || outDir}/`);
