/**
 * Inventory benchmark: import of a generated 100,000-device CSV (incl. lifecycle figures) and the fleet summary.
 * Targets (issue 4): import ≥ 20,000 rows/s; summary ≤ 200 ms on 100,000 devices.
 * Ratios are against baselines run in the same process, so results compare across machines:
 *   import ÷ parsing the same CSV alone (decode + csv-parse), summary ÷ one plain pass summing a column over the devices.
 *
 *   npx tsc -p . && node dist/bench/inventory/run.js [devices=100000]
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { openStore } from '../../src/store/database.js';
import { totalEmbodiedKg } from '../../src/store/devices.js';
import { upsertSite } from '../../src/store/sites.js';
import { importDevices } from '../../src/inventory/import/devices-import.js';
import { parseTable } from '../../src/inventory/import/decode.js';
import { fleetSummary } from '../../src/inventory/summary.js';
import { fleetScenario } from '../../src/inventory/scenario.js';
import { projectRoot } from '../../src/util/project-root.js';

const count = Number(process.argv[2] ?? 100_000);
const loadAtStart = loadavg();
const dir = mkdtempSync(join(tmpdir(), 'numresp-bench-inv-'));
const csv = join(dir, 'fleet.csv');
const gen = spawnSync(process.execPath, [join(projectRoot(), 'samples', 'inventory', 'generate.mjs'), 'bench', String(count), csv], { stdio: 'inherit' });
if (gen.status !== 0) throw new Error('generator failed');
const bytes = readFileSync(csv);

const time = <T>(fn: () => T): [T, number] => {
  const t = performance.now();
  const r = fn();
  return [r, performance.now() - t];
};
/** CPU time of this process (user + system), ms: less disturbed than wall time when other jobs share the cores. */
const cpu = <T>(fn: () => T): [T, number, number] => {
  const c = process.cpuUsage();
  const [r, wall] = time(fn);
  const d = process.cpuUsage(c);
  return [r, wall, (d.user + d.system) / 1000];
};
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

const db = openStore(join(dir, 'bench.db'));
for (let i = 1; i <= 200; i++) upsertSite(db, { code: `LYC-${String(i).padStart(3, '0')}`, name: `Lycée ${i}`, kind: 'lycee' });

const [, parseMs, parseCpuMs] = cpu(() => parseTable(bytes, 'fleet.csv'));
const [report, importMs, importCpuMs] = cpu(() => importDevices(db, bytes, { fileLabel: 'fleet.csv', preset: 'numresp' }));
const [again, reimportMs, reimportCpuMs] = cpu(() => importDevices(db, bytes, { fileLabel: 'fleet.csv', preset: 'numresp' }));
if (report.imported !== count || again.unchanged !== count) throw new Error(`unexpected counts ${JSON.stringify([report.imported, again.unchanged])}`);

const scanMs = median(Array.from({ length: 7 }, () => time(() => totalEmbodiedKg(db))[1]));
fleetSummary(db); // warm the page cache and statements once
const summaryMs = median(Array.from({ length: 7 }, () => time(() => fleetSummary(db))[1]));
const siteMs = median(Array.from({ length: 7 }, () => time(() => fleetSummary(db, { siteCodes: ['LYC-001', 'LYC-002'] }))[1]));
const scenarioMs = median(Array.from({ length: 7 }, () => time(() => fleetScenario(db, { extendLifetimeYears: 2, refurbished: true }))[1]));
db.close();
rmSync(dir, { recursive: true, force: true });

const rowsPerS = Math.round(count / (importMs / 1000));
const lines = [
  `devices: ${count}`,
  `load average at start:  ${loadAtStart.map((l) => l.toFixed(1)).join(' ')} on ${availableParallelism()} cores`,
  `parse only (baseline):   ${parseMs.toFixed(0)} ms wall, ${parseCpuMs.toFixed(0)} ms CPU`,
  `import incl. lifecycle:  ${importMs.toFixed(0)} ms wall = ${rowsPerS} rows/s (target ≥ 20000) — ${(importMs / parseMs).toFixed(2)}× parse; ` +
    `${importCpuMs.toFixed(0)} ms CPU = ${Math.round(count / (importCpuMs / 1000))} rows per CPU-second`,
  `re-import (unchanged):   ${reimportMs.toFixed(0)} ms wall = ${Math.round(count / (reimportMs / 1000))} rows/s — ${(reimportMs / parseMs).toFixed(2)}× parse; ` +
    `${reimportCpuMs.toFixed(0)} ms CPU`,
  `one-pass sum (baseline): ${scanMs.toFixed(1)} ms`,
  `fleetSummary, all:       ${summaryMs.toFixed(1)} ms (target ≤ 200) — ${(summaryMs / scanMs).toFixed(1)}× one-pass sum`,
  `fleetSummary, 2 sites:   ${siteMs.toFixed(1)} ms`,
  `fleetScenario:           ${scenarioMs.toFixed(1)} ms`,
];
console.log(lines.join('\n'));
