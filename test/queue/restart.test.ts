import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Queue } from 'bullmq';
import { cli, runCli } from '../faults/cli.js';
import { bullConnection } from '../../src/queue/connection.js';
import { AUDIT_QUEUE_NAME } from '../../src/queue/job.js';
import { parseQueueUrl } from '../../src/queue/url.js';
import type { StaticServer } from '../../src/util/static-server.js';
import { startCountingSite } from './counting-site.js';
import { startRedis, type TestRedis } from './redis-server.js';

// Redis restarted in the middle of a run (real redis-server, real BullMQ, real Chromium): with its append-only file
// the jobs survive; without its data the coordinator re-enqueues the store's pending pages. Either way every page
// is stored exactly once and the run finishes.
const FAST = ['--wait-before-scroll', '300', '--wait-after-scroll', '300', '--timeout', '20'];
const PAGES = 8;

let redis: TestRedis;
let site: StaticServer;
let dir: string;
let worker: { child: ChildProcess; log: () => string };
let hits: Map<string, number>;
beforeAll(async () => {
  redis = await startRedis();
  ({ site, hits } = await startCountingSite());
  dir = mkdtempSync(join(tmpdir(), 'numresp-qrestart-'));
  const child = spawn(process.execPath, [cli, 'worker', '--queue', redis.url, '--concurrency', '2', '--name', 'w-restart'], { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  child.stderr!.on('data', (d) => (log += d));
  worker = { child, log: () => log };
});
afterAll(async () => {
  if (worker.child.exitCode === null) {
    const closed = new Promise((r) => worker.child.once('close', r));
    worker.child.kill('SIGTERM');
    await closed;
  }
  await site.close();
  await redis.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** Runs a coordinator on PAGES pages and restarts Redis once the second page is stored. */
async function runWithRestart(tag: string, wipe: boolean): Promise<{ status: number | null; stdout: string; stderr: string; urls: string[]; db: string }> {
  const urls = Array.from({ length: PAGES }, (_, i) => `${site.origin}/basic/index.html?${tag}=${i}`);
  const db = join(dir, `${tag}.db`);
  const coordinator = spawn(process.execPath, [cli, 'audit', ...urls, '--site', 'Restart', '--db', db, '--queue', redis.url, ...FAST, '--json'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  let restarted: Promise<void> | null = null;
  coordinator.stdout.on('data', (d) => (stdout += d));
  coordinator.stderr.on('data', (d) => {
    stderr += d;
    if (!restarted && /^\[2\/8\]/m.test(stderr)) restarted = redis.restart({ wipe });
  });
  const status = await new Promise<number | null>((r) => coordinator.once('close', r));
  expect(restarted).not.toBeNull();
  await restarted;
  return { status, stdout, stderr, urls, db };
}

function expectEachPageStoredOnce(r: { stdout: string; stderr: string; urls: string[]; db: string }): void {
  const doc = JSON.parse(r.stdout) as { run: { ok: number; failed: number; pending: number; status: string } };
  expect(doc.run).toMatchObject({ ok: PAGES, failed: 0, pending: 0, status: 'finished' });
  // The coordinator reports a page when it stores it ("[k/8] url ok …"): once per page.
  for (const url of r.urls) expect(r.stderr.split('\n').filter((l) => l.includes(` ${url} ok `))).toHaveLength(1);
  const db = new Database(r.db, { readonly: true });
  try {
    expect(db.prepare("SELECT COUNT(*) AS n FROM pages WHERE status = 'ok'").get()).toEqual({ n: PAGES });
    expect(db.prepare('SELECT page_id, rule_id, COUNT(*) AS n FROM rule_results GROUP BY page_id, rule_id HAVING n > 1').all()).toEqual([]);
  } finally {
    db.close();
  }
}

test('Redis restarted mid-run with its append-only file: the jobs survive, every page stored once', async () => {
  const r = await runWithRestart('aof', false);
  expect(r.stderr).not.toMatch(/internal error/);
  expect(r.status).toBe(0);
  expectEachPageStoredOnce(r);
  // Nothing had to be enqueued again: the jobs were in the AOF.
  expect(r.stderr).not.toMatch(/had no job in Redis/);
}, 180000);

test('Redis restarted mid-run without its data: the coordinator re-enqueues the pending pages, every page stored once', async () => {
  const r = await runWithRestart('wiped', true);
  expect(r.stderr).not.toMatch(/internal error/);
  expect(r.status).toBe(0);
  expect(r.stderr).toMatch(/numresp: \d+ page\(s\) had no job in Redis \(Redis restarted without its data\?\); enqueued again/);
  expectEachPageStoredOnce(r);
  expect(worker.child.exitCode).toBeNull();
}, 180000);

test('Ctrl-C on the coordinator: exit 130, pages not started withdrawn; --resume stores the rest, each page measured once', async () => {
  const urls = Array.from({ length: PAGES }, (_, i) => `${site.origin}/basic/index.html?sigint=${i}`);
  const db = join(dir, 'sigint.db');
  const coordinator = spawn(process.execPath, [cli, 'audit', ...urls, '--site', 'Sigint', '--db', db, '--queue', redis.url, ...FAST], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  coordinator.stderr.on('data', (d) => {
    stderr += d;
    if (/^\[1\/8\]/m.test(stderr) && !coordinator.killed) coordinator.kill('SIGINT');
  });
  const status = await new Promise<number | null>((r) => coordinator.once('close', r));
  expect(status).toBe(130);
  expect(stderr).toMatch(/pages not started are withdrawn from the queue.*resume with numresp audit --resume 1 --queue/);
  const queue = new Queue(AUDIT_QUEUE_NAME, { connection: bullConnection(parseQueueUrl(redis.url)) });
  try {
    // Withdrawn: nothing of the run waits for a worker; what was being measured finishes and waits for --resume.
    expect(await queue.getJobCounts('waiting', 'delayed', 'prioritized')).toEqual({ waiting: 0, delayed: 0, prioritized: 0 });
    const resumed = await runCli(['audit', '--resume', '1', '--db', db, '--queue', redis.url, '--json']);
    expect(resumed.status).toBe(0);
    expect((JSON.parse(resumed.stdout) as { run: unknown }).run).toMatchObject({ ok: PAGES, failed: 0, pending: 0, status: 'finished' });
    // Measured exactly once each, across the interruption and the resume.
    for (const url of urls) expect([url, hits.get(new URL(url).pathname + new URL(url).search)]).toEqual([url, 1]);
    expect(await queue.getJobCounts('completed', 'active')).toEqual({ completed: 0, active: 0 });
  } finally {
    await queue.close();
  }
}, 180000);
