import { Queue } from 'bullmq';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { cli, runCli } from '../faults/cli.js';
import { startStaticServer, type StaticServer } from '../../src/util/static-server.js';
import { bullConnection } from '../../src/queue/connection.js';
import { AUDIT_QUEUE_NAME, jobIdOf, NUMRESP_JOB_SCHEMA_VERSION } from '../../src/queue/job.js';
import { parseQueueUrl } from '../../src/queue/url.js';
import { startRedis, type TestRedis } from './redis-server.js';

// `--per-host N` holds across two worker processes (real redis-server, real BullMQ, real Chromium): two fixture
// hosts answer their pages slowly and record how many page requests they serve at once. Then: jobs naming this
// store but a run it does not have are reported by the coordinator and left in Redis.
const FAST = ['--wait-before-scroll', '200', '--wait-after-scroll', '200', '--timeout', '20'];
/** Long beside the rest of a page's measurement, so pages of one host overlap unless the limit holds them back. */
const PAGE_DELAY_MS = 1500;
const PAGES_PER_HOST = 6;

interface SlowHost {
  server: StaticServer;
  inFlight: number;
  maxInFlight: number;
}

let redis: TestRedis;
let dir: string;
const hosts: SlowHost[] = [];
let totalInFlight = 0;
let maxTotalInFlight = 0;
const workers: Array<{ child: ChildProcess; log: () => string }> = [];

async function slowHost(): Promise<SlowHost> {
  const host = { inFlight: 0, maxInFlight: 0 } as SlowHost;
  const page = (req: IncomingMessage, res: ServerResponse) => {
    host.inFlight++;
    totalInFlight++;
    host.maxInFlight = Math.max(host.maxInFlight, host.inFlight);
    maxTotalInFlight = Math.max(maxTotalInFlight, totalInFlight);
    setTimeout(() => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(`<!doctype html><html lang="fr"><head><title>${req.url}</title></head><body><p>page</p></body></html>`);
      host.inFlight--;
      totalInFlight--;
    }, PAGE_DELAY_MS);
  };
  const routes = Object.fromEntries(Array.from({ length: PAGES_PER_HOST + 1 }, (_, i) => [`/p${i}.html`, page]));
  host.server = await startStaticServer({ routes });
  return host;
}

function startWorker(name: string): { child: ChildProcess; log: () => string } {
  const child = spawn(process.execPath, [cli, 'worker', '--queue', redis.url, '--concurrency', '3', '--name', name], { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  child.stderr!.on('data', (d) => (log += d));
  return { child, log: () => log };
}

beforeAll(async () => {
  redis = await startRedis();
  dir = mkdtempSync(join(tmpdir(), 'numresp-perhost-'));
  hosts.push(await slowHost(), await slowHost());
  workers.push(startWorker('w-one'), startWorker('w-two'));
});
afterAll(async () => {
  await Promise.all(workers.map((w) => new Promise((r) => (w.child.exitCode !== null ? r(null) : (w.child.once('close', r), w.child.kill('SIGTERM'))))));
  for (const h of hosts) await h.server.close();
  await redis.stop();
  rmSync(dir, { recursive: true, force: true });
});

test('--per-host 2 with two workers of 3 tabs each: never more than 2 pages of one host at once', async () => {
  // Interleaved, so that both hosts have pages waiting from the start.
  const urls = Array.from({ length: PAGES_PER_HOST }, (_, i) => hosts.map((h) => `${h.server.origin}/p${i}.html`)).flat();
  const r = await runCli(['audit', ...urls, '--site', 'PerHost', '--per-host', '2', '--db', join(dir, 'q.db'), '--queue', redis.url, ...FAST, '--json']);
  expect(r.stderr).not.toMatch(/internal error/);
  expect(r.status).toBe(0);
  const doc = JSON.parse(r.stdout) as { run: { ok: number; failed: number; pending: number } };
  expect(doc.run).toMatchObject({ ok: urls.length, failed: 0, pending: 0 });
  // The limit held on each host…
  for (const h of hosts) expect(h.maxInFlight).toBeLessThanOrEqual(2);
  // …and was reached (6 tabs were free: without the limit a host would have had up to 6 pages at once)…
  expect(Math.max(...hosts.map((h) => h.maxInFlight))).toBe(2);
  // …while the two hosts were measured side by side, by both worker processes.
  expect(maxTotalInFlight).toBeGreaterThanOrEqual(3);
  for (const w of workers) expect(w.log()).toMatch(/ ok in /);
}, 180000);

test('jobs of a run the store does not have: reported by the coordinator with their count, left in Redis', async () => {
  const db = join(dir, 'q.db');
  const store = (new Database(db, { readonly: true }).prepare("SELECT value FROM store_meta WHERE key = 'store_id'").get() as { value: string }).value;
  const queue = new Queue(AUDIT_QUEUE_NAME, { connection: bullConnection(parseQueueUrl(redis.url)) });
  try {
    // Two jobs of run 999 (a restored copy of the store planned it?), delayed so that no worker takes them now.
    for (const page of [1, 2]) await queue.add('page', { v: NUMRESP_JOB_SCHEMA_VERSION }, { jobId: jobIdOf(store, 999, page), delay: 3600000 });
    const r = await runCli(['audit', `${hosts[0].server.origin}/p${PAGES_PER_HOST}.html`, '--site', 'PerHost', '--db', db, '--queue', redis.url, ...FAST]);
    expect(r.status).toBe(0);
    expect(r.stderr).toContain('numresp: 2 job(s) of run 999 are in the queue but run 999 is not in this store');
    expect(r.stderr).toContain('left in Redis, see numresp queue status --db');
    // Reported, not dropped: both jobs are still there.
    expect(await queue.getJobState(jobIdOf(store, 999, 1))).toBe('delayed');
    expect(await queue.getJobState(jobIdOf(store, 999, 2))).toBe('delayed');
    // Run 1 of this store left no job behind, so it is not named.
    expect(r.stderr).not.toMatch(/run 1 of this store/);
  } finally {
    await queue.close();
  }
}, 120000);

test('audit --concurrency 2 with --queue: at most 2 pages of the run in the queue at once, across both workers', async () => {
  totalInFlight = 0;
  maxTotalInFlight = 0;
  const urls = Array.from({ length: 3 }, (_, i) => hosts.map((h) => `${h.server.origin}/p${i}.html?window`)).flat();
  const r = await runCli(['audit', ...urls, '--site', 'Window', '--concurrency', '2', '--per-host', '6', '--db', join(dir, 'w.db'), '--queue', redis.url, ...FAST, '--json']);
  expect(r.status).toBe(0);
  expect((JSON.parse(r.stdout) as { run: { ok: number } }).run.ok).toBe(urls.length);
  // Six tabs were free and the host limit was 6: only the run's window held the pages back.
  expect(maxTotalInFlight).toBe(2);
}, 120000);

test('audit --repeat with --queue is refused in one line (each page is measured once, by one worker)', async () => {
  const r = await runCli(['audit', `${hosts[0].server.origin}/p0.html`, '--repeat', '3', '--db', join(dir, 'r.db'), '--queue', redis.url]);
  expect(r.status).toBe(2);
  expect(r.stderr.trim()).toBe('numresp: --repeat is not supported with --queue (each page is measured once, by one worker); run it without --queue');
});
