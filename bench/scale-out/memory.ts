/**
 * bench/scale-out/memory.ts — is the coordinator's memory flat over a long run? (issue 14, point 5: 2,000 pages)
 *
 *   npx tsc -p . && node --expose-gc dist/bench/scale-out/memory.js [--pages 2000] [--workers 2] [--tabs 8]
 *
 * The subject is the coordinator (executeRunOnQueue, in this process), not the measuring: one page of samples/site,
 * served on 127.0.0.1, is measured once with real Chromium; then WORKERS child processes (BullMQ workers on the same
 * queue, taking real jobs with parseJobData and answering with encodeResult) return that measurement for every job
 * at once, so 2,000 pages go through enqueue → event → decode → one SQLite transaction → job removal in minutes.
 * Every 100 stored pages: heap after a full GC, RSS. Prints the heap and RSS slope per 1,000 pages and the ratio of
 * the end to the first sample (the baseline); Redis's used memory at the end (stored jobs are removed).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { launchBrowser } from '../../collectors/browser/index.js';
import { ProtocolSchema } from '../../src/model/audit.js';
import { planRun, type AuditSettings } from '../../src/pipeline/audit.js';
import { measureTarget, type TargetResult } from '../../src/pipeline/page-result.js';
import { bullConnection, redisOptions } from '../../src/queue/connection.js';
import { executeRunOnQueue } from '../../src/queue/coordinator.js';
import { AUDIT_QUEUE_NAME, encodeResult, NUMRESP_JOB_SCHEMA_VERSION, parseJobData } from '../../src/queue/job.js';
import { parseQueueUrl } from '../../src/queue/url.js';
import { openStore } from '../../src/store/database.js';
import { startStaticServer } from '../../src/util/static-server.js';
import { projectRoot } from '../../src/util/project-root.js';
import { startRedis } from './redis.js';

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const PAGES = Number(arg('pages', '2000'));
const WORKERS = Number(arg('workers', '2'));
const TABS = Number(arg('tabs', '8'));
const SAMPLE_EVERY = 100;

interface Template {
  result: TargetResult;
  browserVersion: string | null;
}

/** Child mode: a BullMQ worker answering every job with the template measurement (URL replaced). */
async function fakeWorker(url: string, templateFile: string, name: string): Promise<void> {
  const template = JSON.parse(readFileSync(templateFile, 'utf8')) as Template;
  const worker = new Worker(
    AUDIT_QUEUE_NAME,
    async (job) => {
      const data = parseJobData(job.data, name);
      const result = template.result.ok ? { ...template.result, url: data.url, finalUrl: data.url } : { ...template.result, url: data.url };
      return encodeResult({ v: NUMRESP_JOB_SCHEMA_VERSION, worker: name, attempts: 1, browserVersion: template.browserVersion, measuredMs: 0, result });
    },
    { connection: bullConnection(parseQueueUrl(url)), name, concurrency: TABS, removeOnComplete: { count: 1_000_000 }, removeOnFail: { count: 1_000_000 } },
  );
  await worker.waitUntilReady();
  process.stdout.write('ready\n');
  await new Promise((r) => process.once('SIGTERM', r));
  await worker.close();
}

function startFakeWorker(url: string, templateFile: string, name: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, [fileURLToPath(import.meta.url), '--fake-worker', url, templateFile, name, '--tabs', String(TABS)], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve) => child.stdout!.once('data', () => resolve(child)));
}

const mb = (bytes: number) => bytes / 1e6;

/** Least-squares slope of y over x. */
function slope(points: Array<[number, number]>): number {
  const n = points.length;
  const mx = points.reduce((s, p) => s + p[0], 0) / n;
  const my = points.reduce((s, p) => s + p[1], 0) / n;
  const num = points.reduce((s, p) => s + (p[0] - mx) * (p[1] - my), 0);
  const den = points.reduce((s, p) => s + (p[0] - mx) ** 2, 0);
  return num / den;
}

