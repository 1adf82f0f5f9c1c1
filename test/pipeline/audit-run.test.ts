import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ProtocolSchema } from '../../src/model/audit.js';
import { runAudit, type AuditEvent, type AuditSettings } from '../../src/pipeline/audit.js';
import { openStore, type Db } from '../../src/store/database.js';
import { getPageArtifacts, listPages, listRunMeasurements } from '../../src/store/pages.js';
import { runDocument } from '../../src/pipeline/results.js';
import { getRunSummary } from '../../src/store/runs.js';
import { startStaticServer, type StaticServer } from '../../src/util/static-server.js';

// Integration: the pipeline through real Chromium on a fixture site. Short waits keep it fast.
const root = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'sites', 'multi');
const settings: AuditSettings = {
  protocol: ProtocolSchema.parse({ waitBeforeScrollMs: 100, waitAfterScrollMs: 100, timeoutMs: 15000 }),
  concurrency: 2,
  retries: 1,
  lighthouse: false,
};
let site: StaticServer;
let db: Db;

beforeAll(async () => {
  site = await startStaticServer({ root });
});
afterAll(() => site.close());
beforeEach(() => {
  db = openStore(':memory:');
});
afterEach(() => db.close());

const request = (paths: string[], s: AuditSettings = settings) => ({
  label: 't',
  settings: s,
  sites: [{ code: 'multi', name: 'Multi', urls: paths.map((p) => `${site.origin}${p}`) }],
});

test('measures every page once, stores failures with reasons, scores with EcoIndex', async () => {
  const events: AuditEvent[] = [];
  const outcome = await runAudit(db, request(['/p1.html', '/p2.html', '/nope.html', '/s.css']), { onEvent: (e) => events.push(e) });
  const runId = outcome.runId;
  expect(outcome).toEqual({ runId, interrupted: false, measured: 2, failed: 2 });
  // Progress is data: planned once, then a start and a done per page.
  expect(events.filter((e) => e.type === 'planned')).toEqual([{ type: 'planned', runId, total: 4, pending: 4 }]);
  expect(events.filter((e) => e.type === 'page-start')).toHaveLength(4);
  expect(events.flatMap((e) => (e.type === 'page-done' ? [e.outcome.status] : [])).sort()).toEqual(['failed', 'failed', 'ok', 'ok']);
  const pages = listPages(db, runId);
  expect(pages.map((p) => [p.url.slice(site.origin.length), p.status, p.errorCode])).toEqual([
    ['/p1.html', 'ok', null],
    ['/p2.html', 'ok', null],
    ['/nope.html', 'failed', 'http-status'],
    ['/s.css', 'failed', 'not-html'],
  ]);
  const p1 = pages[0];
  // 11 elements in p1.html (html head meta title link link body h1 p + 4 a = 13); 2 requests (page + s.css).
  expect(p1.dom).toBe(13);
  expect(p1.requests).toBe(2);
  expect(p1.score).toBe(Math.round(p1.scoreRaw!));
  expect(p1.methodVersion).toBe('ecoindex-5.0');
  expect(p1.browserVersion).toMatch(/Chrome/);
  expect(getPageArtifacts(db, p1.id)?.dom.title).toBe('Page 1');
  expect(getRunSummary(db, runId)).toMatchObject({ status: 'finished', browserVersion: expect.stringMatching(/Chrome/) });
});

test('an interrupted run keeps finished pages and resume measures only the rest', async () => {
  const controller = new AbortController();
  const first = await runAudit(db, request(['/p1.html', '/p2.html', '/p3.html', '/index.html'], { ...settings, concurrency: 1 }), {
    signal: controller.signal,
    onEvent: (e) => e.type === 'page-done' && controller.abort(),
  });
  const runId = first.runId;
  expect(first.interrupted).toBe(true);
  expect(first.measured).toBe(1);
  expect(getRunSummary(db, runId)).toMatchObject({ status: 'interrupted', ok: 1, pending: 3 });
  const done = listPages(db, runId).find((p) => p.status === 'ok')!;
  const second = await runAudit(db, { resume: runId });
  expect(second).toMatchObject({ interrupted: false, measured: 3, failed: 0 });
  const pages = listPages(db, runId);
  expect(pages.every((p) => p.status === 'ok')).toBe(true);
  // The page finished before the interruption was not measured again.
  expect(pages.find((p) => p.id === done.id)?.finishedAt).toBe(done.finishedAt);
}, 180000);

