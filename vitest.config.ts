import { defineConfig } from 'vitest/config';

// Three projects: pure unit tests once, and the same contract suite against each database.
const contract = (name: 'sqlite' | 'mariadb') => ({
  extends: true as const,
  test: {
    name,
    include: ['test/contract/**/*.test.ts'],
    env: { EVENPAY_TEST_DB: name },
    globalSetup: ['test/setup/database.ts'],
  },
});

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/domain/**/*.test.ts', 'test/spec/**/*.test.ts', 'test/sdk/**/*.test.ts'] } },
      contract('sqlite'),
      {
        extends: true,
        test: { name: 'browser', include: ['test/browser/**/*.test.ts'], env: { EVENPAY_TEST_DB: 'sqlite' }, globalSetup: ['test/setup/database.ts'] },
      },
      contract('mariadb'),
    ],
  },
});
