import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ProtocolSchema } from '../../src/model/audit.js';
import { runAudit, type AuditSettings } from '../../src/pipeline/audit.js';
import { openStore, type Db } from '../../src/store/database.js';
import { checkStore } from '../../src/store/maintenance.js';
import { listPages } from '../../src/store/pages.js';
import { getRun } from '../../src/store/runs.js';
import { startHostileSite, type HostileSite } from './hostile-site.js';

// Issue 7: a campaign over misbehaving pages finishes with every measurable result and a reason for every other.

const settings: AuditSettings = {
  protocol: ProtocolSchema.parse({ waitBeforeScrollMs: 200, waitAfterScrollMs: 200, timeoutMs: 40000, coverage: false }),
  concurrency: 2,
  retries: 0,
  lighthouse: false,
};

/** Chromium processes of this test process (their command line names our temporary profile). */
function chromiumPids(): number[] {
  try {
    return execFileSync('pgrep', ['-f', `numresp-chromium-${process.pid}-`], { encoding: 'utf8' }).trim().split('\n').filter(Boolean).map(Number);
  } catch {
    return []; // pgrep exits 1 when nothing matches
  }
}

/** Renderer processes descending from this test's Chromium (renderers' own command lines do not name the profile). */
function rendererPids(): number[] {
  const rows = execFileSync('ps', ['-eo', 'pid=,ppid=,args='], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .map((l) => /^\s*(\d+)\s+(\d+)\s+(.*)$/.exec(l)!)
    .map((m) => ({ pid: Number(m[1]), ppid: Number(m[2]), args: m[3] }));
  const ours = new Set(chromiumPids());
  let grew = true;
  while (grew) {
    grew = false;
    for (const r of rows) if (!ours.has(r.pid) && ours.has(r.ppid)) (ours.add(r.pid), (grew = true));
  }
  return rows.filter((r) => ours.has(r.pid) && r.args.includes('--type=renderer')).map((r) => r.pid);
}

function profileDirs(): string[] {
  return readdirSync(tmpdir()).filter((n) => n.startsWith(`numresp-chromium-${process.pid}-`));
}

describe('audit survives hostile pages', () => {
  let site: HostileSite;
  let dir: string;
  let db: Db;
  beforeAll(async () => {
    site = await startHostileSite();
    dir = mkdtempSync(join(tmpdir(), 'numresp-faults-'));
    db = openStore(join(dir, 'faults.db'));
  });
  afterAll(async () => {
    db.close();
    await site.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('every fault ends as a stored result with a reason, the good pages are measured, nothing leaks', async () => {
    const paths = [
      '/ok/1', '/never', '/stream', '/500', '/404', '/pdf', '/loop/a', '/dom200k', '/dialogs', '/popup',
      '/navaway', '/many?n=1000', '/hostile', '/ok/2', '/huge',
    ];
    const outcome = await runAudit(db, { label: 'faults', sites: [{ code: 'hostile', name: 'Hostile', urls: paths.map(site.url) }], settings });
    const runId = outcome.runId;
        const pages = new Map(listPages(db, runId).map((p) => [new URL(p.url).pathname + new URL(p.url).search, p]));

    expect(pages.size).toBe(paths.length);
    expect([...pages].filter(([, p]) => p.status === 'pending').map(([path]) => path)).toEqual([]);
    for (const p of pages.values()) {
      if (p.status === 'failed') expect(p.error).toMatch(/\w{3,}.*\w{3,}/); // a sentence, not a code
    }
    const failedWith = (path: string) => {
      const p = pages.get(path)!;
      expect({ path, status: p.status }).toEqual({ path, status: 'failed' });
      return p.errorCode;
    };
    expect(failedWith('/never')).toBe('timeout');
    expect(failedWith('/500')).toBe('http-status');
    expect(failedWith('/404')).toBe('http-status');
    expect(failedWith('/pdf')).toBe('not-html');
    expect(failedWith('/loop/a')).toBe('redirect-loop');
    // /stream never fires load: a timeout, never a hang of the run.
    expect(failedWith('/stream')).toBe('timeout');

    for (const ok of ['/ok/1', '/ok/2', '/dialogs', '/popup', '/hostile']) expect([ok, pages.get(ok)!.status]).toEqual([ok, 'ok']);
    expect(pages.get('/dom200k')!.dom).toBeGreaterThanOrEqual(200000);
    // Status and error first, so a timeout on a loaded machine says so rather than "received null".
    expect(pages.get('/many?n=1000')).toMatchObject({ status: 'ok', error: null });
    expect(pages.get('/many?n=1000')!.requests).toBeGreaterThanOrEqual(1001);
    // Hostile markup is stored as data, verbatim; escaping is the renderers' job (tested there).
    expect(pages.get('/hostile')!.title).toContain('<script>');
    // A page that navigates itself away during the protocol is measured (the count is retried in the new
    // document), not failed.
    expect(['/navaway', pages.get('/navaway')!.status, pages.get('/navaway')!.errorCode]).toEqual(['/navaway', 'ok', null]);
    // The 50 MB page is measured within the 40 s timeout, every byte counted; the only acceptable failure is the
    // timeout itself (a loaded machine), never another reason.
    const huge = pages.get('/huge')!;
    if (huge.status === 'ok') expect(huge.sizeKb).toBeGreaterThan(50 * 1024 * 1024 / 1000);
    else expect([huge.status, huge.errorCode]).toEqual(['failed', 'timeout']);

    expect(outcome.measured + outcome.failed).toBe(paths.length);
    expect(getRun(db, runId)!.status).toBe('finished');
    expect(checkStore(db)).toEqual([]);
    expect(chromiumPids()).toEqual([]);
    expect(profileDirs()).toEqual([]);
  }, 240000);

  test('a crashed tab fails its page only', async () => {
    const urls = ['/ok/c1', '/slow', '/ok/c2'].map(site.url);
    const one = { ...settings, concurrency: 1 };
    // Kill the tab's renderer while the page loads (its image request has reached us), as an out-of-memory or a
    // Chromium bug would.
    site.onRequest = (path) => {
      if (path !== '/hang') return;
      for (const pid of rendererPids()) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          /* gone */
        }
      }
    };
    const outcome = await runAudit(db, { label: 'crash', sites: [{ code: 'crash', name: 'Crash', urls }], settings: one });
    const runId = outcome.runId;
    site.onRequest = undefined;
    const byPath = new Map(listPages(db, runId).map((p) => [new URL(p.url).pathname, p]));
    expect(byPath.get('/slow')).toMatchObject({ status: 'failed', errorCode: 'crash' });
    expect(byPath.get('/ok/c1')!.status).toBe('ok');
    expect(byPath.get('/ok/c2')!.status).toBe('ok');
    expect(outcome).toMatchObject({ measured: 2, failed: 1 });
  }, 120000);
});
