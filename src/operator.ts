// `npm run operator -- <command>` (see operator-cli.ts; `--help` lists the commands).
import { runOperator } from './operator-cli.js';

process.exitCode = await runOperator(process.argv.slice(2), {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
});
