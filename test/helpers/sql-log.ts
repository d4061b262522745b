// The SQL statements Sequelize's query path sends while some work runs, read from its logging
// hook (each as Sequelize logs it, "Executing (<connection>): <sql>", with that prefix taken off).
// Statements sent straight through the driver (src/data/driver.ts) never pass through it.
import type { Sequelize } from 'sequelize';

type Logging = false | ((sql: string) => void);

export async function statementsDuring<T>(
  sequelize: Sequelize,
  work: () => Promise<T>,
  keep: (sql: string) => boolean = () => true,
): Promise<{ result: T; statements: string[] }> {
  const options = (sequelize as unknown as { options: { logging: Logging } }).options;
  const statements: string[] = [];
  const before = options.logging;
  options.logging = (logged) => {
    const sql = logged.replace(/^Executing \([^)]*\): /, '');
    if (keep(sql)) statements.push(sql);
  };
  try {
    return { result: await work(), statements };
  } finally {
    options.logging = before;
  }
}
