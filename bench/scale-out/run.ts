/**
 * Scale-out benchmark (run by hand, not in jest):
 *   npx tsc -p . && node dist/bench/scale-out/run.js [--pages 24] [--tabs 2] [--waits 1000]
 * Starts its own redis-server (loopback, temp dir, AOF) and serves samples/site on 127.0.0.1, then measures in
 * this one script:
 *  - a LOCAL run (runAudit, --concurrency TABS) of the pages = the baseline;
 *  - the same pages through the queue with 1, 2 and 3 worker processes (--concurrency TABS each), the coordinator
 *    (executeRunOnQueue) in this process: pages/min, ratio to local, CPU-s per page (this process + every child
 *    process reaped: workers, their Chromium, the local run's Chromium);
 *  - queue overhead per page = stored − enqueued − worker's measuring time, on runs of TABS pages given to one idle
 *    worker (so no page waits for a free tab), p50/p95;
 *  - coordinator heap/RSS at the start and end of the queue levels.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir, cpus } from 'node:os';
import { join } from 'node:path';
import { ProtocolSchema } from '../../src/model/audit.js';
import { planRun, runAudit, type AuditSettings } from '../../src/pipeline/audit.js';
import { executeRunOnQueue, type StoredTiming } from '../../src/queue/coordinator.js';
import { parseQueueUrl } from '../../src/queue/url.js';
import { openStore } from '../../src/store/database.js';
import { startStaticServer } from '../../src/util/static-server.js';
import { projectRoot } from '../../src/util/project-root.js';
import { startRedis } from './redis.js';
import { ECHO_QUEUE_NAME } from './memory.js';
import { Queue, QueueEvents } from 'bullmq';
import { bullConnection } from '../../src/queue/connection.js';

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const PAGES = Number(arg('pages', '24'));
const TABS = Number(arg('tabs', '2'));
const WAITS = Number(arg('waits', '1000'));
/** `overhead`: only the enqueue → stored measurement (with its breakdown), on OVERHEAD_RUNS runs. */
const ONLY = arg('only', 'all');
const OVERHEAD_RUNS = Number(arg('overhead-runs', String(Math.ceil(PAGES / TABS))));
const cli = join(projectRoot(), 'dist', 'bin', 'numresp.js');

function childCpuSeconds(): number {
  // Fields 16/17 of /proc/self/stat: cutime, cstime of reaped children, in clock ticks (100 Hz on Linux).
  const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
  return (Number(fields[13]) + Number(fields[14])) / 100;
}
function ownCpuSeconds(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}
const cpuNow = () => childCpuSeconds() + ownCpuSeconds();

function startWorker(url: string, name: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, [cli, 'worker', '--queue', url, '--concurrency', String(TABS), '--name', name], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  return new Promise((resolve) => {
    let log = '';
    child.stderr!.on('data', (d) => {
      log += d;
      if (/taking pages from/.test(log)) resolve(child);
    });
  });
}

