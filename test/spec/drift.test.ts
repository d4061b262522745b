// `npm run check:generated` is the guard against hand edits and forgotten regeneration: it must
// pass on the committed tree and fail after a one-character edit to a spec file.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../scripts/lib/apis.js';

const copy = mkdtempSync(path.join(tmpdir(), 'evenpay-drift-'));

function checkGenerated(): { code: number; output: string } {
  try {
    const output = execFileSync(process.execPath, ['--import', 'tsx', path.join(copy, 'scripts', 'check-generated.ts')], {
      cwd: copy,
      encoding: 'utf8',
      stdio: 'pipe',
    });
    return { code: 0, output };
  } catch (error) {
    const failed = error as { status: number; stderr: string };
    return { code: failed.status, output: failed.stderr };
  }
}

beforeAll(() => {
  // The scripts use a few modules of src/ (JSON pointers, the deprecation catalogue).
  for (const entry of ['openapi', 'generated', 'scripts', 'src', 'redocly.yaml', 'package.json', 'tsconfig.json']) {
    cpSync(path.join(repoRoot, entry), path.join(copy, entry), { recursive: true, filter: (src) => !src.includes(`${path.sep}docs`) });
  }
  symlinkSync(path.join(repoRoot, 'node_modules'), path.join(copy, 'node_modules'));
});
afterAll(() => rmSync(copy, { recursive: true, force: true }));

describe('npm run check:generated', () => {
  it('passes on the committed tree', () => {
    expect(checkGenerated()).toMatchObject({ code: 0 });
  }, 60_000);

  it('fails after a one-character edit to a spec file, naming what drifted', () => {
    const file = path.join(copy, 'openapi', 'v2', 'paths', 'merchant.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('Retrieve the merchant', 'Retrieve the merchanT'));
    const result = checkGenerated();
    expect(result.code).toBe(1);
    expect(result.output).toContain('differs: generated/v2/openapi.yaml');
  }, 60_000);
});
