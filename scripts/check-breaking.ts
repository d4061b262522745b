// The breaking-change gate: each version's current bundled spec against its last release, judged
// twice — by our rules (lib/spec-diff.ts) and by an outside checker, Optic's breaking-changes
// standard (lib/optic.ts). Additive changes pass (and are listed); a breaking change fails,
// because within a released version only additive changes ship; and so does any disagreement
// between the two verdicts, so that a partner's own tooling never calls a release breaking that
// we called additive. A new major version is a new API version folder.
//   npm run check:breaking
//   npm run check:breaking -- --version v2 --current some-spec.yaml   (compare a given file)
//   npm run check:breaking -- --version v2 --base old.yaml --current new.yaml
//   npm run check:breaking -- --no-optic                                      (our rules only)
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import { pointerGet } from '../src/http/json-pointer.js';
import { listApis, repoRoot } from './lib/apis.js';
import { opticBreakingChanges } from './lib/optic.js';
import { loadYaml, releasesOf } from './lib/releases.js';
import { diffSpecs } from './lib/spec-diff.js';

function option(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const only = option('--version');
const baseFile = option('--base');
const currentFile = option('--current');
// Our rules only, without the outside checker: for a quick look while editing a spec.
const withOptic = !process.argv.includes('--no-optic');

interface Acknowledged {
  release: string;
  where: string;
  change: string;
  why: string;
  /** The same change as Optic reports it: its rule, exempted (x-optic-exemptions) where Optic looks for it, JSON pointers into the current spec. */
  optic?: { rule: string; pointers: string[] };
}

/** The current spec with the acknowledged Optic exemptions written in, as a temporary file (the published spec stays clean). */
function withOpticExemptions(file: string, acknowledged: Acknowledged[]): string {
  const exempt = acknowledged.filter((entry) => entry.optic);
  if (!exempt.length) return file;
  const spec = loadYaml(file);
  for (const pointer of exempt.flatMap(({ optic }) => optic!.pointers)) {
    const node = pointerGet(spec, pointer) as Record<string, unknown> | undefined;
    if (!node) throw new Error(`acknowledged Optic exemption: nothing at ${pointer}`);
    const rule = exempt.find(({ optic }) => optic!.pointers.includes(pointer))!.optic!.rule;
    node['x-optic-exemptions'] = [...((node['x-optic-exemptions'] as string[] | undefined) ?? []), rule];
  }
  const copy = path.join(mkdtempSync(path.join(tmpdir(), 'evenpay-acknowledged-')), path.basename(file));
  writeFileSync(copy, stringify(spec));
  return copy;
}

/** Optic's verdict on the pair, with the acknowledged exemptions written into a temporary copy of `file`. */
async function opticVerdict(before: string, file: string, acknowledged: Acknowledged[]) {
  const after = withOpticExemptions(file, acknowledged);
  try {
    return await opticBreakingChanges(before, after);
  } finally {
    if (after !== file) rmSync(path.dirname(after), { recursive: true, force: true });
  }
}

/** The breaking changes reviewed and let through for a release (openapi/<version>/acknowledged-breaking-changes.yaml). */
function acknowledgedFor(version: string, release: string): Acknowledged[] {
  const file = path.join(repoRoot, 'openapi', version, 'acknowledged-breaking-changes.yaml');
  if (!existsSync(file)) return [];
  return (loadYaml(file) as unknown as Acknowledged[]).filter((entry) => entry.release === release);
}

async function check(version: string): Promise<string[]> {
  const output: string[] = [];
  const failures: string[] = [];
  const last = baseFile ? { version: 'given base', file: path.resolve(baseFile) } : releasesOf(version).at(-1);
  if (!last) return [`${version}: no release yet (npm run release:spec snapshots one); nothing to compare`];
  const file = currentFile ? path.resolve(currentFile) : path.join(repoRoot, 'generated', version, 'openapi.yaml');
  const current = loadYaml(file);
  const changes = diffSpecs(loadYaml(last.file), current);
  const currentVersion = String((current.info as { version?: string }).version);
  const acknowledged = acknowledgedFor(version, currentVersion);
  const acknowledgementOf = (c: { where: string; message: string }) => acknowledged.find((a) => a.where === c.where && a.change === c.message);
  const breaking = changes.filter((c) => c.breaking && !acknowledgementOf(c));
  const additive = changes.filter((c) => !c.breaking);
  if (!baseFile && currentVersion.split('.')[0] !== last.version.split('.')[0]) {
    failures.push(`${version}: info.version ${currentVersion} changes the major version of release ${last.version}; a new major version is a new API version`);
  }
  if (breaking.length) {
    failures.push(`${version}: ${breaking.length} breaking change(s) against release ${last.version}:`, ...breaking.map((c) => `  ✗ ${c.where}: ${c.message}`));
  } else {
    output.push(`${version}: no breaking changes against release ${last.version}${additive.length ? ` (${additive.length} additive)` : ''}`);
  }
  output.push(...additive.map((c) => `  + ${c.where}: ${c.message}`));
  for (const change of changes) {
    const acknowledgement = change.breaking ? acknowledgementOf(change) : undefined;
    if (acknowledgement) output.push(`  ! ${change.where}: ${change.message} (acknowledged for ${currentVersion}: ${acknowledgement.why})`);
  }
  if (withOptic) {
    const optic = await opticVerdict(last.file, file, acknowledged);
    if (optic.length)
      failures.push(`${version}: Optic finds ${optic.length} breaking change(s):`, ...optic.map((f) => `  ✗ [${f.rule}] ${f.where}: ${f.error}`));
    else output.push(`${version}: Optic's breaking-changes standard: nothing breaking`);
    // Optic compares `paths` only (it reads no `webhooks`): agree on those; a broken webhook
    // fails on our rules alone.
    const onPaths = breaking.filter((c) => !c.where.startsWith('webhook '));
    if (optic.length > 0 !== onPaths.length > 0) {
      failures.push(`${version}: the two checkers disagree (ours: ${onPaths.length} breaking, Optic: ${optic.length}); make them agree before this ships`);
    }
  }
  if (failures.length) throw Object.assign(new Error('breaking'), { lines: [...failures, ...output] });
  return output;
}

const results = await Promise.allSettled(
  listApis()
    .filter((api) => !only || api.version === only)
    .map(({ version }) => check(version)),
);
for (const result of results) {
  if (result.status === 'fulfilled') console.log(result.value.join('\n'));
  else {
    const lines = (result.reason as { lines?: string[] }).lines;
    console.error(lines ? lines.join('\n') : String(result.reason));
    process.exitCode = 1;
  }
}
