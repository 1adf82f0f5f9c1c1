/**
 * Node side of the report alone: store → report model (buildReport), without rendering or Chromium, on the
 * synthetic store. Compares two builds of numresp (e.g. main before a change, and this tree) in one run, alternating,
 * so machine load hits both alike; reports CPU seconds (independent of load) and wall seconds.
 *
 *   npx tsc -p . && node dist/bench/report/model-build.js --store /tmp/synthetic.db --base /path/to/other/dist [--runs 5]
 */
import { performance } from 'node:perf_hooks';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { projectRoot } from '../../src/util/project-root.js';

const args = process.argv.slice(2);
const arg = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const store = resolve(arg('--store') ?? '/tmp/numresp-bench-report/synthetic.db');
const runs = Number(arg('--runs') ?? 5);
const dists = { base: resolve(arg('--base') ?? ''), this: join(projectRoot(), 'dist') };

type Build = (db: unknown, o: { lang: 'fr'; dbFile: string; generatedAt: string }) => unknown;
const loaded: Record<string, { build: Build; open: (f: string, o: object) => { close(): void } }> = {};
for (const [name, dist] of Object.entries(dists)) {
  const build = (await import(pathToFileURL(join(dist, 'reports/build.js')).href)).buildReport as Build;
  const open = (await import(pathToFileURL(join(dist, 'src/store/database.js')).href)).openStore;
  loaded[name] = { build, open };
}
const samples: Record<string, { cpu: number; wall: number }[]> = { base: [], this: [] };
for (let i = 0; i < runs; i++) {
  for (const name of ['base', 'this']) {
    const { build, open } = loaded[name];
    const db = open(store, { readonly: true });
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    build(db, { lang: 'fr', dbFile: store, generatedAt: '2026-01-01T00:00:00Z' });
    const wall = (performance.now() - t0) / 1000;
    const c = process.cpuUsage(cpu0);
    samples[name].push({ cpu: (c.user + c.system) / 1e6, wall });
    db.close();
  }
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const out = Object.fromEntries(
  Object.entries(samples).map(([k, v]) => [k, { cpuMedian: median(v.map((x) => x.cpu)), wallMedian: median(v.map((x) => x.wall)), samples: v }]),
);
console.log(JSON.stringify({ store, runs, dists, ratioCpu: out.this.cpuMedian / out.base.cpuMedian, ratioWall: out.this.wallMedian / out.base.wallMedian, ...out }, null, 2));
