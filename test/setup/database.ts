// Global setup of a contract project: one fresh, migrated database per run (SQLite file or
// MariaDB database), shared by every test file of the project. Tests then create their own
// merchants, so files never see each other's data. On teardown it checks that the suite
// exercised every documented status of every operation.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../../src/data/database.js';
import { migrate } from '../../src/data/migrate.js';
import { assertEveryDocumentedStatusSeen, coverageDir } from '../helpers/status-coverage.js';

export const DEFAULT_TEST_MYSQL_URL = 'mysql://root@127.0.0.1:3306/evenpay_test';

async function recreateMysqlDatabase(url: string): Promise<void> {
  const target = new URL(url);
  const name = target.pathname.slice(1);
  if (!/^[A-Za-z0-9_]+$/.test(name)) throw new Error(`Unsafe test database name: ${name}`);
  const server = new URL(url);
  server.pathname = '/';
  const admin = await openDatabase(server.toString().replace(/\/$/, '/mysql'));
  await admin.query(`DROP DATABASE IF EXISTS \`${name}\``);
  await admin.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin`);
  await admin.close();
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const which = project.config.env?.EVENPAY_TEST_DB ?? 'sqlite';
  let url: string;
  let cleanup = async () => {};
  if (which === 'mariadb') {
    url = process.env.TEST_MYSQL_URL ?? DEFAULT_TEST_MYSQL_URL;
    await recreateMysqlDatabase(url);
  } else {
    const dir = mkdtempSync(path.join(tmpdir(), 'evenpay-test-'));
    url = `sqlite:${path.join(dir, 'evenpay.sqlite')}`;
    cleanup = async () => rmSync(dir, { recursive: true, force: true });
  }
  const sequelize = await openDatabase(url);
  await migrate(sequelize);
  await sequelize.close();
  project.provide('databaseUrl', url);
  const coverage = coverageDir(which);
  rmSync(coverage, { recursive: true, force: true });
  project.provide('statusCoverageDir', coverage);

  return async () => {
    await cleanup();
    // Only a full run can prove coverage; `npm test` asks for it, a single file run does not.
    if (process.env.EVENPAY_STATUS_COVERAGE === 'enforce' && project.name === which) assertEveryDocumentedStatusSeen(coverage, which);
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string;
    statusCoverageDir: string;
  }
}
