/**
 * Audit benchmark (run by hand, not in jest):
 *   npx tsc -p . && node dist/bench/audit/run.js [--pages 32] [--rss-pages 200] [--levels 1,2,4,8]
 * Serves samples/site on 127.0.0.1 and measures, with the DEFAULT protocol (3 s + 3 s waits):
 *  - pages/min of the full pipeline (measure + EcoIndex + checks + SQLite) at each concurrency level;
 *  - scaling efficiency = throughput(C) / (C × throughput(1));
 *  - overhead = time per page of the pipeline ÷ time per page of a bare navigation (fresh context, goto load,
 *    same waits, scroll) over the same pages at concurrency 1, in this same script;
 *  - peak memory (PSS of this process + every Chromium process) during a long run at the highest level.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchBrowser } from '../../collectors/browser/index.js';
import { ProtocolSchema, VIEWPORTS } from '../../src/model/audit.js';
import { runAudit, type AuditSettings } from '../../src/pipeline/audit.js';
import { openStore } from '../../src/store/database.js';
import { countFailuresByCode } from '../../src/store/pages.js';
import { startStaticServer } from '../../src/util/static-server.js';
import { projectRoot } from '../../src/util/project-root.js';
import { treeMemory } from '../common/process-memory.js';

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
// 32 pages: a multiple of every level, so no level pays for a half-empty last round.
const PAGES = Number(arg('pages', '32'));
const RSS_PAGES = Number(arg('rss-pages', '200'));
const LEVELS = arg('levels', '1,2,4,8').split(',').map(Number);
const protocol = ProtocolSchema.parse({});

const root = join(projectRoot(), 'samples', 'site');
const htmlPages = ['', 'actualites.html', 'actualites/rentree-2026.html', 'actualites/semaine-developpement-durable.html',
  'formations.html', 'formations/bac-general.html', 'formations/bts-sio.html', 'vie-lycee.html', 'cdi.html', 'contact.html',
  'plan-du-site.html', 'mentions-legales.html', 'accessibilite.html'];

/** n distinct URLs cycling over the sample pages (a query string makes each one a new page for the store). */
function urls(origin: string, n: number, tag: string): string[] {
  return Array.from({ length: n }, (_, i) => `${origin}/${htmlPages[i % htmlPages.length]}?${tag}=${i}`);
}

/**
 * CPU seconds used by this process and its reaped children (Chromium and, through it, its renderers), from
 * /proc/self/stat (utime, stime, cutime, cstime in clock ticks; 100 per second on Linux).
 */
function cpuSeconds(): number {
  const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
  // After "pid (comm) ", utime is field 14 overall, i.e. index 11 here; stime, cutime, cstime follow.
  return fields.slice(11, 15).reduce((n, f) => n + Number(f), 0) / 100;
}

async function pipelineRun(origin: string, n: number, concurrency: number, tag: string, sampleRss = false) {
  const dir = mkdtempSync(join(tmpdir(), 'numresp-bench-'));
  const db = openStore(join(dir, 'bench.db'));
  const settings: AuditSettings = { protocol, concurrency, retries: 1, lighthouse: false };
  const peak = { pss: 0, rss: 0 };
  const timer = sampleRss
    ? setInterval(() => {
        const m = treeMemory(process.pid);
        peak.pss = Math.max(peak.pss, m.pss);
        peak.rss = Math.max(peak.rss, m.rss);
      }, 500)
    : undefined;
  const started = Date.now();
  const cpuBefore = cpuSeconds();
  const outcome = await runAudit(db, { label: `bench c${concurrency}`, settings, sites: [{ code: 'bench', name: 'bench', urls: urls(origin, n, tag) }] });
  const seconds = (Date.now() - started) / 1000;
  // runAudit has closed (and so reaped) the browser: its CPU time is now in ours.
  const cpu = cpuSeconds() - cpuBefore;
  clearInterval(timer);
  const errors = countFailuresByCode(db, outcome.runId);
  db.close();
  rmSync(dir, { recursive: true, force: true });
  return { seconds, cpu, errors, ok: outcome.measured, failed: outcome.failed, peak };
}

