/**
 * Whole-command inventory import (issue 11): `numresp inventory import fleet.csv` of a generated 100,000-row
 * canonical CSV into a fresh store whose sites exist, measured as the command's wall time including process start,
 * and its peak RSS (GNU time %M). Then the re-import of the same file. Baseline in the same script: `node -e 0`.
 * Targets: ≥ 20,000 rows/s, peak RSS ≤ 300 MB, re-import ≥ 40,000 rows/s.
 *
 *   npx tsc -p . && node dist/bench/inventory/cli-import.js [rows=100000] [repeats=3]
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { openStore } from '../../src/store/database.js';
import { upsertSite } from '../../src/store/sites.js';
import { projectRoot } from '../../src/util/project-root.js';

const rows = Number(process.argv[2] ?? 100_000);
const repeats = Number(process.argv[3] ?? 3);
const root = projectRoot();
const cli = join(root, 'dist', 'bin', 'numresp.js');
const dir = mkdtempSync(join(tmpdir(), 'numresp-bench-cli-import-'));
const csv = join(dir, 'fleet.csv');
const loadAtStart = loadavg()[0];
if (spawnSync(process.execPath, [join(root, 'samples', 'inventory', 'generate.mjs'), 'bench', String(rows), csv], { stdio: 'inherit' }).status !== 0) {
  throw new Error('generator failed');
}

/** Wall ms of a command, its CPU ms (user + system) and its peak RSS (KiB), the last two from GNU time. */
function timed(args: string[]): { ms: number; cpuMs: number; rssKb: number; stdout: string } {
  const t = performance.now();
  const r = spawnSync('/usr/bin/time', ['-f', '%U %S %M', process.execPath, ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const ms = performance.now() - t;
  if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stderr.slice(-500)}`);
  const [user, sys, rss] = r.stderr.trim().split('\n').pop()!.split(' ').map(Number);
  return { ms, cpuMs: (user + sys) * 1000, rssKb: rss, stdout: r.stdout };
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

const nodeStart = median(Array.from({ length: 5 }, () => timed(['-e', '0']).ms));
const first: { ms: number; cpuMs: number; rssKb: number }[] = [];
const again: { ms: number; cpuMs: number; rssKb: number }[] = [];
for (let i = 0; i < repeats; i++) {
  const store = join(dir, `store-${i}.db`);
  const db = openStore(store);
  for (let s = 1; s <= 200; s++) upsertSite(db, { code: `LYC-${String(s).padStart(3, '0')}`, name: `Lycée ${s}`, kind: 'lycee' });
  db.close();
  const a = timed([cli, '--db', store, 'inventory', 'import', csv]);
  if (!a.stdout.includes(`${rows} imported`)) throw new Error(`unexpected output: ${a.stdout.slice(0, 300)}`);
  first.push(a);
  const b = timed([cli, '--db', store, 'inventory', 'import', csv]);
  if (!b.stdout.includes(`${rows} unchanged`)) throw new Error(`unexpected output: ${b.stdout.slice(0, 300)}`);
  again.push(b);
}
rmSync(dir, { recursive: true, force: true });

const ms = median(first.map((x) => x.ms));
const msAgain = median(again.map((x) => x.ms));
const rss = Math.max(...first.map((x) => x.rssKb), ...again.map((x) => x.rssKb)) / 1024;
console.log(`load average at start ${loadAtStart.toFixed(2)}, at end ${loadavg()[0].toFixed(2)}; ${new Date().toISOString()}`);
console.log(`node -e 0 (baseline):       ${nodeStart.toFixed(0)} ms`);
console.log(`import, fresh store:        ${ms.toFixed(0)} ms wall = ${Math.round(rows / (ms / 1000))} rows/s (target ≥ 20000) — ${(ms / nodeStart).toFixed(1)}× node -e 0`);
console.log(`re-import, unchanged:       ${msAgain.toFixed(0)} ms wall = ${Math.round(rows / (msAgain / 1000))} rows/s (target ≥ 40000) — ${(msAgain / nodeStart).toFixed(1)}× node -e 0`);
console.log(`peak RSS of the command:    ${rss.toFixed(0)} MiB (target ≤ 300)`);
// On a shared machine the wall time counts the other jobs too; the CPU time of the command mostly does not.
const cpu = median(first.map((x) => x.cpuMs));
const cpuAgain = median(again.map((x) => x.cpuMs));
console.log(`CPU (user + sys):           import ${cpu.toFixed(0)} ms = ${Math.round(rows / (cpu / 1000))} rows per CPU-second; re-import ${cpuAgain.toFixed(0)} ms = ${Math.round(rows / (cpuAgain / 1000))} rows per CPU-second`);
console.log(`runs: import ${first.map((x) => x.ms.toFixed(0)).join(', ')} ms; re-import ${again.map((x) => x.ms.toFixed(0)).join(', ')} ms`);
