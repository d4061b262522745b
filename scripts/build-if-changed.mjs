// Runs a build only when its inputs or its outputs changed since it last succeeded, so that a
// second `npm start` (prestart) does not rebuild the docs and the service: it hashes the content
// of every input file (plus the environment variables the build reads, and the build's own
// definition) and of every output file, and compares with the stamp the last successful build
// left in build/.stamps/<name>.json. Plain Node ESM, no tsx: it runs before every start.
//
//   node scripts/build-if-changed.mjs [--force] [--quiet] <build>...   builds: docs, js, service
//   FORCE_BUILD=1 npm start                                             rebuild whatever is named
//
// It writes to stderr only (`npm run -s operator -- … --json` pipes stdout), and with --quiet
// nothing when there is nothing to build.
// For tests: --root <dir> hashes another tree, --stamps <dir> keeps stamps elsewhere, --command
// <shell command> runs instead of each build's own; --list prints the builds as JSON.
import { execSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/**
 * What each build reads and writes, relative to the root. A folder means every file under it; a
 * name with `*` in it, every file of the root whose name matches (`tsconfig*.json`). A
 * build's inputs err on the side of too many: a needless rebuild costs a minute, a missed one
 * serves stale code. test/spec/build-if-changed.test.ts checks that every file scripts/docs.ts
 * and src/ import is covered.
 */
const builds = {
  docs: {
    command: 'npm run -s docs',
    inputs: [
      'openapi', // the specs Redoc renders (via redocly.yaml) and the releases the changelog diffs
      'generated/v1',
      'generated/v2',
      'docs', // guides and migration prose
      'embed', // the demo shop page and the guides show evenpay.js's integrity hash
      'examples',
      'scripts', // docs.ts and its lib/
      'src/domain/deprecations.ts', // the migration guides and the error catalogue import these
      'src/http/problem-catalogue.ts',
      'src/http/json-pointer.ts',
      'src/http/auth-scheme.ts', // the code samples' key, by each operation's security
      'src/kernel/errors.ts',
      'src/sdk', // the SDK the code samples show
      'redocly.yaml',
      'package.json',
      'package-lock.json',
    ],
    // scripts/docs.ts writes DOCS_BASE_URL into the sitemap.
    env: ['DOCS_BASE_URL'],
    outputs: ['generated/docs'],
  },
  js: {
    command: 'npm run -s build:js',
    // The component's source, its bundling (scripts/lib/embed.ts) and the esbuild that does it.
    inputs: ['embed', 'scripts/build-embed.ts', 'scripts/lib/embed.ts', 'scripts/lib/apis.ts', 'package.json', 'package-lock.json'],
    env: [],
    outputs: ['build/embed'],
  },
  service: {
    command: 'npm run -s build:service',
    inputs: ['src', 'generated/v1', 'generated/v2', 'tsconfig*.json', 'package.json', 'package-lock.json'],
    env: [],
    outputs: ['build/service'],
    // tsc --incremental trusts its build info and does not write again an output that was
    // deleted; a build run because the outputs changed starts without it.
    forgetOnOutputChange: ['build/service/.tsbuildinfo'],
  },
};

/** Every file under each path (a file stands for itself), relative to root with `/`, sorted, with its stat; dot-files left out. */
function filesOf(root, paths) {
  const files = new Map();
  for (const entry of paths.flatMap((name) => (name.includes('*') ? rootFilesMatching(root, name) : [name]))) {
    const full = path.join(root, entry);
    if (!existsSync(full)) continue;
    const stat = statSync(full);
    if (!stat.isDirectory()) {
      files.set(entry, stat);
      continue;
    }
    for (const relative of readdirSync(full, { recursive: true })) {
      if (relative.startsWith('.') || relative.includes(`${path.sep}.`)) continue;
      const fileStat = statSync(`${full}${path.sep}${relative}`);
      if (fileStat.isFile()) files.set(`${entry}/${relative.split(path.sep).join('/')}`, fileStat);
    }
  }
  return [...files].sort(([a], [b]) => (a < b ? -1 : 1));
}

function rootFilesMatching(root, pattern) {
  const matches = new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replaceAll('*', '[^/]*')}$`);
  return readdirSync(root).filter((name) => matches.test(name));
}

/**
 * One SHA-256 over each file's path and content, `extra` (the build's definition, env values)
 * first. A file whose size, mtime, ctime and inode are those `known` recorded keeps the content
 * hash recorded with them, unread (as git's index does): the check reads almost nothing when
 * nothing changed. ctime cannot be set back by hand, so an edit always shows.
 */
function hashFiles(root, paths, extra, known) {
  const hash = createHash('sha256').update(extra);
  const seen = {};
  let read = 0;
  const files = filesOf(root, paths);
  for (const [file, stat] of files) {
    const key = `${stat.size}:${stat.mtimeMs}:${stat.ctimeMs}:${stat.ino}`;
    let content = known[file]?.[0] === key ? known[file][1] : undefined;
    if (!content) {
      content = createHash('sha256')
        .update(readFileSync(path.join(root, file)))
        .digest('hex');
      read++;
    }
    seen[file] = [key, content];
    hash.update(`\0${file}\0${content}`);
  }
  return { hash: hash.digest('hex'), count: files.length, seen, read };
}

function readStamp(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

/** Builds `name` unless the stamp says its inputs and outputs are what the last build left. Returns why it built, or undefined. */
function buildIfChanged(name, { root = repoRoot, stampDir = path.join(root, 'build', '.stamps'), command, force = false, env = process.env } = {}) {
  const build = builds[name];
  if (!build) throw new Error(`unknown build "${name}" (known: ${Object.keys(builds).join(', ')})`);
  const stampFile = path.join(stampDir, `${name}.json`);
  const stamp = readStamp(stampFile);
  const known = stamp?.files ?? {};
  const definition = JSON.stringify({ name, ...build, env: build.env.map((variable) => [variable, env[variable] ?? null]) });
  const inputs = hashFiles(root, build.inputs, definition, known);
  const outputs = hashFiles(root, build.outputs, '', known);
  let reason;
  if (force) reason = 'forced';
  else if (!stamp) reason = 'never built here';
  else if (stamp.inputs !== inputs.hash) reason = 'inputs changed';
  else if (outputs.count === 0) reason = 'output missing';
  else if (stamp.outputs !== outputs.hash) reason = 'output changed';
  if (!reason) {
    // Up to date, but files were read (touched by a checkout, say): remember them as they are now.
    if (inputs.read + outputs.read > 0) writeStamp(stampFile, inputs, outputs);
    return undefined;
  }

  const run = command ?? build.command;
  if (reason !== 'inputs changed') for (const file of build.forgetOnOutputChange ?? []) rmSync(path.join(root, file), { force: true });
  process.stderr.write(`${name}: ${reason}, building (${run})\n`);
  rmSync(stampFile, { force: true });
  execSync(run, { cwd: root, stdio: ['ignore', 2, 2], env });
  // The inputs as hashed before the build: one changed while it ran has a newer ctime, so the next run hashes it again.
  writeStamp(stampFile, inputs, hashFiles(root, build.outputs, '', known));
  return reason;
}

function writeStamp(file, inputs, outputs) {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify({ inputs: inputs.hash, outputs: outputs.hash, files: { ...inputs.seen, ...outputs.seen } })}\n`);
}

