// The service in-process, on the project's test database, with response validation on.
import { inject } from 'vitest';
import { createApp, type EvenpayApp } from '../../src/app.js';
import { loadConfig, type Config } from '../../src/config.js';
import type { Clock } from '../../src/domain/clock.js';

export async function startTestApp(options: { clock?: Clock; docsDir?: string; databaseUrl?: string; config?: Partial<Config> } = {}): Promise<EvenpayApp> {
  const config = {
    ...loadConfig({ NODE_ENV: 'test' }),
    databaseUrl: options.databaseUrl ?? inject('databaseUrl'),
    validateResponses: true,
    docsBaseUrl: 'https://docs.evenpay.test',
    publicBaseUrl: 'http://evenpay.test',
    // Suites fire hundreds of requests a second with one key; rate limits have their own tests.
    rateLimit: { perSecond: 1_000_000, store: 'memory' as const },
    ...(options.docsDir ? { docsDir: options.docsDir } : {}),
    ...options.config,
  };
  return createApp(config, options.clock ? { clock: options.clock } : {});
}
