import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startStaticServer, type StaticServer } from '../../src/util/static-server.js';

// The built CLI (npm run build / .ci/setup) run as a user would, against a fixture site on 127.0.0.1.
const here = dirname(fileURLToPath(import.meta.url));
const cli = join(here, '..', '..', 'dist', 'bin', 'numresp.js');
const root = join(here, '..', 'fixtures', 'sites', 'multi');
const FAST = ['--wait-before-scroll', '100', '--wait-after-scroll', '100', '--timeout', '15'];

let site: StaticServer;
let growsVisits = 0;
let dir: string;
beforeAll(async () => {
  site = await startStaticServer({
    root,
    routes: {
      // A page that grows after its first visit: 3 elements in run A, 2,003 in run B (compare test).
      '/grows': (_q, res) => {
        const extra = growsVisits++ === 0 ? '' : '<i></i>'.repeat(2000);
        res.writeHead(200, { 'content-type': 'text/html' });
        res.end(`<!doctype html><title>grows</title><link rel="icon" href="data:,">${extra}`);
      },
      // Slow pages, so an interrupt lands while pages are in progress.
      '/slow': (_q, res) => {
        setTimeout(() => {
          res.writeHead(200, { 'content-type': 'text/html' });
          res.end('<!doctype html><title>slow</title><link rel="icon" href="data:,"><p>slow</p>');
        }, 700);
      },
    },
  });
  dir = mkdtempSync(join(tmpdir(), 'numresp-cli-'));
});
afterAll(() => site.close());

/** Runs the CLI without blocking this process (the fixture server lives in it). */
function run(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string; pid: number }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cli, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr, pid: child.pid! }));
  });
}

test('bad input is one line on stderr with exit 2, and no run is created', async () => {
  const db = join(dir, 'bad.db');
  const r = await run(['audit', 'www.example.fr', '--db', db]);
  expect(r.code).toBe(2);
  expect(r.stderr.trim().split('\n')).toEqual(['numresp: "www.example.fr" is not an absolute http(s) URL; give URLs like https://www.example.fr/']);
  const config = join(dir, 'bad.json');
  writeFileSync(config, JSON.stringify({ sites: [{ code: 'a', urls: ['https://a.fr/'], colour: 1 }] }));
  const c = await run(['audit', '--config', config, '--db', db]);
  expect(c.code).toBe(2);
  expect(c.stderr).toMatch(/^numresp: config .*bad\.json: sites\.0: unknown key "colour"\n$/);
  for (const repeat of ['0', '1000']) {
    const r = await run(['audit', `${site.origin}/p1.html`, '--repeat', repeat, '--db', db]);
    expect([r.code, r.stderr]).toEqual([2, `numresp: --repeat must be a whole number from 1 to 20, got ${repeat} (see numresp --help)\n`]);
  }
  const zero = await run(['audit', `${site.origin}/p1.html`, '--concurrency', '0', '--db', db]);
  expect([zero.code, zero.stderr]).toEqual([2, 'numresp: --concurrency must be auto or a whole number from 1 to 32, got 0 (see numresp --help)\n']);
  expect((await run(['runs', '--db', db, '--json'])).stdout.trim()).toBe('[]');
}, 180000);