function main() {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      force: { type: 'boolean', default: false },
      root: { type: 'string' },
      stamps: { type: 'string' },
      command: { type: 'string' },
      list: { type: 'boolean', default: false },
      quiet: { type: 'boolean', default: false },
    },
  });
  if (values.list) {
    process.stdout.write(`${JSON.stringify(builds, null, 2)}\n`);
    return;
  }
  if (positionals.length === 0) throw new Error(`name the builds to run: ${Object.keys(builds).join(', ')}`);
  const root = values.root ? path.resolve(values.root) : repoRoot;
  const force = values.force || ['1', 'true'].includes(process.env.FORCE_BUILD ?? '');
  const built = positionals.filter((name) =>
    buildIfChanged(name, {
      root,
      force,
      ...(values.stamps ? { stampDir: path.resolve(values.stamps) } : {}),
      ...(values.command ? { command: values.command } : {}),
    }),
  );
  const skipped = positionals.filter((name) => !built.includes(name));
  if (skipped.length && !values.quiet) process.stderr.write(`${skipped.join(' and ')}: up to date, not rebuilt (FORCE_BUILD=1 rebuilds)\n`);
}

try {
  main();
} catch (error) {
  // A failed build has already printed its own errors.
  process.stderr.write(`build-if-changed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(typeof error?.status === 'number' ? error.status : 1);
}
