// What operators rely on: liveness and readiness probes, Prometheus metrics per operation,
// one JSON log line per request with ids and no secrets, security headers.
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import supertest from 'supertest';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createApp, type EvenpayApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { makeMerchant, type TestMerchant } from '../factories/merchants.js';
import { api } from '../helpers/http.js';

const lines: string[] = [];
let evenpay: EvenpayApp;
let merchant: TestMerchant;
let http: ReturnType<typeof api>;

beforeAll(async () => {
  const sink = new Writable({
    write(chunk, _encoding, done) {
      lines.push(...chunk.toString().split('\n').filter(Boolean));
      done();
    },
  });
  const config = { ...loadConfig({ NODE_ENV: 'test' }), databaseUrl: inject('databaseUrl'), validateResponses: true, logLevel: 'info' };
  evenpay = await createApp(config, { logger: pino({ level: 'info' }, sink) });
  http = api(evenpay.app);
  merchant = await makeMerchant(evenpay.services.models);
});
afterAll(() => evenpay.close());

describe('probes', () => {
  it('/healthz answers while the process runs', async () => {
    const res = await supertest(evenpay.app).get('/healthz');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok' });
  });

  it('/readyz checks the database and the migrations', async () => {
    const res = await supertest(evenpay.app).get('/readyz');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ready', checks: { database: 'ok', migrations: 'ok' } });
  });
});

describe('/metrics', () => {
  it('has a duration histogram per API version, operation and status class, and the business counters', async () => {
    await http.get('/v2/merchant', { auth: merchant.bearer });
    await http.get('/v2/merchant');
    const key = `metrics-${merchant.id}`;
    const body = { amount: 10_000, currency: 'USD' };
    await http.post('/v2/plan-quotes', { auth: merchant.bearer, body, headers: { 'Idempotency-Key': key } });
    await http.post('/v2/plan-quotes', { auth: merchant.bearer, body, headers: { 'Idempotency-Key': key } });
    await http.get('/v1/account', { auth: `Basic ${Buffer.from(`${merchant.publishableKey}:${merchant.secretKey}`).toString('base64')}` });

    const res = await supertest(evenpay.app).get('/metrics');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    expect(res.text).toMatch(/evenpay_http_request_duration_seconds_bucket\{le="[^"]+",api_version="v2",operation_id="getMerchant",status_class="2xx"\} [1-9]/);
    expect(res.text).toMatch(/evenpay_http_request_duration_seconds_count\{api_version="v2",operation_id="getMerchant",status_class="4xx"\} [1-9]/);
    expect(res.text).toMatch(/evenpay_idempotent_replays_total\{operation_id="createPlanQuote"\} [1-9]/);
    expect(res.text).toMatch(/evenpay_deprecated_calls_total\{api_version="v1",operation_id="getAccount"\} [1-9]/);
    for (const name of [
      'evenpay_webhook_attempts_total',
      'evenpay_webhook_queue_oldest_age_seconds',
      'evenpay_database_up',
      'evenpay_database_pool_connections',
      'process_resident_memory_bytes',
      'nodejs_eventloop_lag_seconds',
    ]) {
      expect(res.text).toContain(`# TYPE ${name}`);
    }
  });
});

describe('request logs', () => {
  it('write one JSON line per request with request id, merchant, operation, status and latency, and never a key', async () => {
    const res = await http.get('/v2/merchant', { auth: merchant.bearer });
    const requestId = res.headers['request-id'] as string;
    const line = lines.map((l) => JSON.parse(l) as Record<string, unknown>).find((entry) => (entry.req as { id?: string } | undefined)?.id === requestId);
    expect(line).toMatchObject({ merchant_id: merchant.id, operation_id: 'getMerchant', res: { status: 200 }, msg: 'request completed' });
    expect(typeof line!.responseTime).toBe('number');
    expect(lines.join('\n')).not.toContain(merchant.secretKey);
    expect(lines.join('\n')).not.toContain(merchant.secretKey.slice(8));
  });

  it('log an unexpected failure at error level with its stack, once, under the request id the caller saw', async () => {
    const profiles = evenpay.services.merchantProfiles;
    const load = profiles.load.bind(profiles);
    profiles.load = () => Promise.reject(new Error('profile store exploded'));
    try {
      const res = await http.get('/v2/merchant', { auth: merchant.bearer });
      expect(res.status).toBe(500);
      expect(JSON.stringify(res.body)).not.toContain('exploded');
      const requestId = res.headers['request-id'] as string;
      const entries = lines
        .map((l) => JSON.parse(l) as Record<string, unknown>)
        .filter((entry) => (entry.req as { id?: string } | undefined)?.id === requestId);
      expect(entries.map((entry) => [entry.level, entry.msg])).toEqual([
        [50, 'unhandled error'],
        [50, 'request completed'],
      ]);
      expect((entries[0]!.err as { stack: string }).stack).toContain('profile store exploded');
      expect(entries[0]).toMatchObject({ merchant_id: merchant.id, operation_id: 'getMerchant' });
      expect(entries[1]).toMatchObject({ res: { status: 500 }, operation_id: 'getMerchant' });
    } finally {
      profiles.load = load;
    }
  });

  it('log a request the client gave up on as aborted', async () => {
    const server = evenpay.app.listen(0, '127.0.0.1');
    await new Promise<void>((resolve) => server.once('listening', resolve));
    const { port } = server.address() as AddressInfo;
    const profiles = evenpay.services.merchantProfiles;
    const load = profiles.load.bind(profiles);
    let releaseLoad = () => {};
    try {
      let arrived!: () => void;
      const loadStarted = new Promise<void>((resolve) => (arrived = resolve));
      profiles.load = async (id) => {
        arrived();
        await new Promise<void>((resolve) => (releaseLoad = resolve));
        return load(id);
      };
      const controller = new AbortController();
      const call = fetch(`http://127.0.0.1:${port}/v2/merchant`, { headers: { Authorization: merchant.bearer }, signal: controller.signal }).catch(
        (err: unknown) => err,
      );
      await loadStarted;
      controller.abort();
      await call;
      await expect.poll(() => lines.some((l) => l.includes('"msg":"request aborted"'))).toBe(true);
      const aborted = lines.map((l) => JSON.parse(l) as Record<string, unknown>).find((entry) => entry.msg === 'request aborted');
      expect(aborted).toMatchObject({ level: 30, req: { method: 'GET' }, merchant_id: merchant.id });
    } finally {
      releaseLoad();
      profiles.load = load;
      server.close();
    }
  });
});

describe('security headers', () => {
  it('are set on API answers, with a CSP that allows nothing', async () => {
    const res = await http.get('/v2/merchant', { auth: merchant.bearer });
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toContain("default-src 'none'");
    expect(res.headers['x-powered-by']).toBeUndefined();
  });

  it('allow no cross-origin browser calls: secret-key endpoints are for servers only', async () => {
    const preflight = await supertest(evenpay.app)
      .options('/v2/merchant')
      .set('Origin', 'https://shop.example.com')
      .set('Access-Control-Request-Method', 'GET');
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
    const res = await supertest(evenpay.app).get('/v2/merchant').set('Origin', 'https://shop.example.com').set('Authorization', merchant.bearer);
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
  });
});
