// The breaking-change gate: each version's current bundled spec against its last release.
// Additive changes pass (and are listed); a breaking change fails, because within a released
// version only additive changes ship. A new major version is a new API version folder.
//   npm run check:breaking
//   npm run check:breaking -- --version v2 --current some-spec.yaml   (compare a given file)
import path from 'node:path';
import { listApis, repoRoot } from './lib/apis.js';
import { loadYaml, releasesOf } from './lib/releases.js';
import { diffSpecs } from './lib/spec-diff.js';

function option(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const only = option('--version');
const currentFile = option('--current');
let failed = false;
for (const { version } of listApis().filter((api) => !only || api.version === only)) {
  const releases = releasesOf(version);
  const last = releases.at(-1);
  if (!last) {
    console.log(`${version}: no release yet (npm run release:spec snapshots one); nothing to compare`);
    continue;
  }
  const current = loadYaml(currentFile ? path.resolve(currentFile) : path.join(repoRoot, 'generated', version, 'openapi.yaml'));
  const changes = diffSpecs(loadYaml(last.file), current);
  const breaking = changes.filter((c) => c.breaking);
  const additive = changes.filter((c) => !c.breaking);
  const currentVersion = String((current.info as { version?: string }).version);
  if (currentVersion.split('.')[0] !== last.version.split('.')[0]) {
    console.error(`${version}: info.version ${currentVersion} changes the major version of release ${last.version}; a new major version is a new API version`);
    failed = true;
  }
  if (breaking.length) {
    failed = true;
    console.error(`${version}: ${breaking.length} breaking change(s) against release ${last.version}:`);
    for (const change of breaking) console.error(`  ✗ ${change.where}: ${change.message}`);
  } else {
    console.log(`${version}: no breaking changes against release ${last.version}${additive.length ? ` (${additive.length} additive)` : ''}`);
  }
  for (const change of additive) console.log(`  + ${change.where}: ${change.message}`);
}
if (failed) process.exitCode = 1;
