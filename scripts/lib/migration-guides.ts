// The migration guides of the docs site, one per (deprecated version, successor version) pair
// found in the specs' deprecation catalogue — the same pair the service's `Link` header points to
// (migrationGuidePath). Each lists the deprecated operations with their successors, sunsets and
// brownouts, and each field of the deprecated version marked `x-<successor version>-field` (e.g.
// `x-v2-field`) with its new home. Prose for a pair, if any, is docs/migration/<from>-to-<to>.md.

import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { type DeprecatedOperation, deprecationCatalogue, migrationGuidePath, type SpecLike } from '../../src/domain/deprecations.js';
import { renderGuide } from './guides.js';
import { escapeHtml } from './html.js';

interface SchemaWithFields {
  properties?: Record<string, { description?: string; [extension: `x-${string}`]: unknown }>;
}

export interface SpecWithSchemas extends SpecLike {
  components?: { schemas?: Record<string, SchemaWithFields> };
}

export interface MigrationGuide {
  /** Relative to the docs root, without `.html` (what the `Link` header names). */
  path: string;
  from: string;
  to: string;
  title: string;
  description: string;
  /** The page's body HTML. */
  body: string;
}

function operationRows(operations: DeprecatedOperation[]): string {
  return operations
    .map(
      (op) =>
        `<tr><td><code>${escapeHtml(`${op.method} ${op.path}`)}</code><br>${escapeHtml(op.operationId)}</td><td><code>${escapeHtml(`${op.successor.method} ${op.successor.path}`)}</code><br>${escapeHtml(op.successor.operationId)}</td><td>${escapeHtml(op.sunset)}</td><td>${op.brownouts.map((b) => `${escapeHtml(b.start)} → ${escapeHtml(b.end)}`).join('<br>') || '—'}</td></tr>`,
    )
    .join('\n');
}

function fieldTables(spec: SpecWithSchemas | undefined, from: string, to: string): string {
  const extension = `x-${to}-field` as const;
  return Object.entries(spec?.components?.schemas ?? {})
    .filter(([, schema]) => Object.values(schema.properties ?? {}).some((property) => extension in property))
    .map(([name, schema]) => {
      const rows = Object.entries(schema.properties ?? {})
        .map(([field, property]) => {
          const home = property[extension];
          return `<tr><td><code>${escapeHtml(field)}</code></td><td>${typeof home === 'string' ? `<code>${escapeHtml(home)}</code>` : `no ${escapeHtml(to)} equivalent`}</td><td>${escapeHtml(property.description ?? '')}</td></tr>`;
        })
        .join('\n');
      return `<h3 id="${escapeHtml(name)}">${escapeHtml(from)} <code>${escapeHtml(name)}</code></h3><table><thead><tr><th>${escapeHtml(from)} field</th><th>${escapeHtml(to)} field</th><th>notes</th></tr></thead><tbody>${rows}</tbody></table>`;
    })
    .join('\n');
}

export function migrationGuides(specs: Record<string, SpecWithSchemas>, proseDir: string): MigrationGuide[] {
  const pairs = new Map<string, DeprecatedOperation[]>();
  for (const operation of deprecationCatalogue(specs)) {
    const pair = migrationGuidePath(operation.apiVersion, operation.successor.apiVersion);
    pairs.set(pair, [...(pairs.get(pair) ?? []), operation]);
  }
  return [...pairs].map(([guidePath, operations]) => {
    const from = operations[0]!.apiVersion;
    const to = operations[0]!.successor.apiVersion;
    const title = from === to ? `Moving off deprecated ${from} operations` : `Migrating from ${from} to ${to}`;
    const proseFile = path.join(proseDir, `${from}-to-${to}.md`);
    const intro = existsSync(proseFile)
      ? renderGuide(readFileSync(proseFile, 'utf8'))
      : `<h1>${escapeHtml(title)}</h1>
<p>These ${escapeHtml(from)} operations are deprecated. Each of their responses carries <code>Deprecation</code>, <code>Sunset</code> and <code>Link</code> headers; during scheduled brownouts and after the sunset date they answer <code>410 Gone</code> naming the successor. <code>GET /v2/deprecations</code> shows which deprecated operations your integration still calls.</p>`;
    const fields = fieldTables(specs[from], from, to);
    const body = `${intro}
<h2 id="operations">Operations</h2>
<table><thead><tr><th>${escapeHtml(from)} (deprecated)</th><th>${escapeHtml(to)} successor</th><th>sunset</th><th>brownouts (UTC)</th></tr></thead><tbody>
${operationRows(operations)}
</tbody></table>${fields ? `\n<h2 id="fields">Fields</h2>\n${fields}` : ''}`;
    return {
      path: guidePath,
      from,
      to,
      title,
      description: `How each deprecated ${from} operation${fields ? ' and field' : ''} maps to ${to}.`,
      body,
    };
  });
}
