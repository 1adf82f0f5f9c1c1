/**
 * Benchmark: `numresp report` in every format (html, pdf, csv, json) on the synthetic store (2,000 pages over 10
 * campaigns, 48,950 rule results, ~600 assessments, 100,000 devices over 115 lycées + 10 offices + a data centre).
 * Target: ≤ 15 s wall time and ≤ 1 GB peak memory (node's RSS, and the sampled PSS sum over node + Chromium).
 *
 * The baseline, run in the same script, is the same command on an empty store (process start, module load, browser
 * launch, two prints of a near-empty report): ratio = synthetic ÷ baseline tells what the data costs on top.
 *
 *   npx tsc -p . && node dist/bench/report/run.js [--runs 2] [--keep]
 *
 * Writes bench/report/results.json and prints a Markdown table.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSyntheticStore } from '../fixtures/synthetic-store.js';
import { openStore } from '../../src/store/database.js';
import { projectRoot } from '../../src/util/project-root.js';

const args = process.argv.slice(2);
const runs = Number(args[args.indexOf('--runs') + 1]) || 1;
const root = projectRoot();
const work = join(tmpdir(), 'numresp-bench-report');
mkdirSync(work, { recursive: true });
const synthetic = args.includes('--store') ? args[args.indexOf('--store') + 1] : join(work, 'synthetic.db');
const empty = join(work, 'empty.db');

if (!existsSync(synthetic) || args.includes('--rebuild')) buildSyntheticStore(synthetic);
rmSync(empty, { force: true });
openStore(empty).close();

interface Sample {
  seconds: number;
  /** Largest resident set of the node process (GNU time %M). */
  peakRssMb: number;
  /** Largest sampled PSS sum over the process tree (node + Chromium processes), every 250 ms. */
  treePeakRssMb: number;
  /** CPU time of the process tree (node + Chromium), sampled: independent of how loaded the machine is. */
  cpuSeconds: number;
  htmlKb: number;
  pdfKb: number;
  pdfPages: number;
  csvFiles: number;
  jsonKb: number;
}

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

/**
 * One sample of the process tree under `rootPid`: the sum of the proportional set sizes (PSS: shared pages divided
 * among their sharers, so Chromium's processes are not counted several times), in KB, and each process's CPU time
 * so far (utime + stime, in ticks), read from /proc.
 */
function sampleTree(rootPid: number, cpuTicks: Map<number, number>): number {
  const children = new Map<number, number[]>();
  const ticks = new Map<number, number>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      // After "pid (comm) ": state ppid … utime is field 14 and stime field 15 of stat (indexes 11 and 12 here).
      children.set(Number(fields[1]), [...(children.get(Number(fields[1])) ?? []), Number(name)]);
      ticks.set(Number(name), Number(fields[11]) + Number(fields[12]));
    } catch {
      // the process ended meanwhile
    }
  }
  let pssKb = 0;
  const stack = [rootPid];
  while (stack.length) {
    const pid = stack.pop()!;
    try {
      pssKb += Number(/^Pss:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'))?.[1] ?? 0);
    } catch {
      // ended meanwhile
    }
    cpuTicks.set(pid, Math.max(cpuTicks.get(pid) ?? 0, ticks.get(pid) ?? 0));
    stack.push(...(children.get(pid) ?? []));
  }
  return pssKb;
}

/** One report run under GNU time: wall seconds, the node process's peak RSS, and the whole tree's peak PSS (sampled). */
async function runOnce(db: string, dist = join(root, 'dist')): Promise<Sample> {
  const out = join(work, 'out-' + Math.random().toString(36).slice(2));
  const child = spawn('/usr/bin/time', ['-f', '%e %M', process.execPath, join(dist, 'bin/numresp.js'), 'report', '--db', db, '--out', out, '--format', 'html,pdf,csv,json'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  let treePeakKb = 0;
  const cpuTicks = new Map<number, number>();
  const timer = setInterval(() => (treePeakKb = Math.max(treePeakKb, sampleTree(child.pid!, cpuTicks))), 250);
  const status = await new Promise<number | null>((done) => child.on('close', done));
  clearInterval(timer);
  if (status !== 0) throw new Error(`report failed: ${stderr}`);
  const [seconds, kb] = stderr.trim().split('\n').pop()!.split(' ').map(Number);
  const size = (f: string) => Math.round(statSync(join(out, f)).size / 1024);
  const pdfPages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [join(out, 'report.pdf')], { encoding: 'utf8' }))?.[1] ?? 0);
  const sample = {
    seconds,
    peakRssMb: Math.round(kb / 1024),
    treePeakRssMb: Math.round(treePeakKb / 1024),
    cpuSeconds: Math.round(([...cpuTicks.values()].reduce((a, b) => a + b, 0) / TICKS_PER_SECOND) * 10) / 10,
    htmlKb: size('report.html'),
    pdfKb: size('report.pdf'),
    pdfPages,
    csvFiles: readdirSync(join(out, 'csv')).length,
    jsonKb: size('report.json'),
  };
  if (!args.includes('--keep')) rmSync(out, { recursive: true, force: true });
  return sample;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
