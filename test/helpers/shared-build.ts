// Build artifacts that several test files need, built once and shared: the packed SDK tarball
// (test/sdk/package*.test.ts, journeys/quickstart-package.test.ts), the docs site
// (spec/docs.test.ts and the browser tests) and /js/evenpay.js (the browser tests that load the
// demo shop). Those files run in different vitest worker
// processes and projects; building per file cost some 90 s of CPU a run on a two-core machine
// (three SDK builds of ~15 s, four docs builds of ~10 s).
//
// An artifact lives in <tmpdir>/evenpay-test-build-<name>-<key>/, the key a SHA-256 over the
// content of every input of its build, so a run after an edit builds afresh and a run with
// nothing changed (or a second file of the same run) reuses it. It is built in a folder of its
// own and renamed into place only when complete: a rename is atomic, so no test ever sees half
// an artifact, whatever the lock below does. The lock (an atomic mkdir) only saves building
// twice: the other processes wait for the first; a lock whose process died, or older than
// STALE_LOCK_MS, is broken. Hand-written because the only shared setup vitest offers
// (globalSetup) would build both artifacts for any file of a project, and a single test file
// run alone must build what it needs and nothing else.
//
// Tests read the artifacts and never write into them: copy first to change anything.
// Removing /tmp/evenpay-test-build-* forces a rebuild.
import { execFile, execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { listApis, repoRoot } from '../../scripts/lib/apis.js';

const PREFIX = 'evenpay-test-build-';
/** A build takes a minute on a busy machine; a lock this old is from a run that hung or was killed. */
const STALE_LOCK_MS = 5 * 60_000;
/** Artifacts of older inputs, unused this long, are deleted. */
const UNUSED_FOR_MS = 24 * 60 * 60_000;
const POLL_MS = 250;
/**
 * How long a hook that needs a shared build gives it: the build itself, or the wait for another
 * process's, on a machine busy with the whole suite (a docs build of 20 s alone took over 90 s in
 * a CI run on two loaded cores).
 */
export const SHARED_BUILD_WAIT_MS = STALE_LOCK_MS;
/** Written last into a finished build: the artifact's path inside it. */
const MANIFEST = 'artifact.json';

interface SharedBuild {
  name: string;
  /** Files and folders (every file under it) of the repository the build reads. */
  inputs: string[];
  /** What else the output depends on: the build's definition, environment variables, the date. */
  extra: unknown;
  /** Builds into `dir` (empty, its own) and returns the artifact's path relative to it. */
  build: (dir: string) => Promise<string>;
}

/** The packed SDK (`npm pack` of scripts/build-sdk.ts's output): the absolute path of the .tgz. */
export function sdkTarball(): Promise<string> {
  return shared({
    name: 'sdk',
    inputs: [
      'src/sdk',
      ...listApis().map(({ version }) => `generated/${version}`), // the clients compiled, the schema types copied
      'tsconfig.json', // tsconfig.sdk.json extends it
      'tsconfig.sdk.json',
      'tsconfig.sdk.cjs.json',
      'scripts/build-sdk.ts',
      'scripts/lib/apis.ts', // which versions there are
      'redocly.yaml', // where apis.ts reads them
      'docs/guides/sdk.md', // the package's README
      'package.json', // version, engines, openapi-fetch's range
      'package-lock.json', // the tsc that compiles it
    ],
    extra: { node: process.version },
    build: async (dir) => {
      const dist = path.join(dir, 'dist');
      await run(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'scripts', 'build-sdk.ts'), '--out', dist]);
      await run('npm', ['pack', dist, '--pack-destination', dir]);
      const tarball = readdirSync(dir).find((file) => file.endsWith('.tgz'));
      if (!tarball) throw new Error(`npm pack left no .tgz in ${dir}`);
      return tarball;
    },
  });
}

/** The docs site as scripts/docs.ts builds it: the absolute path of its folder. */
export function docsSite(): Promise<string> {
  const definition = docsBuildDefinition();
  return shared({
    name: 'docs',
    inputs: definition.inputs,
    extra: {
      definition,
      env: definition.env.map((variable) => [variable, process.env[variable] ?? null]),
      node: process.version,
      // The index states the days left to v1's sunset as of the day it was built.
      day: new Date().toISOString().slice(0, 10),
    },
    build: async (dir) => {
      await run(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'scripts', 'docs.ts'), '--out', path.join(dir, 'site')]);
      return 'site';
    },
  });
}

/** /js/evenpay.js as scripts/build-embed.ts builds it: the absolute path of the folder to serve (the service's embedDir). */
export function embedScript(): Promise<string> {
  const definition = buildDefinition('js');
  return shared({
    name: 'embed',
    inputs: definition.inputs,
    extra: { definition, node: process.version },
    build: async (dir) => {
      await run(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'scripts', 'build-embed.ts'), '--out', path.join(dir, 'js')]);
      return 'js';
    },
  });
}

/**
 * The docs build's inputs and environment as scripts/build-if-changed.mjs declares them for
 * `npm start`: one list, which test/spec/build-if-changed.test.ts checks against the imports.
 * Asked with --list because importing that script runs it.
 */
function docsBuildDefinition(): { inputs: string[]; env: string[] } {
  return buildDefinition('docs');
}

function buildDefinition(name: 'docs' | 'js'): { inputs: string[]; env: string[] } {
  const builds = JSON.parse(execFileSync(process.execPath, [path.join(repoRoot, 'scripts', 'build-if-changed.mjs'), '--list'], { encoding: 'utf8' }));
  return builds[name];
}

// One promise per process for whoever asks again (a file twice, or the files of a project run with
// `isolate: false`, which share this module); other processes meet at the lock.
const inProcess = new Map<string, Promise<string>>();

