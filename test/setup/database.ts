// Global setup of a contract project: one fresh, migrated database per run (SQLite file or
// MariaDB database), shared by every test file of the project. Tests then create their own
// merchants, so files never see each other's data. On teardown it checks that the suite
// exercised every documented status of every operation.

import { rmSync } from 'node:fs';
import type { TestProject } from 'vitest/node';
import { freshDatabase } from '../helpers/fresh-database.js';
import { assertEveryDocumentedStatusSeen, coverageDir } from '../helpers/status-coverage.js';

export const DEFAULT_TEST_MYSQL_URL = 'mysql://root@127.0.0.1:3306/evenpay_test';

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const which = project.config.env?.EVENPAY_TEST_DB ?? 'sqlite';
  const database = await freshDatabase(which === 'mariadb' ? (process.env.TEST_MYSQL_URL ?? DEFAULT_TEST_MYSQL_URL) : 'sqlite:', '');
  project.provide('databaseUrl', database.url);
  const coverage = coverageDir(which);
  rmSync(coverage, { recursive: true, force: true });
  project.provide('statusCoverageDir', coverage);

  return async () => {
    await database.drop(); // a SQLite file goes; the MariaDB database stays for inspection
    // Only a full run can prove coverage; `npm test` asks for it, a single file run does not.
    if (process.env.EVENPAY_STATUS_COVERAGE === 'enforce' && project.name === which) {
      try {
        // A database-independent status may come from the other database project's files of
        // this run (vitest.config.ts runs those files once, on SQLite); not from an earlier run.
        const running = new Set(project.vitest.projects.map((each) => each.name));
        const others = (['sqlite', 'mariadb'] as const).filter((other) => other !== which && running.has(other)).map(coverageDir);
        assertEveryDocumentedStatusSeen(coverage, which, others);
      } catch (error) {
        // Vitest reports a teardown error but still exits 0: the run must fail.
        process.exitCode = 1;
        throw error;
      }
    }
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string;
    statusCoverageDir: string;
  }
}
