/**
 * Issue 13.1 benchmark (run by hand, not in jest):
 *   npx tsc -p . && node dist/bench/audit/throughput.js [--sets corpus,sample|none] [--baseline-sets corpus,sample] [--scaling-pages 32] [--scaling-pages-at-8 N] [--scaling-rounds N] [--no-baseline]
 * On the generated real-site-shaped corpus (bench/audit/corpus.ts, 12 pages of 0.1–3.5 MB) and on the sample site
 * (13 pages), all served on 127.0.0.1, in this one script:
 *  - baseline: lighthouse-plugin-ecoindex 4.2.1 (the last release on Lighthouse 12 / Node 20) run sequentially over
 *    the same pages, as its users run it (`lighthouse-ecoindex collect -u … --output json`), fetch limited to
 *    127.0.0.1 (its Green Web Foundation audit would otherwise call an outside API);
 *  - numresp at concurrency 1 and at the default (auto), default protocol (3 s + 3 s): wall time, ratios, and the
 *    DOM/requests/KB of every page at both levels (must agree within ±1 % or ±1);
 *  - peak PSS of this process + Chromium during the auto run;
 *  - scaling efficiency at 8 on N sample pages with a WARM browser (launched before the clock starts); the level at 8
 *    may be longer (--scaling-pages-at-8) so that its ramp-up and last partial round weigh less: efficiency compares
 *    pages per minute, so levels of different lengths compare; --scaling-rounds N alternates the two levels N times
 *    (1, 8, 1, 8, …) so that a drifting load on a shared machine hits both alike, and sums each level's pages and time.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { launchBrowser } from '../../collectors/browser/index.js';
import { ProtocolSchema } from '../../src/model/audit.js';
import { runAudit, type AuditSettings } from '../../src/pipeline/audit.js';
import { openStore } from '../../src/store/database.js';
import { listPages } from '../../src/store/pages.js';
import { startStaticServer } from '../../src/util/static-server.js';
import { projectRoot } from '../../src/util/project-root.js';
import { corpusRoutes } from './corpus.js';

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const SETS = arg('sets', 'corpus,sample').split(',').filter((s) => s && s !== 'none');
const SCALING_PAGES = Number(arg('scaling-pages', '32'));
const SCALING_PAGES_AT_8 = Number(arg('scaling-pages-at-8', String(SCALING_PAGES)));
const SCALING_ROUNDS = Number(arg('scaling-rounds', '1'));
const BASELINE_SETS = process.argv.includes('--no-baseline') ? [] : arg('baseline-sets', 'corpus,sample').split(',');
const protocol = ProtocolSchema.parse({});
const loadAverage = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');

const samplePages = ['', 'actualites.html', 'actualites/rentree-2026.html', 'actualites/semaine-developpement-durable.html',
  'formations.html', 'formations/bac-general.html', 'formations/bts-sio.html', 'vie-lycee.html', 'cdi.html', 'contact.html',
  'plan-du-site.html', 'mentions-legales.html', 'accessibilite.html'];

const corpus = corpusRoutes();
const site = await startStaticServer({ root: join(projectRoot(), 'samples', 'site'), routes: corpus.routes });
const urlsOf = (set: string, tag: string) =>
  (set === 'corpus' ? corpus.paths.map((p) => p.slice(1)) : samplePages).map((p) => `${site.origin}/${p}?${tag}`);

/** The baseline tool, run as its users run it, in a child process (its own Chromium through puppeteer). */
async function pluginRun(urls: string[]): Promise<{ seconds: number; code: number | null; stderrTail: string }> {
  const cli = join(projectRoot(), 'node_modules', 'lighthouse-plugin-ecoindex', 'cli', 'index.js');
  if (!existsSync(cli)) throw new Error('lighthouse-plugin-ecoindex is not installed (npm install), or run with --no-baseline');
  const out = mkdtempSync(join(tmpdir(), 'numresp-bench-lpe-'));
  const guard = join(out, 'loopback-only.mjs');
  // Only 127.0.0.1: the benchmark never sends traffic elsewhere.
  writeFileSync(
    guard,
    `const f = globalThis.fetch; globalThis.fetch = (input, init) => { const u = new URL(typeof input === 'string' ? input : input.url ?? String(input));` +
      ` if (u.hostname !== '127.0.0.1') return Promise.reject(new Error('blocked by the benchmark: ' + u.hostname)); return f(input, init); };\n`,
  );
  const started = Date.now();
  const r = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, ['--import', guard, cli, 'collect', ...urls.flatMap((u) => ['-u', u]), '--output', 'json', '--output-path', out], {
      env: { ...process.env, PUPPETEER_EXECUTABLE_PATH: process.env.CHROME_PATH ?? '/usr/bin/chromium' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr = (stderr + d).slice(-2000)));
    child.on('close', (code) => resolve({ code, stderr }));
  });
  const seconds = (Date.now() - started) / 1000;
  rmSync(out, { recursive: true, force: true });
  return { seconds, code: r.code, stderrTail: r.stderr.split('\n').slice(-3).join(' | ') };
}

