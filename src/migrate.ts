// `npm run migrate`: applies pending migrations and exits (the Kubernetes migration Job runs it
// before new replicas start; `npm start` also migrates on start for the laptop case).
import { loadConfig } from './config.js';
import { openDatabase } from './data/database.js';
import { migrate } from './data/migrate.js';

const config = loadConfig();
const sequelize = await openDatabase(config.databaseUrl, config.databaseTuning);
try {
  const applied = await migrate(sequelize);
  console.log(applied.length ? `applied: ${applied.join(', ')}` : 'no pending migrations');
} finally {
  await sequelize.close();
}