test('audit --json prints one document; exit 1 when a page failed; results and runs read it back', async () => {
  const db = join(dir, 'json.db');
  const input = join(dir, 'urls.txt');
  writeFileSync(input, `# fixture\n${site.origin}/p1.html\ngarbage line\n${site.origin}/missing.html\n`);
  const r = await run(['audit', '--input', input, '--site', 'Lycée Multi', '--label', 'T1', '--json', '--concurrency', '1', '--db', db, ...FAST]);
  expect(r.code).toBe(1);
  expect(r.stderr).toMatch(/urls\.txt:3: "garbage line" not an absolute http\(s\) URL; skipped/);
  const doc = JSON.parse(r.stdout);
  expect(doc.run).toMatchObject({ label: 'T1', status: 'finished', ok: 1, failed: 1 });
  const [ok, failed] = doc.pages;
  expect(ok).toMatchObject({ url: `${site.origin}/p1.html`, site: 'lycee-multi', status: 'ok', error: null });
  expect(ok.metrics).toMatchObject({ dom: 13, requests: 2 });
  expect(Object.keys(ok.ecoindex).sort()).toEqual(['ghg', 'grade', 'methodVersion', 'score', 'scoreRaw', 'water']);
  expect(Array.isArray(ok.rules)).toBe(true);
  expect(failed).toMatchObject({ status: 'failed', error: expect.stringMatching(/HTTP 404/), ecoindex: null });

  const csv = await run(['results', '--csv', '--db', db]);
  expect(csv.code).toBe(0);
  const lines = csv.stdout.trim().split('\r\n');
  expect(lines[0]).toMatch(/^run,site,url,status,error/);
  expect(lines).toHaveLength(3);
  const runs = JSON.parse((await run(['runs', '--json', '--db', db])).stdout);
  expect(runs).toHaveLength(1);
  expect(runs[0]).toMatchObject({ label: 'T1', pages: 2, ok: 1, failed: 1 });
  expect(await run(['results', '99', '--db', db])).toMatchObject({ code: 2, stderr: expect.stringMatching(/run 99 does not exist/) });
}, 180000);