async function main(): Promise<void> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with node --expose-gc');
  const dir = mkdtempSync(join(tmpdir(), 'numresp-bench-qmem-'));
  const redis = await startRedis(dir);
  const site = await startStaticServer({ root: join(projectRoot(), 'samples', 'site') });
  const address = parseQueueUrl(redis.url);
  const protocol = ProtocolSchema.parse({ waitBeforeScrollMs: 200, waitAfterScrollMs: 200 });
  // concurrency 'auto': no cap on the run's pages in the queue (audit --concurrency N with --queue would cap them).
  const settings: AuditSettings = { protocol, concurrency: 'auto', retries: 0, lighthouse: false };
  const db = openStore(join(dir, 'bench.db'));
  const workers: ChildProcess[] = [];
  try {
    console.log(`date ${new Date().toISOString()}; load ${readFileSync('/proc/loadavg', 'utf8').trim()}; ${cpus().length} cores`);
    // One real measurement of samples/site: the result every fake worker returns (realistic size: artifacts, rules).
    const browser = await launchBrowser();
    const result = await measureTarget(browser, { url: `${site.origin}/` }, protocol);
    const templateFile = join(dir, 'template.json');
    writeFileSync(templateFile, JSON.stringify({ result, browserVersion: browser.version } satisfies Template));
    await browser.close();
    if (!result.ok) throw new Error(`the template page failed: ${result.error}`);
    const resultKb = Buffer.byteLength(JSON.stringify(result)) / 1024;
    console.log(`${PAGES} pages, ${WORKERS} fake worker process(es) × ${TABS} jobs at once; result ${resultKb.toFixed(0)} KB JSON per page`);

    for (let i = 0; i < WORKERS; i++) workers.push(await startFakeWorker(redis.url, templateFile, `mem-w${i + 1}`));
    const urls = Array.from({ length: PAGES }, (_, i) => `${site.origin}/?page=${i}`);
    const runId = planRun(db, { label: 'memory', sites: [{ code: 'bench', name: 'bench', urls }], settings });

    const samples: Array<{ stored: number; seconds: number; heapMb: number; externalMb: number; rssMb: number }> = [];
    const t0 = Date.now();
    const cpu0 = process.cpuUsage();
    const sample = (stored: number) => {
      gc();
      const m = process.memoryUsage();
      samples.push({ stored, seconds: (Date.now() - t0) / 1000, heapMb: mb(m.heapUsed), externalMb: mb(m.external), rssMb: mb(m.rss) });
    };
    sample(0);
    let stored = 0;
    /** finished → heard by the coordinator, ms: seconds mean the event was missed and reconcile() found the job. */
    const heardAfterMs: number[] = [];
    let heardByCheck = 0;
    const outcome = await executeRunOnQueue(db, runId, settings, {
      address,
      perHost: 64,
      onEvent: (e) => e.type === 'note' && console.log(`  coordinator: ${e.message}`),
      onStored: (t) => {
        if (t.finishedOn !== null) heardAfterMs.push(t.heardAt - t.finishedOn);
        if (t.heardFrom === 'check') heardByCheck++;
        const at = ++stored;
        if (at % SAMPLE_EVERY === 0) setImmediate(() => sample(at));
      },
    });
    await new Promise((r) => setImmediate(r));
    const seconds = (Date.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    const probe = new Redis(redisOptions(address));
    const redisUsedMb = mb(Number(/used_memory:(\d+)/.exec(await probe.info('memory'))?.[1] ?? 0));
    probe.disconnect();

    console.log(`stored ${outcome.measured} ok, ${outcome.failed} failed in ${seconds.toFixed(0)} s: ${((outcome.measured + outcome.failed) / (seconds / 60)).toFixed(0)} pages/min through the coordinator, ${((cpu.user + cpu.system) / 1000 / PAGES).toFixed(1)} coordinator CPU-ms/page`);
    const late = heardAfterMs.filter((ms) => ms > 2000).length;
    const sorted = [...heardAfterMs].sort((x, y) => x - y);
    console.log(`finished → heard: p50 ${sorted[Math.floor(sorted.length / 2)]} ms, p95 ${sorted[Math.floor(sorted.length * 0.95)]} ms; ${late} page(s) heard > 2 s late; ${heardByCheck} found by the coordinator's periodic check (event missed), the rest by their event`);
    console.log('stored  s      heap MB (after GC)  external MB  RSS MB');
    for (const s of samples.filter((x) => x.stored % 200 === 0)) {
      console.log(`${String(s.stored).padStart(6)}  ${s.seconds.toFixed(0).padStart(5)}  ${s.heapMb.toFixed(1).padStart(18)}  ${s.externalMb.toFixed(1).padStart(11)}  ${s.rssMb.toFixed(0).padStart(6)}`);
    }
    // From the first 100 pages on: start-up (connections, the first decode's compilation) is not a leak.
    const steady = samples.filter((s) => s.stored >= SAMPLE_EVERY);
    const first = steady[0];
    const last = steady[steady.length - 1];
    console.log(
      `heap slope ${(slope(steady.map((s) => [s.stored, s.heapMb])) * 1000).toFixed(2)} MB per 1,000 pages, end/baseline ${(last.heapMb / first.heapMb).toFixed(2)}× (${first.heapMb.toFixed(1)} → ${last.heapMb.toFixed(1)} MB); ` +
        `RSS slope ${(slope(steady.map((s) => [s.stored, s.rssMb])) * 1000).toFixed(1)} MB per 1,000 pages, end/baseline ${(last.rssMb / first.rssMb).toFixed(2)}×`,
    );
    console.log(`Redis used_memory at the end ${redisUsedMb.toFixed(1)} MB (stored jobs removed); load at end ${readFileSync('/proc/loadavg', 'utf8').trim()}`);
  } finally {
    await Promise.all(workers.map((w) => new Promise((r) => (w.once('close', r), w.kill('SIGTERM')))));
    db.close();
    await site.close();
    await redis.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Child mode for run.ts's baseline: a BullMQ worker on its own queue that answers every job at once. */
export const ECHO_QUEUE_NAME = 'numresp-bench-echo';
async function echoWorker(url: string): Promise<void> {
  const worker = new Worker(ECHO_QUEUE_NAME, async () => 'ok', { connection: bullConnection(parseQueueUrl(url)), concurrency: 2 });
  await worker.waitUntilReady();
  process.stdout.write('ready\n');
  await new Promise((r) => process.once('SIGTERM', r));
  // Redis may be gone already (the bench failed): do not wait for a reconnection to close.
  await Promise.race([worker.close(), new Promise((r) => setTimeout(r, 2000))]);
  process.exit(0);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (process.argv[2] === '--fake-worker') await fakeWorker(process.argv[3], process.argv[4], process.argv[5]);
  else if (process.argv[2] === '--echo-worker') await echoWorker(process.argv[3]);
  else await main();
}
