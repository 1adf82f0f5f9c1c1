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
import { AUDIT_QUEUE_NAME } from '../../src/queue/job.js';
import { parseQueueUrl } from '../../src/queue/url.js';
import { startRedis, type TestRedis } from './redis-server.js';

// Issue 14, proof: a coordinator and two worker processes on a fixture site served on 127.0.0.1, one worker
// SIGKILLed mid-run; every page is stored once, with the same figures as a local run of the same pages.
// Real redis-server, real BullMQ, real Chromium: no mock.
const FAST = ['--wait-before-scroll', '300', '--wait-after-scroll', '300', '--timeout', '20'];

let redis: TestRedis;
let site: StaticServer;
let dir: string;
let hits: Map<string, number>;
beforeAll(async () => {
  redis = await startRedis();
  ({ site, hits } = await startCountingSite());
  dir = mkdtempSync(join(tmpdir(), 'numresp-scaleout-'));
});
afterAll(async () => {
  await site.close();
  await redis.stop();
  rmSync(dir, { recursive: true, force: true });
});

interface PageDoc {
  url: string;
  status: string;
  metrics: { dom: number; requests: number; sizeKb: number; transferBytes: number } | null;
  ecoindex: { score: number; grade: string } | null;
  rules: Array<{ id: string; status: string }>;
}

function startWorker(name: string): { child: ChildProcess; log: () => string } {
  const child = spawn(process.execPath, [cli, 'worker', '--queue', redis.url, '--concurrency', '1', '--lock-duration', '3', '--name', name], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let log = '';
  child.stderr!.on('data', (d) => (log += d));
  return { child, log: () => log };
}

test('two workers, one SIGKILLed mid-run: every page stored once, same figures as a local run', async () => {
  const urls = [
    ...[0, 1, 2, 3].map((i) => `${site.origin}/basic/index.html?v=${i}`),
    ...['index', 'p1', 'p2', 'p3'].map((p) => `${site.origin}/multi/${p}.html`),
  ];
  const local = await runCli(['audit', ...urls, '--site', 'Fixture', '--db', join(dir, 'local.db'), '--concurrency', '1', ...FAST, '--json']);
  expect(local.status).toBe(0);
  const localPages = (JSON.parse(local.stdout) as { pages: PageDoc[] }).pages;

  const a = startWorker('worker-a');
  const b = startWorker('worker-b');
  const qdb = join(dir, 'queue.db');
  const coordinator = spawn(process.execPath, [cli, 'audit', ...urls, '--site', 'Fixture', '--db', qdb, '--queue', redis.url, ...FAST, '--json'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  coordinator.stdout.on('data', (d) => (stdout += d));
  coordinator.stderr.on('data', (d) => (stderr += d));
  // SIGKILL worker A while it measures a page, after it has finished one (so both have real work).
  let killedWhile = '';
  const killer = setInterval(() => {
    const log = a.log();
    const lines = log.trim().split('\n');
    const last = lines[lines.length - 1] ?? '';
    if (/ ok in /.test(log) && / started$/.test(last) && a.child.exitCode === null && !killedWhile) {
      killedWhile = last.replace(/^.*: (http\S+) started$/, '$1');
      a.child.kill('SIGKILL');
    }
  }, 50);
  const status = await new Promise<number | null>((r) => coordinator.once('close', r));
  clearInterval(killer);
  b.child.kill('SIGTERM');
  await new Promise((r) => b.child.once('close', r));

  expect(stderr).not.toMatch(/internal error/);
  expect(status).toBe(0);
  expect(killedWhile).toMatch(/^http:\/\/127.0.0.1/);
  expect(a.child.signalCode).toBe('SIGKILL');
  expect(b.child.exitCode).toBe(0);
  // The killed worker's page was taken again by worker B.
  expect(b.log()).toContain(`${killedWhile} ok in `);

  const doc = JSON.parse(stdout) as { run: { ok: number; failed: number; pending: number; status: string }; pages: PageDoc[] };
  expect(doc.run).toMatchObject({ ok: 8, failed: 0, pending: 0, status: 'finished' });
  // Each page reported once by the coordinator ("[k/8] url ok …"): stored exactly once.
  for (const url of urls) expect(stderr.split('\n').filter((l) => l.includes(` ${url} ok `))).toHaveLength(1);
  const db = new Database(qdb, { readonly: true });
  try {
    const rows = db.prepare("SELECT url, COUNT(*) AS n FROM pages GROUP BY url").all() as Array<{ url: string; n: number }>;
    expect(rows.map((r) => r.n)).toEqual(urls.map(() => 1));
    // Check results replaced, never appended twice.
    const dup = db.prepare('SELECT page_id, rule_id, COUNT(*) AS n FROM rule_results GROUP BY page_id, rule_id HAVING n > 1').all();
    expect(dup).toEqual([]);
  } finally {
    db.close();
  }
  // Same figures as the local run, page by page.
  for (const url of urls) {
    const q = doc.pages.find((p) => p.url === url)!;
    const l = localPages.find((p) => p.url === url)!;
    expect({ url, dom: q.metrics!.dom, requests: q.metrics!.requests, sizeKb: q.metrics!.sizeKb, score: q.ecoindex!.score }).toEqual({
      url,
      dom: l.metrics!.dom,
      requests: l.metrics!.requests,
      sizeKb: l.metrics!.sizeKb,
      score: l.ecoindex!.score,
    });
    expect(q.rules.map((r) => `${r.id}:${r.status}`)).toEqual(l.rules.map((r) => `${r.id}:${r.status}`));
  }
  // Nothing left behind in Redis: every job was removed once stored.
  const queue = new Queue(AUDIT_QUEUE_NAME, { connection: bullConnection(parseQueueUrl(redis.url)) });
  try {
    const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'completed', 'failed');
    expect(counts).toEqual({ waiting: 0, active: 0, delayed: 0, completed: 0, failed: 0 });
  } finally {
    await queue.close();
  }
}, 240000);