/** Peak PSS of this process tree, sampled every second in a worker thread. */
function pssSampler(): { stop: () => Promise<number> } {
  const memoryModule = new URL('../common/process-memory.js', import.meta.url).href;
  const worker = new Worker(
    `const { parentPort, workerData } = require('node:worker_threads');
     import(workerData.memoryModule).then(({ treeMemory }) => {
       let peak = 0;
       const timer = setInterval(() => { peak = Math.max(peak, treeMemory(workerData.pid).pss); }, 1000);
       parentPort.on('message', () => { clearInterval(timer); parentPort.postMessage(peak); });
     });`,
    { eval: true, workerData: { pid: process.pid, memoryModule } },
  );
  return {
    stop: () =>
      new Promise<number>((resolve) => {
        worker.once('message', (peak: number) => {
          void worker.terminate();
          resolve(peak);
        });
        worker.postMessage('stop');
      }),
  };
}

type Figures = Map<string, { dom: number | null; requests: number | null; sizeKb: number | null; status: string }>;

async function numrespRun(urls: string[], concurrency: AuditSettings['concurrency'], samplePss: boolean) {
  const dir = mkdtempSync(join(tmpdir(), 'numresp-bench-'));
  const db = openStore(join(dir, 'bench.db'));
  const settings: AuditSettings = { protocol, concurrency, retries: 1, lighthouse: false };
  const peak = { pss: 0, tabs: 0 };
  // Read in a worker thread: smaps_rollup of busy Chromium processes is slow, and read on the main thread it would
  // starve the audit's own event loop (pages then time out).
  const sampler = samplePss ? pssSampler() : undefined;
  const started = Date.now();
  const outcome = await runAudit(db, { label: `bench ${concurrency}`, settings, sites: [{ code: 'bench', name: 'bench', urls }] }, {
    onEvent: (e) => {
      if (e.type === 'concurrency') peak.tabs = Math.max(peak.tabs, e.tabs);
    },
  });
  const seconds = (Date.now() - started) / 1000;
  if (sampler) peak.pss = await sampler.stop();
  // Figures keyed by the URL without its run tag.
  const figures: Figures = new Map(
    listPages(db, outcome.runId).map((p) => [p.url.replace(/\?.*$/, ''), { dom: p.dom, requests: p.requests, sizeKb: p.sizeKb, status: p.status }]),
  );
  db.close();
  rmSync(dir, { recursive: true, force: true });
  return { seconds, ok: outcome.measured, failed: outcome.failed, figures, peakPssMb: Math.round(peak.pss / 1e6), maxTabs: peak.tabs };
}

/** Pages whose figures differ between two runs beyond ±1 % or ±1 (element, request; KB: ±1 %). */
function differences(a: Figures, b: Figures): string[] {
  const out: string[] = [];
  const near = (x: number | null, y: number | null, unit: number) =>
    x !== null && y !== null && (Math.abs(x - y) <= unit || Math.abs(x - y) <= 0.01 * Math.max(x, y));
  for (const [url, fa] of a) {
    const fb = b.get(url);
    if (!fb || fa.status !== 'ok' || fb.status !== 'ok') {
      out.push(`${url}: ${fa.status} / ${fb?.status ?? 'missing'}`);
      continue;
    }
    if (!near(fa.dom, fb.dom, 1)) out.push(`${url}: dom ${fa.dom} / ${fb.dom}`);
    if (!near(fa.requests, fb.requests, 1)) out.push(`${url}: requests ${fa.requests} / ${fb.requests}`);
    if (!near(fa.sizeKb, fb.sizeKb, 0)) out.push(`${url}: KB ${fa.sizeKb} / ${fb.sizeKb}`);
  }
  return out;
}

