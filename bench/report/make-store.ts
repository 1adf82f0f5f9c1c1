/**
 * CLI wrapper of the synthetic store generator (tsconfig excludes fixtures folders from its roots, so this import is
 * what gets bench/fixtures/synthetic-store.ts compiled into dist/).
 *
 *   npx tsc -p . && node dist/bench/report/make-store.js /tmp/synthetic.db [--pages 2000] [--devices 100000]
 */
import { buildSyntheticStore } from '../fixtures/synthetic-store.js';

const args = process.argv.slice(2);
const num = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : undefined;
};
const file = args.find((a, i) => !a.startsWith('--') && !(i > 0 && args[i - 1].startsWith('--'))) ?? 'synthetic.db';
const { seconds } = buildSyntheticStore(file, { pages: num('--pages'), devices: num('--devices'), campaigns: num('--campaigns') });
console.log(`synthetic store written to ${file} in ${seconds.toFixed(1)} s`);
