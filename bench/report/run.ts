/**
 * Benchmark: `numresp report` in every format (html, pdf, csv, json) on the synthetic store (2,000 pages over 10
 * campaigns, 48,950 rule results, ~600 assessments, 100,000 devices over 115 lycées + 10 offices + a data centre).
 * Target: ≤ 15 s wall time and ≤ 1 GB peak RSS (largest single process: node or Chromium).
 *
 * The baseline, run in the same script, is the same command on an empty store (process start, module load, browser
 * launch, two prints of a near-empty report): ratio = synthetic ÷ baseline tells what the data costs on top.
 *
 *   npx tsc -p . && node dist/bench/report/run.js [--runs 2] [--keep]
 *
 * Writes bench/report/results.json and prints a Markdown table.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSyntheticStore } from '../fixtures/synthetic-store.js';
import { openStore } from '../../src/store/database.js';
import { projectRoot } from '../../src/version.js';

const args = process.argv.slice(2);
const runs = Number(args[args.indexOf('--runs') + 1]) || 1;
const root = projectRoot();
const work = join(tmpdir(), 'numresp-bench-report');
mkdirSync(work, { recursive: true });
const synthetic = join(work, 'synthetic.db');
const empty = join(work, 'empty.db');

if (!existsSync(synthetic) || args.includes('--rebuild')) buildSyntheticStore(synthetic);
rmSync(empty, { force: true });
openStore(empty).close();

interface Sample {
  seconds: number;
  peakRssMb: number;
  htmlKb: number;
  pdfKb: number;
  pdfPages: number;
  csvFiles: number;
  jsonKb: number;
}

/** One report run under GNU time: wall seconds and the largest resident set of the process tree's members. */
function runOnce(db: string): Sample {
  const out = join(work, 'out-' + Math.random().toString(36).slice(2));
  const r = spawnSync('/usr/bin/time', ['-f', '%e %M', process.execPath, join(root, 'dist/bin/numresp.js'), 'report', '--db', db, '--out', out, '--format', 'html,pdf,csv,json'], {
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`report failed: ${r.stderr}`);
  const [seconds, kb] = r.stderr.trim().split('\n').pop()!.split(' ').map(Number);
  const size = (f: string) => Math.round(statSync(join(out, f)).size / 1024);
  const pdfPages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [join(out, 'report.pdf')], { encoding: 'utf8' }))?.[1] ?? 0);
  const sample = { seconds, peakRssMb: Math.round(kb / 1024), htmlKb: size('report.html'), pdfKb: size('report.pdf'), pdfPages, csvFiles: readdirSync(join(out, 'csv')).length, jsonKb: size('report.json') };
  if (!args.includes('--keep')) rmSync(out, { recursive: true, force: true });
  return sample;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const results: Record<string, Sample[]> = { baseline: [], synthetic: [] };
for (let i = 0; i < runs; i++) {
  results.baseline.push(runOnce(empty));
  results.synthetic.push(runOnce(synthetic));
}
const summary = {
  command: 'npx tsc -p . && node dist/bench/report/run.js --runs ' + runs,
  at: new Date().toISOString(),
  machine: { cpus: cpus().length, loadAverage1m: Math.round(loadavg()[0] * 10) / 10 },
  store: { file: synthetic, sizeMb: Math.round(statSync(synthetic).size / 1048576) },
  baseline: { seconds: median(results.baseline.map((s) => s.seconds)), peakRssMb: median(results.baseline.map((s) => s.peakRssMb)) },
  synthetic: { ...results.synthetic[0], seconds: median(results.synthetic.map((s) => s.seconds)), peakRssMb: Math.max(...results.synthetic.map((s) => s.peakRssMb)) },
  ratio: 0,
  samples: results,
};
summary.ratio = Math.round((summary.synthetic.seconds / summary.baseline.seconds) * 100) / 100;
writeFileSync(join(root, 'bench/report/results.json'), JSON.stringify(summary, null, 2) + '\n');
console.log('| store | wall s (median) | peak RSS MB | ratio to baseline |');
console.log('|---|---|---|---|');
console.log(`| empty (baseline) | ${summary.baseline.seconds} | ${summary.baseline.peakRssMb} | 1 |`);
console.log(`| synthetic | ${summary.synthetic.seconds} | ${summary.synthetic.peakRssMb} | ${summary.ratio} |`);
console.log(`load average ${summary.machine.loadAverage1m} on ${summary.machine.cpus} cores; html ${summary.synthetic.htmlKb} KB, pdf ${summary.synthetic.pdfKb} KB / ${summary.synthetic.pdfPages} pages, ${summary.synthetic.csvFiles} CSV files, json ${summary.synthetic.jsonKb} KB`);
