// `npm run bench -- --cpu-prof`: each Evenpay target runs under V8's sampling profiler (node
// --cpu-prof); afterwards the samples taken while autocannon measured are added up by where their
// code lives — a package in node_modules, a folder of src/, Node's own internals — so the report
// says which layer the time goes to. The .cpuprofile files stay beside the summary, for Chrome
// DevTools or speedscope.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** A sample's place: `sequelize`, `src/http`, `node:_http_outgoing`, `(garbage collector)`… */
export function layerOf(frame: ProfileNode['callFrame']): string {
  // The innermost package: a dependency's own nested copy counts as that dependency.
  const pkg = [...frame.url.matchAll(/node_modules\/((?:@[^/]+\/)?[^/]+)/g)].at(-1);
  if (pkg) return pkg[1]!;
  const ours = /\/src\/([^/]+)\//.exec(frame.url);
  if (ours) return `src/${ours[1]}`;
  if (/\/src\/[^/]+\.[jt]s$/.test(frame.url)) return 'src';
  if (frame.url.startsWith('node:')) return frame.url.split('/')[0]!;
  return frame.functionName || '(native)';
}

export interface LayerShare {
  layer: string;
  percent: number;
}

/**
 * Self time by layer, in % of the samples between `fromUs` and `toUs` (the monotonic clock, in
 * µs: V8 stamps its samples with the same clock as process.hrtime on Linux).
 */
export function layersOf(profile: CpuProfile, fromUs: number, toUs: number): LayerShare[] {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const totals = new Map<string, number>();
  let at = profile.startTime;
  let total = 0;
  profile.samples.forEach((id, i) => {
    const delta = profile.timeDeltas[i] ?? 0;
    at += delta;
    if (at < fromUs || at > toUs) return;
    const layer = layerOf(byId.get(id)!.callFrame);
    totals.set(layer, (totals.get(layer) ?? 0) + delta);
    total += delta;
  });
  return [...totals].map(([layer, time]) => ({ layer, percent: total ? (100 * time) / total : 0 })).sort((a, b) => b.percent - a.percent);
}

/** Reads the one .cpuprofile in `dir`, writes `layers.txt` beside it and returns the top layers. */
export function summarizeProfile(dir: string, window: { fromUs: number; toUs: number }, top = 15): LayerShare[] {
  const file = readdirSync(dir).find((name) => name.endsWith('.cpuprofile'));
  if (!file) throw new Error(`no .cpuprofile in ${dir}: did the target exit cleanly?`);
  const layers = layersOf(JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as CpuProfile, window.fromUs, window.toUs);
  writeFileSync(path.join(dir, 'layers.txt'), `${layers.map(({ layer, percent }) => `${percent.toFixed(1).padStart(5)} %  ${layer}`).join('\n')}\n`);
  return layers.slice(0, top);
}

/** Now on the clock the profiles use, in µs. */
export function monotonicUs(): number {
  return Number(process.hrtime.bigint() / 1000n);
}
