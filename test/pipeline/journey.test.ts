import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchBrowser, type ManagedBrowser } from '../../collectors/browser/index.js';
import { ProtocolSchema } from '../../src/model/audit.js';
import { parseJourneyFile, type Journey } from '../../src/model/journey.js';
import { parseAuditConfig } from '../../src/config/audit-config.js';
import { mergeJourneys } from '../../src/pipeline/journey.js';
import { runAudit, type AuditSettings } from '../../src/pipeline/audit.js';
import { runDocument } from '../../src/pipeline/results.js';
import { evaluateGate, parseBudget } from '../../src/pipeline/gate.js';
import { DOM_QUANTILES, REQUESTS_QUANTILES, SIZE_KB_QUANTILES } from '../../src/scoring/ecoindex.js';
import { openStore, type Db } from '../../src/store/database.js';
import { listPages } from '../../src/store/pages.js';
import { startDashboard } from '../../dashboard/server.js';

// Integration: journeys played by the real Chromium (ONE browser for the file) on a fixture site served here on
// 127.0.0.1; every answer closes its connection, so the bytes of each request are those its socket carried.
const here = dirname(fileURLToPath(import.meta.url));
const fixture = join(here, '..', 'fixtures', 'sites', 'journey');
const cli = join(here, '..', '..', 'dist', 'bin', 'numresp.js');
const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.css': 'text/css', '.js': 'text/javascript', '.png': 'image/png', '.json': 'application/json' };

/** Elements in static HTML counted from its tags (every opening tag, minus those inside <svg>), no browser involved. */
function countElements(html: string): number {
  const withoutSvgInside = html.replace(/<svg\b[^>]*>[\s\S]*?<\/svg>/gi, '<svg>');
  return [...withoutSvgInside.matchAll(/<([a-zA-Z][\w-]*)[\s>/]/g)].length;
}
const fileElements = (name: string) => countElements(readFileSync(join(fixture, name), 'utf8'));

/** The published EcoIndex formula (cnumr/ecoindex_python_fullstack compute/ecoindex.py), written out here on its own. */
function publishedScore(dom: number, requests: number, sizeKb: number): number {
  const position = (table: readonly number[], v: number) => {
    const i = table.findIndex((q) => v < q);
    return i === -1 ? table.length - 1 : i - 1 + (v - table[i - 1]) / (table[i] - table[i - 1]);
  };
  return 100 - (5 * (3 * position(DOM_QUANTILES, dom) + 2 * position(REQUESTS_QUANTILES, requests) + position(SIZE_KB_QUANTILES, sizeKb))) / 6;
}

/** What the server answered, in arrival order: path with query, and the bytes its socket carried. */
const served: Array<{ path: string; bytes: number }> = [];
let server: Server;
let origin: string;
let browser: ManagedBrowser;
let db: Db;

beforeAll(async () => {
  server = createServer((req, res) => {
    const entry = { path: req.url ?? '/', bytes: 0 };
    served.push(entry);
    req.socket.once('close', () => (entry.bytes = req.socket.bytesWritten));
    const path = new URL(entry.path, 'http://x').pathname;
    const file = join(fixture, path === '/' ? 'index.html' : path);
    if (!file.startsWith(fixture) || !existsSync(file) || statSync(file).isDirectory()) {
      res.writeHead(404, { connection: 'close' });
      return res.end();
    }
    const body = readFileSync(file);
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'content-length': body.length, connection: 'close' });
    res.end(body);
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', () => ok()));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await new Promise((ok) => server.close(ok));
});
beforeEach(() => {
  db = openStore(':memory:');
  served.length = 0;
});
afterEach(() => db.close());

const settings = (journeys: Journey[]): AuditSettings => ({
  protocol: ProtocolSchema.parse({ timeoutMs: 15000 }),
  concurrency: 1,
  retries: 1,
  lighthouse: false,
  journeys,
});