function shared(build: SharedBuild): Promise<string> {
  let artifact = inProcess.get(build.name);
  if (!artifact) {
    artifact = buildOnce(build);
    inProcess.set(build.name, artifact);
    // A failed build is tried again by the next file that asks, rather than failing it unseen.
    artifact.catch(() => inProcess.delete(build.name));
  }
  return artifact;
}

async function buildOnce(build: SharedBuild): Promise<string> {
  const dir = path.join(tmpdir(), `${PREFIX}${build.name}-${inputsKey(build)}`);
  const lock = `${dir}.lock`;
  for (;;) {
    const done = finished(dir);
    if (done) return done;
    if (tryLock(lock)) {
      try {
        return finished(dir) ?? (await buildInto(dir, build));
      } finally {
        rmSync(lock, { recursive: true, force: true });
      }
    }
    if (isStale(lock)) breakLock(lock);
    else await sleep(POLL_MS);
  }
}

/** The artifact's absolute path if `dir` holds a finished build (marked used, so pruning spares it). */
function finished(dir: string): string | undefined {
  let manifest: { artifact: string };
  try {
    manifest = JSON.parse(readFileSync(path.join(dir, MANIFEST), 'utf8'));
  } catch {
    return undefined;
  }
  markUsed(dir);
  return path.join(dir, manifest.artifact);
}

function markUsed(dir: string) {
  const now = new Date();
  try {
    utimesSync(dir, now, now);
  } catch {
    // Another user's build, readable but not ours to touch: it is theirs to prune too.
  }
}

/** Builds in a staging folder, then renames it to `dir` in one step. */
async function buildInto(dir: string, build: SharedBuild): Promise<string> {
  const staging = `${dir}.partial-${process.pid}-${randomBytes(4).toString('hex')}`;
  mkdirSync(staging);
  try {
    const artifact = await build.build(staging);
    writeFileSync(path.join(staging, MANIFEST), `${JSON.stringify({ artifact })}\n`);
    renameSync(staging, dir);
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    // A process that broke our lock finished first: its build is as good as ours.
    const done = finished(dir);
    if (done) return done;
    throw error;
  }
  prune(build.name, dir);
  return finished(dir)!;
}

/** Deletes the half-builds of killed processes, and this build's artifacts of other inputs not used for a day. */
function prune(name: string, keep: string) {
  for (const entry of readdirSync(tmpdir()).filter((file) => file.startsWith(`${PREFIX}${name}-`))) {
    const full = path.join(tmpdir(), entry);
    if (full === keep || entry.endsWith('.lock')) continue;
    const builder = /\.partial-(\d+)-/.exec(entry)?.[1];
    try {
      if ((builder && !isAlive(Number(builder))) || Date.now() - statSync(full).mtimeMs > UNUSED_FOR_MS) rmSync(full, { recursive: true, force: true });
    } catch {
      // Pruned by another process meanwhile, or still written to by a killed build's compiler.
    }
  }
}

function tryLock(lock: string): boolean {
  try {
    mkdirSync(lock);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  writeFileSync(path.join(lock, 'pid'), String(process.pid));
  return true;
}

/** Its process is gone (killed mid-build), or it is older than any build takes. */
function isStale(lock: string): boolean {
  try {
    if (Date.now() - statSync(lock).mtimeMs > STALE_LOCK_MS) return true;
    return !isAlive(Number(readFileSync(path.join(lock, 'pid'), 'utf8')));
  } catch {
    // Gone since (try again at once), or taken but its pid not yet written (wait for it).
    return !existsSync(lock);
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Moved aside before deleting, so that of several processes breaking it at once one does. */
function breakLock(lock: string) {
  const aside = `${lock}.stale-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    renameSync(lock, aside);
  } catch {
    return;
  }
  rmSync(aside, { recursive: true, force: true });
}

/** SHA-256 over `extra` and each input file's path and content (folders walked, dot-files left out, as build-if-changed does). */
function inputsKey(build: SharedBuild): string {
  const hash = createHash('sha256').update(JSON.stringify(build.extra));
  for (const file of filesOf(build.inputs)) hash.update(`\0${file}\0`).update(readFileSync(path.join(repoRoot, file)));
  return hash.digest('hex').slice(0, 16);
}

/** Every file under the inputs, relative to the repository with `/`, sorted. */
function filesOf(inputs: string[]): string[] {
  const files = new Set<string>();
  for (const input of inputs.flatMap(rootFilesMatching)) {
    const full = path.join(repoRoot, input);
    if (!existsSync(full)) continue;
    if (!statSync(full).isDirectory()) {
      files.add(input);
      continue;
    }
    for (const relative of readdirSync(full, { recursive: true, encoding: 'utf8' })) {
      if (relative.split(path.sep).some((part) => part.startsWith('.'))) continue;
      if (statSync(path.join(full, relative)).isFile()) files.add(`${input}/${relative.split(path.sep).join('/')}`);
    }
  }
  return [...files].sort();
}

/** A name with `*` stands for the files of the root it matches (`tsconfig*.json`); any other, for itself. */
function rootFilesMatching(input: string): string[] {
  if (!input.includes('*')) return [input];
  const matches = new RegExp(`^${input.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replaceAll('*', '[^/]*')}$`);
  return readdirSync(repoRoot).filter((name) => matches.test(name));
}

/** Runs a build step in the repository; its output goes into the error if it fails. */
async function run(command: string, args: string[]) {
  try {
    await promisify(execFile)(command, args, { cwd: repoRoot, maxBuffer: 64 * 1024 * 1024 });
  } catch (error) {
    const { stdout, stderr, message } = error as { stdout?: string; stderr?: string; message: string };
    throw new Error(`${message}\n${stdout ?? ''}${stderr ?? ''}`);
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