test('SIGINT marks the run interrupted (exit 130) and --resume completes it without leaks', async () => {
  const db = join(dir, 'sigint.db');
  const urls = ['p1.html', 'p2.html', 'p3.html', 'slow?a', 'slow?b', 'slow?c', 'slow?d'].map((p) => `${site.origin}/${p}`);
  const child = spawn(process.execPath, [cli, 'audit', ...urls, '--concurrency', '1', '--db', db, ...FAST], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  const code = await new Promise<number | null>((resolve) => {
    child.stderr.on('data', (d) => {
      stderr += d;
      // After the second page is stored, interrupt.
      if (/\[2\/7\]/.test(stderr) && !child.killed) child.kill('SIGINT');
    });
    child.on('exit', (c) => resolve(c));
  });
  expect(code).toBe(130);
  const runs = JSON.parse((await run(['runs', '--json', '--db', db])).stdout);
  expect(runs[0]).toMatchObject({ status: 'interrupted', pages: 7 });
  expect(runs[0].ok).toBeGreaterThanOrEqual(2);
  expect(runs[0].pending).toBe(7 - runs[0].ok);

  const resumed = await run(['audit', '--resume', String(runs[0].id), '--db', db, '--json']);
  expect(resumed.code).toBe(0);
  const doc = JSON.parse(resumed.stdout);
  expect(doc.run).toMatchObject({ status: 'finished', ok: 7, pending: 0 });
  expect(new Set(doc.pages.map((p: { url: string }) => p.url)).size).toBe(7);
  // No Chromium left behind by either process, no temporary profile left (profiles are named after the owner pid).
  for (const pid of [child.pid, resumed.pid]) {
    const mark = `numresp-chromium-${pid}-`;
    expect(spawnSync('pgrep', ['-f', mark], { encoding: 'utf8' }).stdout.trim()).toBe('');
    expect(readdirSync(tmpdir()).filter((n) => n.startsWith(mark))).toEqual([]);
  }
}, 240000);

// Lighthouse is tested through the CLI: its dynamic imports do not load under jest's ESM VM modules.
test('--lighthouse stores the four Lighthouse scores beside the EcoIndex figures', async () => {
  const db = join(dir, 'lighthouse.db');
  // --timeout also bounds Lighthouse: 15 s is too short for it on a loaded 2-core machine.
  const r = await run(['audit', `${site.origin}/p1.html`, '--lighthouse', '--json', '--db', db, ...FAST.slice(0, 4), '--timeout', '90']);
  expect(r.code).toBe(0);
  const [page] = JSON.parse(r.stdout).pages;
  expect(page.lighthouse).toMatchObject({ lighthouseVersion: expect.stringMatching(/^12\./) });
  for (const key of ['performance', 'accessibility', 'bestPractices', 'seo']) {
    expect(page.lighthouse.scores[key]).toBeGreaterThanOrEqual(0);
    expect(page.lighthouse.scores[key]).toBeLessThanOrEqual(100);
  }
  expect(page.lighthouse.metrics.firstContentfulPaintMs).toBeGreaterThan(0);
  expect(page.ecoindex.score).toBeGreaterThan(0);
}, 180000);

test('compare lists per URL what changed between two runs and whether it is beyond the noise (--json, --csv)', async () => {
  const db = join(dir, 'compare.db');
  const urls = [`${site.origin}/p1.html`, `${site.origin}/grows`];
  for (const label of ['A', 'B']) expect((await run(['audit', ...urls, '--label', label, '--concurrency', '1', '--db', db, ...FAST])).code).toBe(0);
  const j = await run(['compare', '1', '2', '--json', '--db', db]);
  expect(j.code).toBe(0);
  const c = JSON.parse(j.stdout);
  expect(c).toMatchObject({ runA: 1, runB: 2, thresholdPoints: 3 });
  const [p1, grows] = c.pages;
  expect(p1).toMatchObject({ url: urls[0], presence: 'both', change: { score: 0, dom: 0, requests: 0 }, significant: false, basis: 'threshold' });
  // 2,000 more elements: the DOM change is exact, the score falls well beyond 3 points.
  expect(grows).toMatchObject({ url: urls[1], change: { dom: 2000 }, significant: true });
  expect(grows.change.score).toBeLessThan(-3);
  const csv = await run(['compare', '1', '2', '--csv', '--db', db]);
  const lines = csv.stdout.trim().split('\r\n');
  expect(lines[0]).toBe('url,site,journey,step_index,step_name,presence,score_a,score_b,score_change,grade_a,grade_b,dom_a,dom_b,dom_change,requests_a,requests_b,requests_change,size_kb_a,size_kb_b,size_kb_change,significant,basis');
  expect(lines[2]).toMatch(/,2000,.*,true,threshold$/);
  const missing = await run(['compare', '1', '9', '--db', db]);
  expect([missing.code, missing.stderr.trim()]).toEqual([2, `numresp: run 9 does not exist in ${db}; see numresp runs`]);
}, 180000);

test('CI gate: --fail-under and --budget exit 4 after storing everything, --junit writes the verdicts', async () => {
  const db = join(dir, 'gate.db');
  const budget = join(dir, 'budget.json');
  const junit = join(dir, 'junit.xml');
  writeFileSync(budget, JSON.stringify({ budgets: [{ match: '/p1.html', maxRequests: 1 }] }));
  const r = await run(['audit', `${site.origin}/p1.html`, '--fail-under', 'G', '--budget', budget, '--junit', junit, '--db', db, ...FAST]);
  // p1.html makes 2 requests (page + s.css): over the budget of 1; grade G or better always holds.
  expect(r.code).toBe(4);
  expect(r.stderr).toContain(`numresp: gate: ${site.origin}/p1.html: budget "/p1.html": requests ≤ 1, measured 2 requests`);
  const xml = readFileSync(junit, 'utf8');
  expect(xml).toContain('tests="2" failures="1"');
  expect((await run(['runs', '--db', db, '--json'])).stdout).toContain('"ok": 1');
  writeFileSync(budget, JSON.stringify({ budgets: [{ checks: ['dom-sise'] }] }));
  const bad = await run(['audit', `${site.origin}/p1.html`, '--budget', budget, '--db', db]);
  expect([bad.code, bad.stderr]).toEqual([2, expect.stringMatching(/unknown check "dom-sise"; closest: dom-size/)]);
}, 180000);