const demarche = (): Journey => ({
  name: 'démarche',
  steps: [
    { action: 'goto', url: `${origin}/` },
    { action: 'measure', name: 'accueil' },
    { action: 'click', selector: '#to-form' },
    { action: 'waitFor', navigation: true },
    { action: 'measure', name: 'formulaire' },
    { action: 'fill', selector: '#q', value: 'vélo' },
    { action: 'select', selector: '#kind', value: 'b' },
    { action: 'click', selector: '#send' },
    { action: 'waitFor', navigation: true },
    { action: 'measure', name: 'résultat' },
    { action: 'goto', url: `${origin}/app.html` },
    { action: 'measure', name: 'application' },
    // The single-page app: a fetch, a list rendered in place, history.pushState (no new document).
    { action: 'click', selector: '#next' },
    { action: 'waitFor', navigation: true },
    { action: 'waitFor', selector: 'li.item' },
    { action: 'measure', name: 'liste' },
  ],
});

test('each measure step: DOM as it stands, requests and bytes since the previous measure, EcoIndex of those figures', async () => {
  const outcome = await runAudit(db, { label: 'j', sites: [], settings: settings([demarche()]) }, { browser });
  expect(outcome).toEqual({ runId: outcome.runId, interrupted: false, measured: 5, failed: 0 });
  const items = JSON.parse(readFileSync(join(fixture, 'api', 'items.json'), 'utf8')) as string[];
  // What each step made the browser fetch (the cache is off, as in GreenIT-Analysis-cli scenarios).
  const expected = [
    { name: 'accueil', dom: fileElements('index.html'), paths: ['/', '/site.css', '/logo.png'] },
    { name: 'formulaire', dom: fileElements('form.html'), paths: ['/form.html', '/site.css'] },
    // fill cleared the pre-filled value and select chose "b": the form sent exactly these.
    { name: 'résultat', dom: fileElements('result.html'), paths: ['/result.html?q=v%C3%A9lo&kind=b', '/site.css'] },
    { name: 'application', dom: fileElements('app.html'), paths: ['/app.html', '/app.js'] },
    // Soft navigation: no document; the DOM grew by one <ul> and one <li> per item.
    { name: 'liste', dom: fileElements('app.html') + 1 + items.length, paths: ['/api/items.json'] },
  ];
  expect(served).toHaveLength(expected.flatMap((e) => e.paths).length);
  const pages = listPages(db, outcome.runId);
  expect(pages).toHaveLength(expected.length);
  let offset = 0;
  for (const [i, e] of expected.entries()) {
    const slice = served.slice(offset, offset + e.paths.length);
    offset += e.paths.length;
    expect(slice.map((s) => s.path).sort()).toEqual([...e.paths].sort());
    const bytes = slice.reduce((n, s) => n + s.bytes, 0);
    const p = pages[i];
    expect([p.journey, p.stepIndex, p.stepName, p.status]).toEqual(['démarche', i, e.name, 'ok']);
    expect(p.dom).toBe(e.dom);
    expect(p.requests).toBe(e.paths.length);
    expect(p.metrics!.transferBytes).toBe(bytes);
    expect(p.sizeKb).toBeCloseTo(bytes / 1000, 9);
    expect(p.scoreRaw).toBeCloseTo(publishedScore(e.dom, e.paths.length, bytes / 1000), 9);
  }
  expect(pages[2].finalUrl).toBe(`${origin}/result.html?q=v%C3%A9lo&kind=b`);
  expect(pages[4].finalUrl).toBe(`${origin}/app/list`);
  // Practice checks ran on each step's own artifacts.
  const doc = runDocument(db, outcome.runId)!;
  expect(doc.pages.map((p) => [p.journey, p.step])).toEqual(expected.map((e, i) => ['démarche', { index: i, name: e.name }]));
  for (const p of doc.pages) expect(p.rules.length).toBeGreaterThan(10);
  expect(doc.pages[4].rules.find((r) => r.id === 'dom-size')?.value).toBe(expected[4].dom);
  // The gate judges steps like pages: --fail-under on each, a budget matched on the URL the step stood at.
  const lines = evaluateGate(doc.pages, { failUnder: { grade: 'A' }, budget: parseBudget({ budgets: [{ match: '/app/*', maxRequests: 0 }] }, 'b.json') });
  expect(lines.filter((l) => l.requirement.startsWith('EcoIndex grade A'))).toHaveLength(5);
  expect(lines.filter((l) => l.requirement.startsWith('budget')).map((l) => [l.url, l.requirement, l.passed, l.measured])).toEqual([
    [`${origin}/app.html (journey démarche, step 5 liste)`, 'budget "/app/*": requests ≤ 0', false, '1 requests'],
  ]);
}, 60000);

