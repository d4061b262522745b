import { configDefaults, defineConfig } from 'vitest/config';

/**
 * Contract files whose every promise is decided before, or apart from, the database: they run
 * once, in the `sqlite` project, and `mariadb` leaves them out. Every other contract file runs on
 * both databases. A file belongs here only if nothing it proves could come out differently on
 * another database (no write whose outcome it checks beyond what the files run on both check, no
 * lock, race, idempotency claim, outage or column type): say why next to it. On `mariadb` the
 * status coverage still needs every status a database decides (helpers/status-coverage.ts).
 */
export const DATABASE_INDEPENDENT_CONTRACT_FILES: Record<string, string> = {
  // Refused by the request validator from the spec, before a handler or a query runs.
  'test/contract/type-confusion.test.ts': 'every mistyped field is a 400 from the request validator, before any handler runs',
  'test/contract/v2/strict-bodies.test.ts': 'the 400 wording for uncoerced amounts, unknown fields and query syntax, from the validator',
  // The client side of the contract: what a client library or tool sends and makes of the answers.
  'test/contract/postman.test.ts': 'the spec as Postman converts it; the operations it runs are the contract files run on both',
  'test/contract/v2/typed-client.test.ts': 'the generated openapi-fetch client; its calls are the contract files run on both',
  'test/contract/sdk/live.test.ts': "the SDK's transport, retries and typed errors; the idempotent replay it relies on is proved on both",
  'test/contract/sdk/partner.test.ts': "the SDK's partner client and its Evenpay-Merchant header; acting-for-merchants runs on both",
  'test/contract/sdk/resources.test.ts': "the SDK's resource methods, pagination and constructEvent, over answers proved on both",
  // State kept outside the database, or none.
  'test/contract/rate-limit.test.ts': "the limiter's budgets live in the process's memory store, not in the database",
  'test/contract/v1/charges-deprecation.test.ts': "410 brownout/sunset and the deprecation headers come from the spec's dates and the clock",
  'test/contract/ops.test.ts': 'the deployment and alerting files against the probe paths and metric names',
};

// Three projects: pure unit tests once, and the same contract suite against each database.
const contract = (name: 'sqlite' | 'mariadb') => ({
  extends: true as const,
  test: {
    name,
    // test/mariadb and test/sqlite: what only that database can show (outages through a TCP
    // proxy, a killed connection, a pool run dry; another process holding the write lock).
    include: ['test/contract/**/*.test.ts', `test/${name}/**/*.test.ts`],
    // What no database changes runs once, on SQLite (the list above says why, file by file).
    exclude: [...configDefaults.exclude, ...(name === 'mariadb' ? Object.keys(DATABASE_INDEPENDENT_CONTRACT_FILES) : [])],
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
    // process or a timer, and one worker (vitest's default here) left a core idle (when the suite
    // was smaller: 7 min → 4). Four, measured on 2026-11-27 with the whole `npm test` (217 files),
    // were no faster: 501 s against three's 485 s, one run each.
    maxWorkers: 3,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/domain/**/*.test.ts', 'test/http/**/*.test.ts', 'test/data/**/*.test.ts', 'test/spec/**/*.test.ts', 'test/sdk/**/*.test.ts'],
          // As in the contract projects: a worker's files share the module cache (41 files of
          // unit tests: 121 → 105 s of CPU, measured 2026-11-27).
          isolate: false,
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