test('a killed browser is relaunched and the run completes', async () => {
  let killed = false;
  const relaunches: string[] = [];
  const outcome = await runAudit(db, request(['/p1.html', '/p2.html', '/p3.html', '/index.html'], { ...settings, concurrency: 1 }), {
    onEvent: (e) => {
      if (e.type === 'browser-relaunch') relaunches.push(e.reason);
      if (e.type === 'page-start') {
        if (killed || !e.url.endsWith('/p2.html')) return;
        killed = true;
        // Kill Chromium while the second page loads: find its pid as an operator would.
        setTimeout(() => {
          const pids = execFileSync('pgrep', ['-f', '--', '--remote-debugging-pipe']).toString().trim().split('\n');
          for (const pid of pids) {
            let ppid: string;
            try {
              ppid = execFileSync('ps', ['-o', 'ppid=', '-p', pid]).toString().trim();
            } catch {
              continue; // another test file's Chromium ended between pgrep and ps
            }
            if (Number(ppid) === process.pid) process.kill(Number(pid), 'SIGKILL');
          }
        }, 300);
      }
    },
  });
  expect(killed).toBe(true);
  expect(relaunches).toHaveLength(1);
  expect(outcome).toMatchObject({ interrupted: false, measured: 4, failed: 0 });
}, 180000);

test('auto concurrency measures the same figures as one page at a time', async () => {
  const paths = ['/p1.html', '/p2.html', '/p3.html', '/index.html'];
  const one = await runAudit(db, request(paths, { ...settings, concurrency: 1 }));
  const events: AuditEvent[] = [];
  const auto = await runAudit(db, request(paths, { ...settings, concurrency: 'auto' }), { onEvent: (e) => events.push(e) });
  expect(events.find((e) => e.type === 'concurrency')).toEqual({ type: 'concurrency', tabs: 2, reason: 'auto: starting' });
  const figures = (runId: number) => listPages(db, runId).map((p) => [p.url, p.status, p.dom, p.requests, p.sizeKb]);
  expect(auto.measured).toBe(4);
  expect(figures(auto.runId)).toEqual(figures(one.runId));
}, 180000);

test('--repeat 3: interleaved measurements, each stored, the median one stands for the page with its spread', async () => {
  const events: AuditEvent[] = [];
  const outcome = await runAudit(db, request(['/p1.html', '/p2.html'], { ...settings, concurrency: 1, repeat: 3 }), { onEvent: (e) => events.push(e) });
  expect(outcome).toMatchObject({ measured: 2, failed: 0 });
  const starts = events.flatMap((e) => (e.type === 'page-start' ? [`${e.url.slice(site.origin.length)}#${e.repeat}`] : []));
  expect(starts).toEqual(['/p1.html#0', '/p2.html#0', '/p1.html#1', '/p2.html#1', '/p1.html#2', '/p2.html#2']);
  const measurements = listRunMeasurements(db, outcome.runId);
  const doc = runDocument(db, outcome.runId)!;
  for (const page of listPages(db, outcome.runId)) {
    const rows = measurements.get(page.id)!;
    expect(rows.map((r) => [r.repeatIndex, r.status])).toEqual([[0, 'ok'], [1, 'ok'], [2, 'ok']]);
    // A static page: the same counts each time, so the spread is flat and the page's figures are those counts.
    const scores = rows.map((r) => r.score!).sort((a, b) => a - b);
    const pageDoc = doc.pages.find((p) => p.url === page.url)!;
    expect(pageDoc.spread).toMatchObject({ n: 3, score: { min: scores[0], median: scores[1], max: scores[2] } });
    expect(page.score).toBe(scores[1]);
    expect(page.attempts).toBe(3);
  }
  expect(doc.pages[0].spread!.dom).toEqual({ min: 13, median: 13, max: 13 });
}, 180000);
