// Where the project's files are. The service runs from src/ (tsx: tests, tools) and compiled
// under build/service/src/ (`npm start`, the image), so the root is found by looking upward for
// the package.json, not at a fixed depth from this file.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

function findProjectRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json')) && existsSync(path.join(dir, 'generated'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`No Evenpay project (package.json beside generated/) above ${from}`);
  }
}

export const projectRoot = findProjectRoot(path.dirname(fileURLToPath(import.meta.url)));

/** A version's generated artifacts: bundled spec, types, client. */
export const generatedDir = path.join(projectRoot, 'generated');