test('a step whose selector never appears fails the journey from there, with the reason; earlier steps stay', async () => {
  const journey: Journey = {
    name: 'cassé',
    steps: [
      { action: 'goto', url: `${origin}/` },
      { action: 'measure', name: 'accueil' },
      { action: 'click', selector: '#absent', timeoutMs: 1000 },
      { action: 'measure', name: 'après' },
      { action: 'measure', name: 'encore' },
    ],
  };
  const outcome = await runAudit(db, { label: 'j', sites: [], settings: settings([journey]) }, { browser });
  expect(outcome).toMatchObject({ interrupted: false, measured: 1, failed: 2 });
  const pages = listPages(db, outcome.runId);
  expect(pages.map((p) => [p.stepName, p.status, p.errorCode, p.error])).toEqual([
    ['accueil', 'ok', null, null],
    ['après', 'failed', 'step-failed', 'steps[2] click "#absent": "#absent" did not appear within 1 s'],
    ['encore', 'failed', 'not-reached', 'not reached: the journey stopped at steps[2] click "#absent"'],
  ]);
  expect(pages[0].dom).toBe(fileElements('index.html'));
  // Not retried: a missing selector would be missing again.
  expect(served.filter((s) => s.path === '/')).toHaveLength(1);
}, 60000);

test('an interrupted journey stays resumable and is played again whole on --resume', async () => {
  const controller = new AbortController();
  const journey: Journey = {
    name: 'reprise',
    steps: [
      { action: 'goto', url: `${origin}/` },
      { action: 'measure', name: 'accueil' },
      { action: 'goto', url: `${origin}/form.html` },
      { action: 'waitFor', ms: 300 },
      { action: 'measure', name: 'formulaire' },
    ],
  };
  // Ctrl-C as soon as the first step is stored.
  const first = await runAudit(db, { label: 'j', sites: [], settings: settings([journey]) }, {
    browser,
    signal: controller.signal,
    onEvent: (e) => e.type === 'page-done' && controller.abort(),
  });
  expect(first.interrupted).toBe(true);
  expect(listPages(db, first.runId).map((p) => [p.stepName, p.status])).toEqual([['accueil', 'ok'], ['formulaire', 'pending']]);
  served.length = 0;
  const resumed = await runAudit(db, { resume: first.runId }, { browser });
  expect(resumed).toEqual({ runId: first.runId, interrupted: false, measured: 2, failed: 0 });
  // The journey is replayed from its first goto: the second step's figures count from the replayed first measure.
  // (The interrupted run's /form.html may reach the server late: only the replayed first goto is asserted here.)
  expect(served.filter((s) => s.path === '/')).toHaveLength(1);
  expect(listPages(db, first.runId).map((p) => [p.stepName, p.status, p.requests])).toEqual([['accueil', 'ok', 3], ['formulaire', 'ok', 2]]);
}, 60000);

