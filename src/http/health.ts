// Outside the versioned APIs: liveness (/healthz: the process answers), readiness (/readyz: the
// database answers and every migration is applied) and Prometheus metrics (/metrics).
import { Router } from 'express';
import type { Sequelize } from 'sequelize';
import { migrationsCurrent } from '../data/migrate.js';
import type { Metrics } from './metrics.js';

async function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([work, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms)))]);
  } finally {
    clearTimeout(timer);
  }
}

export function healthRoutes(sequelize: Sequelize, metrics: Metrics, lifecycle: { draining: boolean }): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    if (lifecycle.draining) {
      res.status(503).json({ status: 'draining', checks: {} });
      return;
    }
    const checks: Record<string, string> = {};
    try {
      await withTimeout(sequelize.query('SELECT 1'), 2_000);
      checks.database = 'ok';
      checks.migrations = (await withTimeout(migrationsCurrent(sequelize), 2_000)) ? 'ok' : 'pending';
    } catch (error) {
      checks.database = `unavailable: ${(error as Error).message}`;
    }
    const ready = checks.database === 'ok' && checks.migrations === 'ok';
    metrics.databaseUp.set(checks.database === 'ok' ? 1 : 0);
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'unavailable', checks });
  });
  router.get('/metrics', async (_req, res) => {
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });
  return router;
}
