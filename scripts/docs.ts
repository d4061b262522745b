// Builds the docs site into generated/docs/ (a build output, not committed): one Redoc
// reference per API version, an index of versions, and the error catalogue that problem `type`
// URIs point into. Everything is inlined so the pages work offline and no request leaves the
// host serving them.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { listApis, repoRoot, type ApiVersion } from './lib/apis.js';
import { escapeHtml, NO_FAVICON_REQUEST, page } from './lib/html.js';
import { redocly } from './lib/redocly.js';

// `--out <dir>` builds elsewhere (tests build into a temp dir so they never race a server).
const outFlag = process.argv.indexOf('--out');
const outDir = outFlag >= 0 && process.argv[outFlag + 1] ? path.resolve(process.argv[outFlag + 1]!) : path.join(repoRoot, 'generated', 'docs');

interface BundledSpec {
  info: { title: string; version: string; summary?: string };
  paths: Record<string, Record<string, { operationId?: string; deprecated?: boolean; 'x-sunset'?: string }>>;
  components?: { schemas?: Record<string, { enum?: string[]; 'x-enumDescriptions'?: Record<string, string> }> };
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
  const sunsets = ops.map((op) => op['x-sunset']).filter((s): s is string => Boolean(s)).sort();
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

function buildReference(api: ApiVersion, spec: BundledSpec): void {
  const file = path.join(outDir, api.version, 'index.html');
  mkdirSync(path.dirname(file), { recursive: true });
  redocly(['build-docs', api.alias, '--inlineBundle', '--output', file, '--title', `${spec.info.title} — reference`]);
  let html = offline(readFileSync(file, 'utf8'));
  const { deprecated, sunset } = statusOf(spec);
  if (deprecated && sunset) html = html.replace(/<body([^>]*)>/, `<body$1>${sunsetBanner(sunset)}`);
  writeFileSync(file, html);
}

function buildIndex(apis: ApiVersion[], specs: Map<string, BundledSpec>): void {
  const rows = apis
    .map((api) => {
      const spec = specs.get(api.version)!;
      const { deprecated, sunset } = statusOf(spec);
      const status = deprecated ? `Deprecated — sunset ${escapeHtml(sunset ?? 'to be announced')}` : 'Current';
      return `<tr><td><a href="${api.version}/">${escapeHtml(api.version)}</a></td><td>${escapeHtml(spec.info.title)} ${escapeHtml(spec.info.version)}</td><td>${status}</td><td>${operationsOf(spec).length}</td><td><a href="${api.version}/openapi.yaml">openapi.yaml</a></td></tr>`;
    })
    .join('\n');
  const body = `<h1>Evenpay API documentation</h1>
<p>Honest pay-over-time credit for your checkout. Each API version is its own contract; within a version only additive changes ship.</p>
<table><thead><tr><th>Version</th><th>API</th><th>Status</th><th>Operations</th><th>Spec</th></tr></thead><tbody>
${rows}
</tbody></table>
<p><a href="errors">Error catalogue</a>: every problem <code>code</code> the API returns, what it means and how to fix it.</p>`;
  writeFileSync(path.join(outDir, 'index.html'), page('Evenpay API documentation', 'API reference for every Evenpay API version.', body));
}

function buildErrorCatalogue(specs: Map<string, BundledSpec>): void {
  const codes = new Map<string, string>();
  for (const spec of specs.values()) {
    const schema = spec.components?.schemas?.ErrorCode;
    for (const code of schema?.enum ?? []) codes.set(code, schema?.['x-enumDescriptions']?.[code] ?? '');
  }
  const items = [...codes]
    .map(([code, meaning]) => `<dt id="${escapeHtml(code)}"><code>${escapeHtml(code)}</code></dt><dd>${escapeHtml(meaning)}</dd>`)
    .join('\n');
  const body = `<h1>Error catalogue</h1>
<p>Errors are RFC 9457 <code>application/problem+json</code>. Branch on <code>code</code>; its <code>type</code> URI links here.</p>
<dl>
${items}
</dl>`;
  writeFileSync(path.join(outDir, 'errors.html'), page('Evenpay error catalogue', 'Every Evenpay API error code, its meaning and fix.', body));
}

const apis = listApis();
rmSync(outDir, { recursive: true, force: true });
mkdirSync(outDir, { recursive: true });
const specs = new Map(apis.map((api) => [api.version, loadBundle(api)]));
for (const api of apis) {
  buildReference(api, specs.get(api.version)!);
  writeFileSync(path.join(outDir, api.version, 'openapi.yaml'), readFileSync(path.join(repoRoot, 'generated', api.version, 'openapi.yaml')));
}
buildIndex(apis, specs);
buildErrorCatalogue(specs);
console.log(`docs written to ${path.relative(repoRoot, outDir) || outDir}/`);
