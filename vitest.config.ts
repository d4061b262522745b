import { defineConfig } from 'vitest/config';

// Three projects: pure unit tests once, and the same contract suite against each database.
const contract = (name: 'sqlite' | 'mariadb') => ({
  extends: true as const,
  test: {
    name,
    // test/mariadb and test/sqlite: what only that database can show (outages through a TCP
    // proxy, a killed connection, a pool run dry; another process holding the write lock).
    include: ['test/contract/**/*.test.ts', `test/${name}/**/*.test.ts`],
    env: { EVENPAY_TEST_DB: name },
    globalSetup: ['test/setup/database.ts'],
    // Each file builds its own app on its own merchants; sharing the module cache between the
    // files of a worker saves re-importing Express, Sequelize and the specs for every file.
    isolate: false,
  },
});

export default defineConfig({
  test: {
    // Three workers on this two-core machine: much of the suite waits on a database, a child
    // process or a timer, and one worker (vitest's default here) left a core idle: 7 min → 4.
    maxWorkers: 3,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/domain/**/*.test.ts', 'test/http/**/*.test.ts', 'test/data/**/*.test.ts', 'test/spec/**/*.test.ts', 'test/sdk/**/*.test.ts'],
        },
      },
      {
        extends: true,
        test: {
          // The SDK's type tests (*.test-d.ts, expectTypeOf): checked by the compiler, never run.
          name: 'sdk-types',
          include: [],
          typecheck: { enabled: true, only: true, include: ['test/sdk/**/*.test-d.ts'], tsconfig: 'tsconfig.typecheck.json' },
        },
      },
      contract('sqlite'),
      {
        extends: true,
        // A page test loads pages and runs axe several times: 30 s is too short on a loaded two-core machine.
        test: {
          name: 'browser',
          include: ['test/browser/**/*.test.ts'],
          env: { EVENPAY_TEST_DB: 'sqlite' },
          globalSetup: ['test/setup/database.ts'],
          testTimeout: 90_000,
        },
      },
      {
        // A new user's whole path (pack the SDK, `npm init -y`, run the quickstart against a server
        // process; the start's URLs; the README's example; the guides' worked examples): what no
        // database changes, so run once.
        extends: true,
        test: { name: 'journeys', include: ['test/journeys/**/*.test.ts'], env: { EVENPAY_TEST_DB: 'sqlite' }, globalSetup: ['test/setup/database.ts'] },
      },
      contract('mariadb'),
    ],
  },
});
