// /js/evenpay.js from embed/: one ES2020 file (an IIFE, so it defines no global), minified.
// esbuild bundles it because tsc makes one file only from namespaces or AMD/System modules
// (its `outFile`, deprecated in TypeScript 6): embed/ stays plain ES modules, one concept per
// file. The same function gives the docs build the file's Subresource Integrity hash and
// scripts/build-embed.ts the file the service serves, so the two cannot disagree.
import { createHash } from 'node:crypto';
import path from 'node:path';
import { buildSync } from 'esbuild';
import { VERSION } from '../../embed/version.js';
import { repoRoot } from './apis.js';

export interface EmbedScript {
  version: string;
  /** evenpay-<version>.js: the immutable name. */
  file: string;
  code: Buffer;
  /** `sha384-…`, for a <script integrity> attribute. */
  integrity: string;
}

export function bundleEmbed(): EmbedScript {
  const result = buildSync({
    entryPoints: [path.join(repoRoot, 'embed', 'evenpay.ts')],
    tsconfig: path.join(repoRoot, 'embed', 'tsconfig.json'),
    bundle: true,
    format: 'iife',
    target: 'es2020',
    platform: 'browser',
    minify: true,
    legalComments: 'none',
    banner: { js: `/*! evenpay.js ${VERSION}: Evenpay promotional messaging, <evenpay-message> */` },
    write: false,
    logLevel: 'silent',
  });
  const code = Buffer.from(result.outputFiles[0]!.contents);
  return { version: VERSION, file: `evenpay-${VERSION}.js`, code, integrity: `sha384-${createHash('sha384').update(code).digest('base64')}` };
}
