// Snapshots each version's bundled spec as a release: openapi/releases/<version>/<info.version>.yaml.
// Re-running for an unchanged spec is a no-op; a changed spec needs a new info.version first.
//   npm run release:spec                 every version
//   npm run release:spec -- --version v2
import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { listApis, repoRoot } from './lib/apis.js';
import { loadYaml, releasesDir } from './lib/releases.js';

const i = process.argv.indexOf('--version');
const only = i >= 0 ? process.argv[i + 1] : undefined;
for (const { version } of listApis().filter((api) => !only || api.version === only)) {
  const bundle = path.join(repoRoot, 'generated', version, 'openapi.yaml');
  const release = String((loadYaml(bundle).info as { version: string }).version);
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
