// Snapshots each version's bundled spec as a release: openapi/releases/<version>/<info.version>.yaml.
// Re-running for an unchanged spec is a no-op; a changed spec needs a new info.version first, and
// every release its notes (info.x-changelog: date, summary, what a partner must do).
//   npm run release:spec                 every version
//   npm run release:spec -- --version v2
import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { listApis, repoRoot } from './lib/apis.js';
import { releaseNotesOf } from './lib/changelog.js';
import { loadYaml, releasesDir } from './lib/releases.js';

const i = process.argv.indexOf('--version');
const only = i >= 0 ? process.argv[i + 1] : undefined;
for (const { version } of listApis().filter((api) => !only || api.version === only)) {
  const bundle = path.join(repoRoot, 'generated', version, 'openapi.yaml');
  const spec = loadYaml(bundle);
  const release = String((spec.info as { version: string }).version);
  const note = releaseNotesOf(spec).find((entry) => entry.version === release);
  if (!note?.released) {
    console.error(
      `${version} ${release}: give it release notes first — an entry in info.x-changelog of openapi/${version}/openapi.yaml with version, released (today's date), summary and action — then npm run generate`,
    );
    process.exitCode = 1;
    continue;
  }
  const target = path.join(releasesDir, version, `${release}.yaml`);
  if (existsSync(target)) {
    if (readFileSync(target).equals(readFileSync(bundle))) {
      console.log(`${version} ${release}: already released, unchanged`);
      continue;
    }
    console.error(`${version} ${release} is already released with different content: bump info.version in openapi/${version}/openapi.yaml`);
    process.exitCode = 1;
    continue;
  }
  mkdirSync(path.dirname(target), { recursive: true });
  copyFileSync(bundle, target);
  console.log(`${version} ${release}: released to ${path.relative(repoRoot, target)}`);
}