/** The same protocol with nothing recorded: fresh context, navigate, wait, scroll, wait, close. */
async function bareRun(origin: string, n: number) {
  // The clock includes the browser launch, as the pipeline's does.
  const started = Date.now();
  const browser = await launchBrowser();
  for (const url of urls(origin, n, 'bare')) {
    const context = await browser.browser.createBrowserContext();
    const page = await context.newPage();
    await page.setViewport(VIEWPORTS.desktop);
    await page.goto(url, { waitUntil: 'load' });
    await new Promise((r) => setTimeout(r, protocol.waitBeforeScrollMs));
    await page.evaluate(() => window.scrollTo({ top: document.body.scrollHeight, behavior: 'smooth' }));
    await new Promise((r) => setTimeout(r, protocol.waitAfterScrollMs));
    await page.evaluate(() => document.querySelectorAll('*').length);
    await context.close();
  }
  const seconds = (Date.now() - started) / 1000;
  await browser.close();
  return { seconds };
}

const site = await startStaticServer({ root });
const results: Record<string, unknown> = { pages: PAGES, protocol, node: process.version };
console.error(`bench: ${PAGES} pages per level, levels ${LEVELS.join(', ')}, default protocol`);
const bare = await bareRun(site.origin, PAGES);
console.error(`bare navigation: ${bare.seconds.toFixed(1)} s`);
const levels: Array<{
  concurrency: number;
  seconds: number;
  pagesPerMin: number;
  efficiency: number;
  cpuSecondsPerPage: number;
  ok: number;
  failed: number;
  loadAverage: number;
  errors: Record<string, number>;
}> = [];
for (const c of LEVELS) {
  const r = await pipelineRun(site.origin, PAGES, c, `c${c}`);
  const pagesPerMin = (r.ok + r.failed) / (r.seconds / 60);
  const base = levels[0]?.pagesPerMin ?? pagesPerMin;
  const efficiency = pagesPerMin / (c * (levels.length ? base : pagesPerMin));
  const cpuSecondsPerPage = r.cpu / (r.ok + r.failed);
  // The machine is shared: its 1-minute load average says how much CPU others took meanwhile.
  const loadAverage = Number(readFileSync('/proc/loadavg', 'utf8').split(' ')[0]);
  levels.push({ concurrency: c, seconds: r.seconds, pagesPerMin, efficiency, cpuSecondsPerPage, ok: r.ok, failed: r.failed, loadAverage, errors: r.errors });
  console.error(
    `c=${c}: ${r.seconds.toFixed(1)} s, ${pagesPerMin.toFixed(1)} pages/min, efficiency ${efficiency.toFixed(2)}, ` +
      `${cpuSecondsPerPage.toFixed(2)} CPU s/page, load ${loadAverage}, failed ${r.failed} ${JSON.stringify(r.errors)}`,
  );
}
const c1 = levels.find((l) => l.concurrency === 1);
results.bareSeconds = bare.seconds;
results.levels = levels;
results.overhead = c1 ? c1.seconds / bare.seconds : null;
// On an idle machine with N cores, throughput cannot pass N × 60 / (CPU s per page) pages/min.
results.cores = (await import('node:os')).cpus().length;
if (RSS_PAGES > 0) {
  const c = Math.max(...LEVELS);
  const r = await pipelineRun(site.origin, RSS_PAGES, c, 'rss', true);
  const mb = (b: number) => Math.round(b / 1e6);
  results.memory = { pages: RSS_PAGES, concurrency: c, seconds: r.seconds, ok: r.ok, failed: r.failed, errors: r.errors, peakPssMb: mb(r.peak.pss), peakRssSumMb: mb(r.peak.rss) };
  console.error(`memory: ${RSS_PAGES} pages at c=${c}: peak PSS ${mb(r.peak.pss)} MB (RSS sum ${mb(r.peak.rss)} MB), ${r.seconds.toFixed(0)} s, failed ${r.failed} ${JSON.stringify(r.errors)}`);
}
await site.close();
console.log(JSON.stringify(results, null, 2));
