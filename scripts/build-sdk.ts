// Builds the SDK partners install into dist/, a package of its own: `npm pack ./dist` gives the
// `evenpay` tarball with `evenpay/v1` and `evenpay/v2` entries (package.json `exports`) and full
// types. It depends on openapi-fetch only — none of the service's dependencies.
// tsc compiles the runtime and the generated clients; the generated schema types are copied,
// because tsc does not copy declaration files.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { listApis, repoRoot } from './lib/apis.js';

const dist = path.join(repoRoot, 'dist');
rmSync(dist, { recursive: true, force: true });
execFileSync(process.execPath, [path.join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', path.join(repoRoot, 'tsconfig.sdk.json')], {
  stdio: 'inherit',
});
for (const { version } of listApis()) {
  mkdirSync(path.join(dist, 'generated', version), { recursive: true });
  copyFileSync(path.join(repoRoot, 'generated', version, 'schema.d.ts'), path.join(dist, 'generated', version, 'schema.d.ts'));
}
const root = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as {
  version: string;
  dependencies: Record<string, string>;
  engines: Record<string, string>;
};
const entry = (version: string) => ({ types: `./src/sdk/${version}.d.ts`, default: `./src/sdk/${version}.js` });
const manifest = {
  name: 'evenpay',
  version: root.version,
  description: 'Typed Node.js client for the Evenpay API: retries, idempotency, pagination, typed errors, webhook verification.',
  type: 'module',
  engines: root.engines,
  exports: Object.fromEntries([...listApis().map(({ version }) => [`./${version}`, entry(version)]), ['./package.json', './package.json']]),
  dependencies: { 'openapi-fetch': root.dependencies['openapi-fetch'] },
  license: 'UNLICENSED',
};
writeFileSync(path.join(dist, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
writeFileSync(
  path.join(dist, 'README.md'),
  "# evenpay\n\nTyped client for the Evenpay API, generated from its OpenAPI specs.\n\n```ts\nimport { createEvenpayClient } from 'evenpay/v2';\nconst evenpay = createEvenpayClient({ apiKey: process.env.EVENPAY_SECRET_KEY! });\nconst { data } = await evenpay.GET('/merchant');\n```\n",
);
console.log('SDK built into dist/ (npm pack ./dist)');