test('results, --json, the report and the dashboard group the steps by journey, apart from the pages', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'numresp-journey-'));
  const file = join(dir, 'store.db');
  const store = openStore(file);
  const short: Journey = {
    name: 'courte',
    steps: [
      { action: 'goto', url: `${origin}/` },
      { action: 'measure', name: 'accueil' },
      { action: 'goto', url: `${origin}/form.html` },
      { action: 'measure', name: 'formulaire' },
    ],
  };
  const broken: Journey = { name: 'cassée', steps: [{ action: 'goto', url: `${origin}/` }, { action: 'click', selector: '#absent', timeoutMs: 500 }, { action: 'measure', name: 'jamais' }] };
  const fast = { ...settings([short, broken]), protocol: ProtocolSchema.parse({ timeoutMs: 15000, waitBeforeScrollMs: 100, waitAfterScrollMs: 100 }) };
  const { runId } = await runAudit(store, { label: 'parcours', sites: [{ code: 'pages', name: 'Pages', urls: [`${origin}/result.html`] }], settings: fast }, { browser });
  store.close();
  try {
    const run = (...args: string[]) => spawnSync(process.execPath, [cli, ...args, '--db', file], { encoding: 'utf8' });
    const text = run('results', String(runId));
    expect(text.status).toBe(0);
    const [pagesPart, ...journeyParts] = text.stdout.split('\njourney ');
    expect(pagesPart).toContain('/result.html');
    expect(pagesPart).not.toContain('accueil');
    // Stored under the site of their first goto's host, as pages are (127.0.0.1:PORT → 127-0-0-1-PORT).
    const hostSite = new URL(origin).host.replace(/[.:]/g, '-');
    expect(journeyParts.map((j) => j.split('\n')[0])).toEqual([
      `"courte" (site ${hostSite}): 2 of 2 steps measured`,
      `"cassée" (site ${hostSite}): 0 of 1 steps measured`,
    ]);
    expect(journeyParts[0]).toMatch(/\n0\s+accueil\s+\S+\/\s+ok\s+\d+\s+[A-G]\s+\d+\s+3\s/);
    expect(journeyParts[1]).toContain('steps[1] click "#absent": "#absent" did not appear within 0.5 s');

    const json = JSON.parse(run('results', String(runId), '--json').stdout);
    // The run's average EcoIndex is of its pages only (the one page here), as in the report and the dashboard.
    const [summary] = JSON.parse(run('runs', '--json').stdout);
    expect(summary.averageScore).toBe(json.pages.find((p: { journey: string | null }) => p.journey === null).ecoindex.score);
    expect(json.pages.map((p: { journey: string | null; step: unknown }) => [p.journey, p.step])).toEqual([
      [null, null],
      ['courte', { index: 0, name: 'accueil' }],
      ['courte', { index: 1, name: 'formulaire' }],
      ['cassée', { index: 0, name: 'jamais' }],
    ]);

    expect(run('report', '--format', 'json', '--out', join(dir, 'report')).status).toBe(0);
    const report = JSON.parse(readFileSync(join(dir, 'report', 'report.json'), 'utf8'));
    const web = report.sections.find((x: { id: string }) => x.id === 'web');
    const table = (id: string) => web.tables.find((x: { id: string }) => x.id === id);
    expect(table('web-pages').rows.map((r: { url: string }) => r.url)).toEqual([`${origin}/result.html`]);
    expect(table('web-journeys').rows.map((r: Record<string, unknown>) => [r.journey, r.step, r.name, r.requests, r.reason])).toEqual([
      ['cassée', 0, 'jamais', null, 'steps[1] click "#absent": "#absent" did not appear within 0.5 s'],
      ['courte', 0, 'accueil', 3, null],
      ['courte', 1, 'formulaire', 2, null],
    ]);

    const dash = await startDashboard({ dbFile: file, port: 0 });
    try {
      const page = await (await fetch(new URL('/web/journeys', dash.url))).text();
      expect(page).toContain('courte');
      expect(page).toContain('formulaire');
      const csv = await (await fetch(new URL('/csv/web-journeys', dash.url))).text();
      expect(csv.trim().split('\n').slice(1).map((l) => l.split(',').slice(0, 4).join(','))).toEqual([`cassée,${hostSite},0,jamais`, `courte,${hostSite},0,accueil`, `courte,${hostSite},1,formulaire`]);
    } finally {
      await dash.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}, 90000);

