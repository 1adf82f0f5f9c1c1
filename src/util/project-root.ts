import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The project root: the nearest folder above this file whose package.json is numresp's (works from src/ and dist/).
 * The one place that turns a module's location into a data file's path; lives in util so rules/ may use it too.
 */
export function projectRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'package.json');
    if (existsSync(candidate) && JSON.parse(readFileSync(candidate, 'utf8')).name === 'numresp') return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error('numresp package.json not found above ' + fileURLToPath(import.meta.url));
    dir = parent;
  }
}
