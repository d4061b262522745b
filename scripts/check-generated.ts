// Fails when generated/ differs from what the specs produce now: regenerates into a temporary
// directory and compares every file (built docs and the folder README excepted).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { repoRoot } from './lib/apis.js';

function filesUnder(root: string, dir = root): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    const rel = path.relative(root, full);
    // docs/ is a build output (not committed); README.md is the room's own description.
    if (rel === 'docs' || rel === 'README.md') return [];
    return statSync(full).isDirectory() ? filesUnder(root, full) : [rel];
  });
}

const committed = path.join(repoRoot, 'generated');
const fresh = mkdtempSync(path.join(tmpdir(), 'evenpay-generated-'));
try {
  execFileSync(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'scripts', 'codegen.ts'), '--out', fresh], { stdio: ['ignore', 'ignore', 'inherit'] });
  const expected = new Set(filesUnder(fresh));
  const actual = new Set(filesUnder(committed));
  const problems: string[] = [];
  for (const file of expected) {
    if (!actual.has(file)) problems.push(`missing: generated/${file}`);
    else if (!readFileSync(path.join(fresh, file)).equals(readFileSync(path.join(committed, file)))) problems.push(`differs: generated/${file}`);
  }
  for (const file of actual) if (!expected.has(file)) problems.push(`stale: generated/${file}`);
  if (problems.length) {
    console.error(`generated/ is out of date with openapi/:\n  ${problems.join('\n  ')}\nRun \`npm run generate\` and commit the result.`);
    process.exitCode = 1;
  } else {
    console.log(`generated/ matches openapi/ (${expected.size} files)`);
  }
} finally {
  rmSync(fresh, { recursive: true, force: true });
}