test('a config may hold journeys without sites; journey names stay unique across the config and --journey', () => {
  const goto = { action: 'goto', url: 'http://127.0.0.1:9/' };
  const journey = { name: 'j', steps: [goto, { action: 'measure', name: 'a' }] };
  const config = parseAuditConfig({ journeys: [journey] }, 'c.json');
  expect([config.sites, config.journeys?.map((j) => j.name)]).toEqual([[], ['j']]);
  expect(() => parseAuditConfig({ label: 'x' }, 'c.json')).toThrow('config c.json: sites: give sites, journey or journeys');
  expect(() => parseAuditConfig({ journeys: [journey, journey] }, 'c.json')).toThrow('config c.json: journeys.1.name: journey "j" is named twice');
  expect(() => mergeJourneys([{ source: 'c.json', journeys: config.journeys! }, { source: 'j.json', journeys: parseJourneyFile(journey, 'j.json') }])).toThrow(
    'j.json: journey "j" is already defined in c.json; journey names must be unique in a run',
  );
  // Measure names key the stored steps: twice in one journey is refused with its path.
  expect(() => parseJourneyFile({ name: 'k', steps: [goto, { action: 'measure', name: 'a' }, { action: 'measure', name: 'a' }] }, 'k.json')).toThrow(
    'k.json: steps[2].name: measure "a" is named twice in this journey',
  );
  expect(() => parseJourneyFile({ name: 'k', steps: [goto, { action: 'scroll' }, { action: 'measure', name: 'a' }] }, 'k.json')).toThrow(
    'k.json: steps[1]: give either "to": "bottom" or "by": PIXELS',
  );
});

describe('bad journey files are refused before the browser starts (exit 2, field path)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'numresp-journey-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const refuse = (name: string, content: unknown, flag = '--journey') => {
    const file = join(dir, name);
    writeFileSync(file, JSON.stringify(content));
    const store = join(dir, `${name}.db`);
    // No browser may start: an executable that does not exist would fail the run if one were looked for.
    const r = spawnSync(process.execPath, [cli, 'audit', flag, file, '--db', store], { encoding: 'utf8', env: { ...process.env, PUPPETEER_EXECUTABLE_PATH: '/nonexistent/chromium' } });
    expect(existsSync(store)).toBe(false);
    return { status: r.status, message: r.stderr.trim().replace(file, name) };
  };
  const goto = { action: 'goto', url: 'http://127.0.0.1:9/' };

  test('unknown action', () => {
    const r = refuse('journey.json', { name: 'j', steps: [goto, { action: 'measure', name: 'a' }, { action: 'click', selector: 'a' }, { action: 'clik', selector: '#x' }] });
    expect(r).toEqual({ status: 2, message: 'numresp: journey.json: steps[3].action: unknown action "clik" (goto, click, fill, select, scroll, waitFor, measure)' });
  });
  test('selector that is not a string', () => {
    const r = refuse('sel.json', { name: 'j', steps: [goto, { action: 'click', selector: 42 }, { action: 'measure', name: 'a' }] });
    expect(r).toEqual({ status: 2, message: 'numresp: sel.json: steps[1].selector: must be a CSS selector (a string), got number' });
  });
  test('measure before any goto', () => {
    const r = refuse('early.json', { name: 'j', steps: [{ action: 'measure', name: 'a' }, goto, { action: 'measure', name: 'b' }] });
    expect(r).toEqual({ status: 2, message: 'numresp: early.json: steps[0].action: "measure" before any goto: a journey starts with {"action": "goto", "url": …}' });
  });
  test('in a --config file, with the config path', () => {
    const r = refuse('config.json', { journeys: [{ name: 'j', steps: [goto, { action: 'wait', ms: 3 }] }] }, '--config');
    expect(r.status).toBe(2);
    expect(r.message).toBe('numresp: config config.json: journeys.0.steps.1.action: unknown action "wait" (goto, click, fill, select, scroll, waitFor, measure)');
  });
});
