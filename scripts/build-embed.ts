// `npm run build:js`: /js/evenpay.js into build/embed/ (`--out <dir>` writes elsewhere), where
// the service serves it from (src/pay/embed-script.ts): evenpay-<version>.js and manifest.json
// (its version, file name and integrity hash). A build output, never committed.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from './lib/apis.js';
import { bundleEmbed } from './lib/embed.js';

const outFlag = process.argv.indexOf('--out');
const outDir = outFlag >= 0 && process.argv[outFlag + 1] ? path.resolve(process.argv[outFlag + 1]!) : path.join(repoRoot, 'build', 'embed');

const script = bundleEmbed();
rmSync(outDir, { recursive: true, force: true });
mkdirSync(outDir, { recursive: true });
writeFileSync(path.join(outDir, script.file), script.code);
writeFileSync(path.join(outDir, 'manifest.json'), `${JSON.stringify({ version: script.version, file: script.file, integrity: script.integrity }, null, 2)}\n`);
console.log(`${path.relative(repoRoot, path.join(outDir, script.file)) || script.file}: ${script.code.length} bytes, ${script.integrity}`);
