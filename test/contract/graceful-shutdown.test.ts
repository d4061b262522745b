// SIGTERM under load: the server drains (readiness fails, answers close their connections), stops
// accepting, finishes what is in flight and exits 0 — no client sees a reset connection. The
// clients behave like a load balancer: they stop sending new requests once readiness fails
// (probed every 100 ms here; the drain is 1 s).
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { EvenpayApp } from '../../src/app.js';
import { makeMerchant, type TestMerchant } from '../factories/merchants.js';
import { startTestApp } from '../helpers/app.js';
import { type ServerProcess, startServerProcess } from '../helpers/server-process.js';

let evenpay: EvenpayApp;
let merchant: TestMerchant;
let server: ServerProcess;

beforeAll(async () => {
  evenpay = await startTestApp();
  merchant = await makeMerchant(evenpay.services.models);
  server = await startServerProcess(inject('databaseUrl'), { SHUTDOWN_DRAIN_MS: '1000', RATE_LIMIT_PER_SECOND: '100000' });
}, 60_000);
afterAll(async () => {
  await server.stop();
  await evenpay.close();
});

describe('SIGTERM under load', () => {
  it('finishes every request it accepted, resets none, and exits 0', async () => {
    const outcomes = { ok: 0, refused: 0, reset: 0, other: [] as string[], okAfterSigterm: 0 };
    let terminated = false;
    let routable = true;
    let readyAfterSigterm: number | undefined;
    const prober = (async () => {
      while (routable) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        const status = (await fetch(`${server.baseUrl}/readyz`).catch(() => undefined))?.status;
        if (terminated && status !== 200) {
          readyAfterSigterm = status;
          routable = false;
        }
      }
    })();
    const client = async () => {
      while (routable) {
        try {
          const res = await fetch(`${server.baseUrl}/v2/merchant`, { headers: { Authorization: merchant.bearer } });
          await res.arrayBuffer();
          if (res.status === 200) {
            outcomes.ok += 1;
            if (terminated) outcomes.okAfterSigterm += 1;
          } else outcomes.other.push(`HTTP ${res.status}`);
        } catch (error) {
          const code = ((error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message) as string;
          if (code === 'ECONNREFUSED') {
            outcomes.refused += 1;
            return; // the server stopped accepting: a load balancer would have moved on
          }
          if (/ECONNRESET|UND_ERR_SOCKET|socket hang up|other side closed/i.test(code)) outcomes.reset += 1;
          else outcomes.other.push(code);
          if (terminated) return;
        }
      }
    };
    const clients = Array.from({ length: 16 }, client);
    // Under load first: SIGTERM once the clients have had 60 answers (not after a fixed time,
    // which a busy machine fills with fewer requests).
    while (outcomes.ok < 60 && outcomes.other.length === 0) await new Promise((resolve) => setTimeout(resolve, 20));
    server.terminate();
    terminated = true;
    await Promise.all([prober, ...clients]);
    expect(await server.exited).toBe(0);
    expect(outcomes.reset).toBe(0);
    expect(outcomes.other).toEqual([]);
    expect(outcomes.ok).toBeGreaterThan(50);
    expect(outcomes.okAfterSigterm).toBeGreaterThan(0); // kept answering while draining
    expect(readyAfterSigterm).toBe(503);
  }, 60_000);
});