// --before DIST --before-store FILE: the same synthetic report by another build of numresp (e.g. main before a
// change; its own copy of the store at its schema version), alternating with this build so load hits both alike.
const beforeDist = args.includes('--before') ? args[args.indexOf('--before') + 1] : null;
const beforeStore = args.includes('--before-store') ? args[args.indexOf('--before-store') + 1] : synthetic;
const results: Record<string, Sample[]> = { baseline: [], synthetic: [], before: [] };
for (let i = 0; i < runs; i++) {
  results.baseline.push(await runOnce(empty));
  if (beforeDist) results.before.push(await runOnce(beforeStore, beforeDist));
  results.synthetic.push(await runOnce(synthetic));
}
const summary = {
  command: 'npx tsc -p . && node dist/bench/report/run.js ' + args.join(' '),
  at: new Date().toISOString(),
  machine: { cpus: cpus().length, loadAverage1m: Math.round(loadavg()[0] * 10) / 10 },
  store: { file: synthetic, sizeMb: Math.round(statSync(synthetic).size / 1048576) },
  baseline: {
    seconds: median(results.baseline.map((s) => s.seconds)),
    cpuSeconds: median(results.baseline.map((s) => s.cpuSeconds)),
    peakRssMb: Math.max(...results.baseline.map((s) => s.peakRssMb)),
    treePeakRssMb: Math.max(...results.baseline.map((s) => s.treePeakRssMb)),
  },
  synthetic: {
    ...results.synthetic[0],
    seconds: median(results.synthetic.map((s) => s.seconds)),
    fastestSeconds: Math.min(...results.synthetic.map((s) => s.seconds)),
    cpuSeconds: median(results.synthetic.map((s) => s.cpuSeconds)),
    peakRssMb: Math.max(...results.synthetic.map((s) => s.peakRssMb)),
    treePeakRssMb: Math.max(...results.synthetic.map((s) => s.treePeakRssMb)),
  },
  ratio: 0,
  cpuRatio: 0,
  before: beforeDist
    ? {
        dist: beforeDist,
        ...results.before[0],
        seconds: median(results.before.map((s) => s.seconds)),
        cpuSeconds: median(results.before.map((s) => s.cpuSeconds)),
        treePeakRssMb: Math.max(...results.before.map((s) => s.treePeakRssMb)),
        wallRatio: Math.round((median(results.synthetic.map((s) => s.seconds)) / median(results.before.map((s) => s.seconds))) * 100) / 100,
        cpuRatio: Math.round((median(results.synthetic.map((s) => s.cpuSeconds)) / median(results.before.map((s) => s.cpuSeconds))) * 100) / 100,
      }
    : null,
  samples: results,
};
summary.ratio = Math.round((summary.synthetic.seconds / summary.baseline.seconds) * 100) / 100;
summary.cpuRatio = Math.round((summary.synthetic.cpuSeconds / summary.baseline.cpuSeconds) * 100) / 100;
writeFileSync(join(root, 'bench/report/results.json'), JSON.stringify(summary, null, 2) + '\n');
console.log('| store | wall s (median) | CPU s, node + Chromium (median) | node peak RSS MB | node + Chromium peak PSS MB | wall ratio | CPU ratio |');
console.log('|---|---|---|---|---|---|---|');
console.log(`| empty (baseline) | ${summary.baseline.seconds} | ${summary.baseline.cpuSeconds} | ${summary.baseline.peakRssMb} | ${summary.baseline.treePeakRssMb} | 1 | 1 |`);
console.log(`| synthetic | ${summary.synthetic.seconds} (fastest ${summary.synthetic.fastestSeconds}) | ${summary.synthetic.cpuSeconds} | ${summary.synthetic.peakRssMb} | ${summary.synthetic.treePeakRssMb} | ${summary.ratio} | ${summary.cpuRatio} |`);
if (summary.before) console.log(`before (${summary.before.dist}): wall ${summary.before.seconds} s, CPU ${summary.before.cpuSeconds} s, PSS ${summary.before.treePeakRssMb} MB, pdf ${summary.before.pdfKb} KB / ${summary.before.pdfPages} pages; this ÷ before: wall ${summary.before.wallRatio}, CPU ${summary.before.cpuRatio}`);
console.log(`load average ${summary.machine.loadAverage1m} on ${summary.machine.cpus} cores; html ${summary.synthetic.htmlKb} KB, pdf ${summary.synthetic.pdfKb} KB / ${summary.synthetic.pdfPages} pages, ${summary.synthetic.csvFiles} CSV files, json ${summary.synthetic.jsonKb} KB`);
