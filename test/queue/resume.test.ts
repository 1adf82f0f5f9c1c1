import { Queue } from 'bullmq';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { cli, runCli } from '../faults/cli.js';
import type { StaticServer } from '../../src/util/static-server.js';
import { startCountingSite } from './counting-site.js';
import { bullConnection } from '../../src/queue/connection.js';
import { AUDIT_QUEUE_NAME, jobIdOf, NUMRESP_JOB_SCHEMA_VERSION } from '../../src/queue/job.js';
import { parseQueueUrl } from '../../src/queue/url.js';
import { startRedis, type TestRedis } from './redis-server.js';

// The coordinator killed (SIGKILL) while workers go on: `--resume RUN --queue` stores what was completed meanwhile
// without measuring it again; `queue status` shows the jobs per run and per worker and names a run the store lacks.
const FAST = ['--wait-before-scroll', '200', '--wait-after-scroll', '200', '--timeout', '20'];

let redis: TestRedis;
let site: StaticServer;
let dir: string;
let hits: Map<string, number>;
beforeAll(async () => {
  redis = await startRedis();
  ({ site, hits } = await startCountingSite());
  dir = mkdtempSync(join(tmpdir(), 'numresp-qresume-'));
});
afterAll(async () => {
  await site.close();
  await redis.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function until(what: string, check: () => Promise<boolean>, ms = 120000): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`timed out waiting for ${what}`);
}

test('coordinator killed: resume stores the completed results once, queue status reports runs, workers and an unknown run', async () => {
  const urls = ['index', 'p1', 'p2', 'p3'].map((p) => `${site.origin}/multi/${p}.html`);
  const db = join(dir, 'q.db');
  const queue = new Queue(AUDIT_QUEUE_NAME, { connection: bullConnection(parseQueueUrl(redis.url)) });
  let worker: ChildProcess | null = null;
  try {
    // 1. Coordinator with no worker yet: it plans, enqueues, says no worker is connected; then it is killed.
    const coordinator = spawn(process.execPath, [cli, 'audit', ...urls, '--site', 'Resume', '--db', db, '--queue', redis.url, ...FAST], { stdio: ['ignore', 'ignore', 'pipe'] });
    let log = '';
    coordinator.stderr!.on('data', (d) => (log += d));
    await until('the coordinator to enqueue', async () => /no worker is connected/.test(log));
    expect(log).toContain(`start numresp worker --queue ${redis.url}`);
    coordinator.kill('SIGKILL');
    await new Promise((r) => coordinator.once('close', r));
    expect((await queue.getJobCounts('waiting')).waiting).toBe(4);

    // 2. A worker measures everything while no coordinator listens: results wait in Redis.
    worker = spawn(process.execPath, [cli, 'worker', '--queue', redis.url, '--concurrency', '2', '--name', 'lone-worker'], { stdio: ['ignore', 'ignore', 'pipe'] });
    await until('the worker to finish the jobs', async () => (await queue.getJobCounts('completed')).completed === 4);

    // 3. A job naming this store but a run it does not have (a restored copy?) is reported by queue status.
    const store = (new Database(db, { readonly: true }).prepare("SELECT value FROM store_meta WHERE key = 'store_id'").get() as { value: string }).value;
    await queue.add('page', { v: NUMRESP_JOB_SCHEMA_VERSION }, { jobId: jobIdOf(store, 999, 1), delay: 3600000 });
    const status = await runCli(['queue', 'status', '--queue', redis.url, '--db', db, '--json']);
    expect(status.status).toBe(0);
    const doc = JSON.parse(status.stdout) as {
      runs: Array<{ store: string; run: number; counts: Record<string, number>; runInStore: boolean | null }>;
      workers: Array<{ name: string; connected: boolean; completed: number }>;
    };
    expect(doc.runs.find((r) => r.run === 1)).toMatchObject({ store, counts: { completed: 4, waiting: 0, active: 0, failed: 0 }, runInStore: true });
    expect(doc.runs.find((r) => r.run === 999)).toMatchObject({ store, counts: { delayed: 1 }, runInStore: false });
    expect(doc.workers).toContainEqual({ name: 'lone-worker', connected: true, active: 0, completed: 4, failed: 0 });
    const text = await runCli(['queue', 'status', '--queue', redis.url, '--db', db]);
    expect(text.stdout).toMatch(/1 run\(s\) of this store's identity are not in/);

    // 4. Resume: the four completed results are stored, none measured again.
    const before = new Map(hits);
    const resumed = await runCli(['audit', '--resume', '1', '--db', db, '--queue', redis.url, '--json']);
    expect(resumed.status).toBe(0);
    const run = JSON.parse(resumed.stdout) as { run: { ok: number; pending: number; status: string }; pages: Array<{ url: string; attempts: number }> };
    expect(run.run).toMatchObject({ ok: 4, pending: 0, status: 'finished' });
    expect(hits).toEqual(before);
    for (const url of urls) expect(hits.get(new URL(url).pathname)).toBe(1);
    expect((await queue.getJobCounts('completed')).completed).toBe(0);
  } finally {
    await queue.close();
    if (worker) {
      worker.kill('SIGTERM');
      await new Promise((r) => worker!.once('close', r));
    }
  }
}, 240000);
