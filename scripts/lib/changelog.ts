// The changelog page: per API version, each release with its date, what changed and what a
// partner must do — the release notes each spec keeps in `info.x-changelog` — and, folded
// beneath, the contract changes the breaking-change gate computes between it and the release
// before (lib/spec-diff.ts). The current spec's notes cover every release, so one file says it all.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { marked } from 'marked';
import { type ApiVersion, repoRoot } from './apis.js';
import { escapeHtml, page } from './html.js';
import { loadYaml, releasesOf } from './releases.js';
import { type Change, diffSpecs } from './spec-diff.js';

export interface ReleaseNote {
  version: string;
  /** YYYY-MM-DD; absent while the version is not released. */
  released?: string;
  summary: string;
  action: string;
}

/** The release notes a version's spec keeps in `info.x-changelog`, newest first. */
export function releaseNotesOf(spec: Record<string, unknown>): ReleaseNote[] {
  return ((spec.info as Record<string, unknown> | undefined)?.['x-changelog'] as ReleaseNote[] | undefined) ?? [];
}

const LONG_DATE = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

function changeList(changes: Change[]): string {
  return changes.length
    ? `<ul>${changes.map((c) => `<li>${c.breaking ? '<strong>Breaking:</strong> ' : ''}<code>${escapeHtml(c.where)}</code>: ${escapeHtml(c.message)}</li>`).join('')}</ul>`
    : '<p>No contract changes.</p>';
}

function releaseSection(version: string, release: string, note: ReleaseNote | undefined, changes: Change[] | undefined): string {
  const inline = (text: string) => marked.parseInline(text, { async: false });
  const when = note?.released
    ? `<time datetime="${escapeHtml(note.released)}">${escapeHtml(LONG_DATE.format(new Date(`${note.released}T00:00:00Z`)))}</time>`
    : 'not released yet';
  const notes = note ? `<p>${inline(note.summary)}</p>\n<p><strong>What you need to do:</strong> ${inline(note.action)}</p>` : '';
  const details = changes
    ? `<details><summary>Contract changes (${changes.length})</summary>${changeList(changes)}</details>`
    : '<p>First release of this version.</p>';
  return `<section class="release" id="${escapeHtml(`${version}-${release}`)}">
<h3>${escapeHtml(version)} ${escapeHtml(release)} <small>— ${when}</small></h3>
${notes}
${details}
</section>`;
}

function versionSection(version: string): string {
  const releases = releasesOf(version);
  const current = loadYaml(path.join(repoRoot, 'generated', version, 'openapi.yaml'));
  const notes = new Map(releaseNotesOf(current).map((note) => [note.version, note]));
  const currentVersion = String((current.info as { version: string }).version);
  const entries: string[] = [];
  const last = releases.at(-1);
  if (last && last.version !== currentVersion)
    entries.push(releaseSection(version, currentVersion, notes.get(currentVersion), diffSpecs(loadYaml(last.file), current)));
  for (let i = releases.length - 1; i >= 0; i--) {
    const release = releases[i]!;
    const previous = releases[i - 1];
    entries.push(
      releaseSection(version, release.version, notes.get(release.version), previous ? diffSpecs(loadYaml(previous.file), loadYaml(release.file)) : undefined),
    );
  }
  return `<h2 id="${escapeHtml(version)}">${escapeHtml(version)}</h2>${entries.join('\n') || '<p>Not released yet.</p>'}`;
}

export function buildChangelog(apis: ApiVersion[], outDir: string): void {
  const body = `<h1>Changelog</h1>
<p>Every release of every API version, newest first: when it shipped, what changed and what you need to do. Within a version only additive changes ship; a breaking change needs a new version. The exact contract changes of each release, computed from the released specs, are folded beneath it.</p>
${apis.map(({ version }) => versionSection(version)).join('\n')}`;
  writeFileSync(
    path.join(outDir, 'changelog.html'),
    page('Evenpay API changelog', 'Every Evenpay API release: its date, what changed and what you need to do.', body),
  );
}
