// The deployment and alerting files agree with the running service: probe paths answer, ports
// and commands exist, every alert names metrics /metrics exports and links a runbook that exists.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import supertest from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { startCommand } from '../../scripts/bench/lib/child.js';
import { repoRoot } from '../../scripts/lib/apis.js';
import type { EvenpayApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { startTestApp } from '../helpers/app.js';

type Doc = Record<string, any>;
const base = path.join(repoRoot, 'deploy', 'base');
const manifests: Doc[] = readdirSync(base)
  .filter((f) => f.endsWith('.yaml') && f !== 'kustomization.yaml')
  .flatMap((f) => parseAllDocuments(readFileSync(path.join(base, f), 'utf8')).map((d) => d.toJSON() as Doc));
const byKind = (kind: string) => manifests.filter((m) => m.kind === kind);
/** deploy/Dockerfile, and the command its image runs (its CMD, exec form). */
const imageDockerfile = () => readFileSync(path.join(repoRoot, 'deploy', 'Dockerfile'), 'utf8');
const imageCommand = (dockerfile: string): string[] => JSON.parse(/^CMD (\[.*\])$/m.exec(dockerfile)?.[1] ?? '[]');
const podSpecs = () => [...byKind('Deployment'), ...byKind('Job')].map((m) => m.spec.template.spec);

let evenpay: EvenpayApp;
let exported: Set<string>;

beforeAll(async () => {
  evenpay = await startTestApp();
  const metrics = await supertest(evenpay.app).get('/metrics');
  exported = new Set([...metrics.text.matchAll(/^# TYPE (\S+)/gm)].map((m) => m[1]!));
});
afterAll(() => evenpay.close());

describe('deploy/base', () => {
  it('lists every manifest in the kustomization, and each parses', () => {
    const kustomization = parse(readFileSync(path.join(base, 'kustomization.yaml'), 'utf8')) as { resources: string[] };
    for (const file of kustomization.resources) expect(existsSync(path.join(base, file)), file).toBe(true);
    expect(manifests.map((m) => m.kind).sort()).toEqual([
      'ConfigMap',
      'Deployment',
      'Deployment',
      'HorizontalPodAutoscaler',
      'Job',
      'PodDisruptionBudget',
      'Service',
    ]);
  });

  it('probes the paths the service answers, on the port it listens on', async () => {
    const api = byKind('Deployment').find((d) => d.metadata.name === 'evenpay-api')!;
    const container = api.spec.template.spec.containers[0];
    const port = container.ports.find((p: Doc) => p.name === 'http');
    const configMap = byKind('ConfigMap')[0]!;
    expect(port.containerPort).toBe(Number(configMap.data.PORT));
    expect(loadConfig({ PORT: configMap.data.PORT }).port).toBe(port.containerPort);
    for (const probe of [container.livenessProbe, container.readinessProbe]) {
      expect(probe.httpGet.port).toBe('http');
      expect((await supertest(evenpay.app).get(probe.httpGet.path)).status, probe.httpGet.path).toBe(200);
    }
    expect(container.livenessProbe.httpGet.path).toBe('/healthz');
    expect(container.readinessProbe.httpGet.path).toBe('/readyz');
    const service = byKind('Service')[0]!;
    expect(service.spec.ports[0].targetPort).toBe('http');
    expect(service.spec.selector).toEqual(api.spec.selector.matchLabels);
    expect(byKind('PodDisruptionBudget')[0]!.spec.selector.matchLabels).toEqual(api.spec.selector.matchLabels);
    expect(byKind('HorizontalPodAutoscaler')[0]!.spec.scaleTargetRef.name).toBe('evenpay-api');
  });

  it('runs commands that exist, as non-root, with the database URL from a Secret', () => {
    for (const pod of podSpecs()) {
      expect(pod.securityContext.runAsNonRoot).toBe(true);
      for (const container of pod.containers) {
        // The container's command, or the image's CMD: the compiled service (build/service/src/*.js, built from src/*.ts).
        const script = (container.command ?? imageCommand(imageDockerfile())).at(-1) as string;
        expect(script).toMatch(/^build\/service\/src\/[\w-]+\.js$/);
        const source = script.replace(/^build\/service\//, '').replace(/\.js$/, '.ts');
        expect(existsSync(path.join(repoRoot, source)), source).toBe(true);
        const url = container.env.find((e: Doc) => e.name === 'DATABASE_URL');
        expect(url.valueFrom.secretKeyRef).toEqual({ name: 'evenpay-database', key: 'url' });
      }
    }
    const dockerfile = imageDockerfile();
    expect(dockerfile.match(/^FROM /gm)).toHaveLength(2);
    expect(dockerfile).toMatch(/^USER node$/m);
    expect(dockerfile).toContain('RUN REDOCLY_TELEMETRY=off npm run docs && npm run build:js && npm run build:service');
    expect(imageCommand(dockerfile).at(-1)).toBe('build/service/src/server.js');
  });

  it('runs the service with the heap size `npm start` (and so the bench) gives it, sized for the pod', () => {
    const { nodeFlags } = startCommand();
    const flag = nodeFlags.map((f) => /^--max-old-space-size=(\d+)$/.exec(f)).find(Boolean);
    expect(flag, nodeFlags.join(' ')).toBeTruthy();
    const dockerfile = imageDockerfile();
    expect(/^ENV .*NODE_OPTIONS=(\S+)/m.exec(dockerfile)?.[1]).toBe(flag![0]);
    // Heap plus ~100 MB of code, native libraries and young generation must fit under every limit.
    const limitMi = (value: string) => Number(/^(\d+)Mi$/.exec(value)?.[1]);
    for (const pod of podSpecs()) {
      for (const container of pod.containers) expect(limitMi(container.resources.limits.memory)).toBeGreaterThanOrEqual(Number(flag![1]) + 100);
    }
  });

  it("runs the image's service with npm start's other node flags, which Node accepts on a command and refuses in NODE_OPTIONS", () => {
    const { nodeFlags, entry } = startCommand();
    // The heap's growing factor (deploy/README.md): NODE_OPTIONS refuses it, so the image's CMD carries it.
    const others = nodeFlags.filter((f) => !f.startsWith('--max-old-space-size='));
    expect(others).toContain('--heap-growing-percent=60');
    const dockerfile = imageDockerfile();
    expect(imageCommand(dockerfile)).toEqual(['node', ...others, entry]);
    // A `command` or `args` on the API's container would replace the image's CMD, and its flags with it.
    const api = byKind('Deployment').find((d) => d.metadata.name === 'evenpay-api')!;
    for (const container of api.spec.template.spec.containers) expect([container.command, container.args]).toEqual([undefined, undefined]);
    // This Node (the runner's: the image's is node:20 too). An unknown or misspelt V8 flag stops it before it runs anything (exit 9).
    const run = (args: string[], env: NodeJS.ProcessEnv = process.env) => spawnSync(process.execPath, [...args, '-e', 'process.exit(0)'], { env }).status;
    expect(run(nodeFlags)).toBe(0);
    expect(run(['--heap-growing-percents=60'])).toBe(9);
    // Why the CMD carries it: when NODE_OPTIONS takes it, this fails, and the flag can join the heap size there.
    for (const flag of others) expect(run([], { ...process.env, NODE_OPTIONS: flag }), flag).toBe(9);
  });
});

describe('ops/alerts.yaml', () => {
  const rules = (parse(readFileSync(path.join(repoRoot, 'ops', 'alerts.yaml'), 'utf8')) as { groups: Array<{ rules: Doc[] }> }).groups.flatMap((g) => g.rules);

  it('has the alerts the design asks for', () => {
    expect(rules.map((r) => r.alert)).toEqual(
      expect.arrayContaining([
        'EvenpayHighErrorRate',
        'EvenpayLatencySLOBurn',
        'EvenpayDatabaseUnavailable',
        'EvenpayWebhookBacklog',
        'EvenpayDeprecatedCallSpike',
      ]),
    );
  });

  it.each(rules.map((r) => [r.alert as string, r] as const))('%s names only metrics the service exports', (_name, rule) => {
    const names = [...String(rule.expr).matchAll(/\b((?:evenpay|process|nodejs)_[a-z_]+)/g)].map((m) => m[1]!.replace(/_(bucket|count|sum)$/, ''));
    expect(names.length).toBeGreaterThan(0);
    for (const name of names) expect(exported, name).toContain(name);
  });

  it.each(rules.map((r) => [r.alert as string, r] as const))('%s links a runbook that exists', (_name, rule) => {
    const file = String(rule.annotations.runbook_url).split('/blob/main/')[1]!;
    expect(existsSync(path.join(repoRoot, file)), file).toBe(true);
    expect(readFileSync(path.join(repoRoot, file), 'utf8')).toContain(`# ${rule.alert}`);
  });
});