const results: Record<string, unknown> = {
  command: `node dist/bench/audit/throughput.js ${process.argv.slice(2).join(' ')}`.trim(),
  date: new Date().toISOString(),
  node: process.version,
  protocol,
  loadAtStart: loadAverage(),
};
const sets: Record<string, unknown> = {};
for (const set of SETS) {
  const entry: Record<string, unknown> = { pages: urlsOf(set, 'x').length };
  if (BASELINE_SETS.includes(set)) {
    const b = await pluginRun(urlsOf(set, 'lpe'));
    entry.baseline = { tool: 'lighthouse-plugin-ecoindex 4.2.1 (Lighthouse 12), sequential', ...b, load: loadAverage() };
    console.error(`${set}: baseline ${b.seconds.toFixed(1)} s (exit ${b.code}) load ${loadAverage()}`);
  }
  const one = await numrespRun(urlsOf(set, 'c1'), 1, false);
  console.error(`${set}: numresp c=1 ${one.seconds.toFixed(1)} s, ${one.ok} ok, ${one.failed} failed, load ${loadAverage()}`);
  const auto = await numrespRun(urlsOf(set, 'auto'), 'auto', true);
  console.error(`${set}: numresp auto ${auto.seconds.toFixed(1)} s (up to ${auto.maxTabs} tabs), peak PSS ${auto.peakPssMb} MB, load ${loadAverage()}`);
  const diff = differences(one.figures, auto.figures);
  const baselineSeconds = (entry.baseline as { seconds?: number } | undefined)?.seconds;
  Object.assign(entry, {
    c1: { seconds: one.seconds, ok: one.ok, failed: one.failed },
    auto: { seconds: auto.seconds, ok: auto.ok, failed: auto.failed, maxTabs: auto.maxTabs, peakPssMb: auto.peakPssMb, load: loadAverage() },
    autoVsBaseline: baselineSeconds ? baselineSeconds / auto.seconds : null,
    autoVsC1: one.seconds / auto.seconds,
    figuresOutsideTolerance: diff,
  });
  console.error(`${set}: auto vs baseline ${baselineSeconds ? (baselineSeconds / auto.seconds).toFixed(2) + '×' : '—'}, auto vs c=1 ${(one.seconds / auto.seconds).toFixed(2)}×, figures differing: ${diff.length} ${diff.join('; ')}`);
  sets[set] = entry;
}
results.sets = sets;

if (SCALING_PAGES > 0) {
  // A warm browser: the launch is not counted in the level (issue 13.1: "say which").
  const browser = await launchBrowser();
  const level = async (c: number, pages: number) => {
    const dir = mkdtempSync(join(tmpdir(), 'numresp-bench-'));
    const db = openStore(join(dir, 'bench.db'));
    const urls = Array.from({ length: pages }, (_, i) => `${site.origin}/${samplePages[i % samplePages.length]}?s${c}=${i}`);
    const loadBefore = loadAverage();
    const started = Date.now();
    const o = await runAudit(db, { label: `scaling ${c}`, settings: { protocol, concurrency: c, retries: 1, lighthouse: false }, sites: [{ code: 'bench', name: 'bench', urls }] }, { browser });
    const seconds = (Date.now() - started) / 1000;
    db.close();
    rmSync(dir, { recursive: true, force: true });
    return { concurrency: c, pages, seconds, ok: o.measured, failed: o.failed, pagesPerMin: (o.measured + o.failed) / (seconds / 60), loadBefore, load: loadAverage() };
  };
  const levels: Array<Awaited<ReturnType<typeof level>>> = [];
  for (let round = 0; round < SCALING_ROUNDS; round++) {
    for (const [c, pages] of [[1, SCALING_PAGES], [8, SCALING_PAGES_AT_8]] as const) {
      const l = await level(c, pages);
      levels.push(l);
      console.error(`scaling round ${round + 1}: c=${c} ${pages} pages ${l.seconds.toFixed(1)} s (${l.pagesPerMin.toFixed(1)} pages/min), load ${l.loadBefore} → ${l.load}`);
    }
  }
  await browser.close();
  const rate = (c: number) => {
    const of = levels.filter((l) => l.concurrency === c);
    return of.reduce((n, l) => n + l.ok + l.failed, 0) / (of.reduce((t, l) => t + l.seconds, 0) / 60);
  };
  const efficiencyAt8 = rate(8) / (8 * rate(1));
  results.scaling = { pages: SCALING_PAGES, pagesAt8: SCALING_PAGES_AT_8, rounds: SCALING_ROUNDS, warmBrowser: true, levels, pagesPerMinAt1: rate(1), pagesPerMinAt8: rate(8), efficiencyAt8 };
  console.error(`scaling (warm browser, ${SCALING_ROUNDS} round(s)): c=1 ${rate(1).toFixed(1)} pages/min, c=8 ${rate(8).toFixed(1)} pages/min, efficiency ${efficiencyAt8.toFixed(2)}`);
}
results.loadAtEnd = loadAverage();
await site.close();
console.log(JSON.stringify(results, null, 2));
