// The reference's code samples (scripts/lib/code-samples.ts), made from the spec's examples at
// docs build time: one curl and one TypeScript SDK sample per operation, and every TypeScript
// sample compiles against the SDK, so a sample can never show a call the SDK would refuse. So
// does the TypeScript of every guide.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { listApis, repoRoot } from '../../scripts/lib/apis.js';
import { codeSamplesOf } from '../../scripts/lib/code-samples.js';
import { expandIncludes } from '../../scripts/lib/guides.js';
import type { Spec } from '../../scripts/lib/sdk-resources.js';
import { loadBundledSpec } from '../../src/http/spec.js';

const specOf = (version: string) => loadBundledSpec(version) as unknown as Spec;
// Inside the repository, so the samples' `evenpay/v2` resolves through tsconfig.json's paths.
const scratch = path.join(repoRoot, 'build', 'code-samples-test');
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** The compiler's messages for the project in `dir` ('' when it compiles). */
function compile(dir: string): string {
  try {
    execFileSync(process.execPath, [path.join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', dir], { cwd: repoRoot, encoding: 'utf8' });
    return '';
  } catch (error) {
    return (error as { stdout: string }).stdout;
  }
}

describe('code samples', () => {
  it.each(listApis().map((api) => api.version))('gives every %s operation a curl and a TypeScript SDK sample', (version) => {
    const spec = specOf(version);
    const samples = codeSamplesOf(spec, version);
    const operationIds = Object.values(spec.paths).flatMap((item) =>
      Object.values(item).flatMap((operation) =>
        (operation as { operationId?: string }).operationId ? [(operation as { operationId: string }).operationId] : [],
      ),
    );
    expect([...samples.keys()].sort()).toEqual([...operationIds].sort());
    for (const [operationId, [curl, typescript]] of samples) {
      expect(curl?.label, operationId).toBe('curl');
      expect(curl?.source, operationId).toMatch(/^curl /);
      // The key the operation takes: the publishable key alone for GET /promotions, never the secret.
      const key = operationId === 'getPromotion' ? '$EVENPAY_PUBLISHABLE_KEY' : '$EVENPAY_SECRET_KEY';
      expect(curl?.source, operationId).toContain(key);
      expect(typescript?.source, operationId).toContain(key.replace('$', 'process.env.'));
      if (operationId === 'getPromotion') expect(`${curl?.source}${typescript?.source}`).not.toContain('SECRET');
      expect(typescript?.source, operationId).toContain(`from 'evenpay/${version}'`);
      expect(typescript?.source, operationId).not.toMatch(/\w!|\sas\s/);
    }
  });

  it('takes the bodies, path values and idempotency keys from the spec examples', () => {
    const samples = codeSamplesOf(specOf('v2'), 'v2');
    const [curl, typescript] = samples.get('captureTransaction') ?? [];
    expect(curl?.source).toMatch(/curl -X POST "\$EVENPAY_API_BASE\/v2\/transactions\/txn_\w+\/capture"/);
    expect(curl?.source).toMatch(/-H "Idempotency-Key: [^"]+"/);
    expect(curl?.source).toContain('"amount":');
    expect(typescript?.source).toMatch(
      /const transaction = await evenpay\.transactions\.capture\('txn_\w+', \{\n {2}amount: \d+\n\}, \{ idempotencyKey: '[^']+' \}\);/,
    );
    const [, list] = samples.get('listCheckouts') ?? [];
    expect(list?.source).toContain('for await (const checkout of evenpay.checkouts.list(');
    // Bytes are saved, not printed: curl under the answer's name, the SDK's Blob written to a file.
    const [curlDownload, download] = samples.get('getDisputeDocument') ?? [];
    expect(curlDownload?.source).toMatch(/\/v2\/disputes\/dp_\w+\/documents\/doc_\w+" \\\n.*\\\n {2}-OJ$/);
    expect(download?.source).toMatch(
      /const file = await evenpay\.disputes\.downloadDocument\('dp_\w+', 'doc_\w+'\);\nawait writeFile\('doc_\w+', Buffer\.from\(await file\.arrayBuffer\(\)\)\);$/,
    );
  });

  it('compiles the TypeScript of every guide (its blocks in order, as one file), with no `!` and no cast', () => {
    mkdirSync(scratch, { recursive: true });
    const files: string[] = [];
    for (const guide of readdirSync(path.join(repoRoot, 'docs', 'guides')).filter((file) => file.endsWith('.md'))) {
      const markdown = expandIncludes(readFileSync(path.join(repoRoot, 'docs', 'guides', guide), 'utf8'));
      const blocks = [...markdown.matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map((m) => m[1] ?? '');
      if (!blocks.length) continue;
      const source = blocks.join('\n');
      const code = source.replace(/\/\/.*$/gm, ''); // comments may say "as"
      expect(code, guide).not.toMatch(/[\w)\]]!(?!=)/);
      expect(code, guide).not.toMatch(/\sas\s+[\w{[]/);
      const file = path.join(scratch, `guide-${guide.replace(/\.md$/, '')}.ts`);
      writeFileSync(file, source);
      files.push(file);
    }
    expect(files.map((file) => path.basename(file))).toEqual(expect.arrayContaining(['guide-quickstart.ts', 'guide-sdk.ts', 'guide-webhooks.ts']));
    writeFileSync(path.join(scratch, 'tsconfig.json'), JSON.stringify({ extends: '../../tsconfig.json', include: files.map((file) => path.basename(file)) }));
    expect(compile(scratch)).toBe('');
  }, 120_000);

  it('compiles every TypeScript sample against the SDK', () => {
    mkdirSync(scratch, { recursive: true });
    const files: string[] = [];
    for (const { version } of listApis()) {
      for (const [operationId, samples] of codeSamplesOf(specOf(version), version)) {
        const file = path.join(scratch, `${version}-${operationId}.ts`);
        writeFileSync(file, samples.find((sample) => sample.lang === 'TypeScript')?.source ?? '');
        files.push(file);
      }
    }
    writeFileSync(path.join(scratch, 'tsconfig.json'), JSON.stringify({ extends: '../../tsconfig.json', include: files.map((file) => path.basename(file)) }));
    expect(files.length).toBeGreaterThan(40);
    expect(compile(scratch)).toBe('');
  }, 120_000);
});