async function stopWorkers(workers: ChildProcess[]): Promise<void> {
  await Promise.all(workers.map((w) => new Promise((r) => { w.once('close', r); w.kill('SIGTERM'); })));
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
};

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'numresp-bench-scaleout-'));
  const redis = await startRedis(dir);
  const site = await startStaticServer({ root: join(projectRoot(), 'samples', 'site') });
  const address = parseQueueUrl(redis.url);
  const protocol = ProtocolSchema.parse({ waitBeforeScrollMs: WAITS, waitAfterScrollMs: WAITS });
  const settings: AuditSettings = { protocol, concurrency: TABS, retries: 1, lighthouse: false };
  // Through the queue the workers' own --concurrency sets the tabs; the run's concurrency would cap its pages in
  // the queue across all workers (audit --concurrency with --queue): no cap here.
  const queued: AuditSettings = { ...settings, concurrency: 'auto' };
  const pages = (tag: string, n: number) => Array.from({ length: n }, (_, i) => `${site.origin}/?bench=${tag}-${i}`);
  const db = openStore(join(dir, 'bench.db'));
  const out: string[] = [];
  const say = (line: string) => {
    out.push(line);
    console.log(line);
  };
  try {
    say(`date ${new Date().toISOString()}; load ${readFileSync('/proc/loadavg', 'utf8').trim()}; ${cpus().length} cores`);
    say(`${PAGES} pages of samples/site per level, waits ${WAITS} + ${WAITS} ms, ${TABS} tabs per process`);
    const memory: Array<{ rssMb: number; heapMb: number }> = [];
    if (ONLY === 'all') {
      // Baseline: a local run of the same number of pages with the same tabs.
      let cpu0 = cpuNow();
      let t0 = Date.now();
      const local = await runAudit(db, { label: 'local', sites: [{ code: 'bench', name: 'bench', urls: pages('local', PAGES) }], settings });
      const localMin = (Date.now() - t0) / 60000;
      const localPpm = (local.measured + local.failed) / localMin;
      say(`local: ${localPpm.toFixed(1)} pages/min, ${((cpuNow() - cpu0) / PAGES).toFixed(2)} CPU-s/page, ${local.failed} failed`);

      const sample = () => {
        const m = process.memoryUsage();
        memory.push({ rssMb: Math.round(m.rss / 1e6), heapMb: Math.round(m.heapUsed / 1e6) });
      };
      sample();
      for (const n of [1, 2, 3]) {
        const workers = await Promise.all(Array.from({ length: n }, (_, i) => startWorker(redis.url, `bench-w${i + 1}`)));
        const runId = planRun(db, { label: `queue ${n}`, sites: [{ code: 'bench', name: 'bench', urls: pages(`q${n}`, PAGES) }], settings });
        cpu0 = cpuNow();
        t0 = Date.now();
        const o = await executeRunOnQueue(db, runId, queued, { address, perHost: 64 });
        const minutes = (Date.now() - t0) / 60000;
        const ppm = (o.measured + o.failed) / minutes;
        await stopWorkers(workers);
        // Workers (and their Chromium) are reaped now: their CPU time is in this process's children's time.
        say(`queue, ${n} worker(s): ${ppm.toFixed(1)} pages/min (${(ppm / localPpm).toFixed(2)}× local), ${((cpuNow() - cpu0) / PAGES).toFixed(2)} CPU-s/page incl. worker start, ${o.failed} failed`);
        sample();
      }
    }

    // Overhead: runs of TABS pages each to one idle worker.
    const [w] = await Promise.all([startWorker(redis.url, 'bench-overhead')]);
    const timings: StoredTiming[] = [];
    // Baseline, interleaved with the runs: BullMQ's own floor on this machine at this moment = an empty job through
    // the same Redis to a worker process that answers at once, enqueued → its 'completed' event heard here.
    const echo = spawn(process.execPath, [join(projectRoot(), 'dist', 'bench', 'scale-out', 'memory.js'), '--echo-worker', redis.url], { stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise((r) => echo.stdout!.once('data', r));
    const echoQueue = new Queue(ECHO_QUEUE_NAME, { connection: bullConnection(address) });
    const echoEvents = new QueueEvents(ECHO_QUEUE_NAME, { connection: bullConnection(address) });
    await echoEvents.waitUntilReady();
    const floors: number[] = [];
    const echoOnce = async () => {
      const t = Date.now();
      const job = await echoQueue.add('echo', {});
      await job.waitUntilFinished(echoEvents);
      floors.push(Date.now() - t);
      await job.remove();
    };
    for (let r = 0; r < OVERHEAD_RUNS; r++) {
      await echoOnce();
      await echoOnce();
      const runId = planRun(db, { label: `overhead ${r}`, sites: [{ code: 'bench', name: 'bench', urls: pages(`o${r}`, TABS) }], settings });
      await executeRunOnQueue(db, runId, queued, {
        address,
        perHost: 64,
        onStored: (t: StoredTiming) => {
          if (t.measuredMs !== null && t.enqueuedAt !== null) timings.push(t);
        },
      });
    }
    await stopWorkers([w]);
    await echoQueue.close();
    await echoEvents.close();
    await stopWorkers([echo]);
    say(`baseline, an empty BullMQ job to a worker process (enqueued → completed event), ${floors.length} jobs interleaved: p50 ${pct(floors, 50)} ms, p95 ${pct(floors, 95)} ms`);
    const overheads = timings.map((t) => t.storedAt - t.enqueuedAt! - t.measuredMs!);
    say(`queue overhead per page (stored − enqueued − measuring), ${overheads.length} pages: p50 ${pct(overheads, 50)} ms, p95 ${pct(overheads, 95)} ms, max ${Math.max(...overheads)} ms`);
    // Where it goes: enqueued → taken (BullMQ processedOn), taken → finished minus measuring (worker's own work),
    // finished → heard by the coordinator (event stream), heard → stored (read, decode, one transaction).
    const parts = {
      'enqueued→taken': timings.map((t) => (t.processedOn ?? t.heardAt) - t.enqueuedAt!),
      'worker beside measuring': timings.map((t) => (t.finishedOn ?? t.heardAt) - (t.processedOn ?? t.heardAt) - t.measuredMs!),
      'finished→heard': timings.map((t) => t.heardAt - (t.finishedOn ?? t.heardAt)),
      'heard→stored': timings.map((t) => t.storedAt - t.heardAt),
    };
    say(`  ratio to the baseline: p50 ${(pct(overheads, 50) / pct(floors, 50)).toFixed(1)}×, p95 ${(pct(overheads, 95) / pct(floors, 95)).toFixed(1)}×`);
    say(`  breakdown p50/p95 ms: ${Object.entries(parts).map(([k, xs]) => `${k} ${pct(xs, 50)}/${pct(xs, 95)}`).join('; ')}`);
    if (memory.length) say(`coordinator memory: ${memory.map((m) => `rss ${m.rssMb} MB heap ${m.heapMb} MB`).join(' → ')}`);
    say(`load at end ${readFileSync('/proc/loadavg', 'utf8').trim()}`);
  } finally {
    db.close();
    await site.close();
    await redis.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
