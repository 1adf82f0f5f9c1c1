import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { openStore, type Db } from '../../src/store/database.js';
import { startStaticServer, type StaticServer } from '../../src/util/static-server.js';
import { buildReport } from '../../reports/build.js';
import { ReportSchema, type Report, type Section } from '../../reports/model.js';
import { renderHtml } from '../../reports/render/html.js';
import { writePdf } from '../../reports/render/pdf.js';
import { launchBrowser, type ManagedBrowser } from '../../src/chromium/launch.js';
import { numresp } from './cli.js';

// Integration: a store built through the real commands (audit of a fixture site on 127.0.0.1 through Chromium,
// sites, inventory import, practices set), then the report in every format. One browser for the file's own checks.
const fixtures = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');
let work: string;
let dbFile: string;
let server: StaticServer;
let browser: ManagedBrowser;
let db: Db;
let report: Report;
const GENERATED_AT = '2026-01-01T00:00:00.000Z';

/**
 * The EcoIndex by hand, independent of src/scoring: score = 100 − 5·(3·qDom + 2·qRequests + qSize)/6 with each q the
 * position in the ecoindex_reference quantile tables, GHG = 2 + 2·(50 − score)/100 g, water = 3 + 3·(50 − score)/100 cl
 * (cnumr/ecoindex_python_fullstack components/ecoindex/compute/ecoindex.py). These small pages stay in the first
 * buckets: DOM 0–47, requests 2–15, size 0–1.37–144.7 KB.
 */
function handEcoIndex(dom: number, requests: number, sizeKb: number): [number, string, number, number] {
  expect([dom < 47, requests >= 2 && requests < 15, sizeKb < 144.7]).toEqual([true, true, true]);
  const qDom = dom / 47;
  const qRequests = 1 + (requests - 2) / (15 - 2);
  const qSize = sizeKb < 1.37 ? sizeKb / 1.37 : 1 + (sizeKb - 1.37) / (144.7 - 1.37);
  const score = Math.round(100 - (5 * (3 * qDom + 2 * qRequests + qSize)) / 6);
  const cents = (x: number) => Math.round(x * 100) / 100;
  return [score, score > 80 ? 'A' : 'B or lower', cents(2 + (2 * (50 - score)) / 100), cents(3 + (3 * (50 - score)) / 100)];
}

const section = (id: string): Section => report.sections.find((s) => s.id === id)!;
const table = (id: string) => report.sections.flatMap((s) => s.tables).find((t) => t.id === id)!;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'numresp-report-'));
  dbFile = join(work, 'store.db');
  server = await startStaticServer({ root: join(fixtures, 'site') });
  const o = server.origin;
  await numresp('audit', `${o}/index.html`, `${o}/demarches.html`, `${o}/missing.html`, '--site', 'Portail', '--label', 'Campagne 1',
    '--wait-before-scroll', '100', '--wait-after-scroll', '100', '--timeout', '20', '--concurrency', '1', '--retries', '0', '--db', dbFile);
  await numresp('sites', 'add', 'LYC-1', '--kind', 'lycee', '--name', 'Lycée <b onmouseover=alert(1)>Test</b>', '--db', dbFile);
  await numresp('sites', 'add', 'DC', '--kind', 'datacenter', '--name', 'Data centre', '--db', dbFile);
  await numresp('sites', 'pue', 'DC', '--year', '2025', '--pue', '1.6', '--source', 'relevé', '--db', dbFile);
  await numresp('inventory', 'import', join(fixtures, 'inventory.csv'), '--db', dbFile);
  await numresp('practices', 'set', 'Portail', '46', '--status', 'compliant', '--evidence', '<script>alert("ev")</script> bundle unique',
    '--author', 'auditrice', '--date', '2026-02-01T10:00:00Z', '--db', dbFile);
  await numresp('practices', 'set', 'Portail', '1', '--status', 'not-applicable', '--justification', 'aucune fonctionnalité nouvelle',
    '--author', 'auditrice', '--date', '2026-02-01T10:00:00Z', '--db', dbFile);
  db = openStore(dbFile, { readonly: true });
  report = buildReport(db, { lang: 'fr', dbFile, generatedAt: GENERATED_AT });
  browser = await launchBrowser();
}, 180_000);

afterAll(async () => {
  db?.close();
  await browser?.close();
  await server?.close();
  rmSync(work, { recursive: true, force: true });
});

test('the model is valid, JSON-serialisable and has the 7 sections in order', () => {
  expect(ReportSchema.parse(JSON.parse(JSON.stringify(report)))).toBeTruthy();
  expect(report.sections.map((s) => s.id)).toEqual(['summary', 'web', 'practices', 'fleet', 'action-plan', 'label', 'method']);
  expect(report.meta.databaseSha256).toMatch(/^[0-9a-f]{64}$/);
});

test('web section: pages with their EcoIndex, failures with their reason', () => {
  const pages = table('web-pages').rows;
  expect(pages).toHaveLength(2);
  // DOM elements counted by hand in the fixture files (tbody is implied by the parser). Requests: the page and
  // style.css, plus Chromium's /favicon.ico (a 404) when it is asked before the count, which depends on timing.
  const byUrl = new Map(pages.map((p) => [String(p.url).replace(/^.*\//, ''), p]));
  expect([byUrl.get('index.html')!.dom, byUrl.get('demarches.html')!.dom]).toEqual([13, 18]);
  for (const p of pages) {
    expect([2, 3]).toContain(p.requests);
    expect([p.url, p.score, p.grade, p.ghgGrams, p.waterCl]).toEqual([p.url, ...handEcoIndex(p.dom as number, p.requests as number, p.sizeKb as number)]);
  }
  const mean = (pages[0].score as number + (pages[1].score as number)) / 2;
  expect(section('web').figures.find((f) => f.id === 'web.averageScore')!.value).toBe(mean);
  const failures = table('web-failures').rows;
  expect(failures).toHaveLength(1);
  expect(failures[0].url).toMatch(/missing\.html$/);
  expect(String(failures[0].reason)).toMatch(/404/);
  expect(table('web-trend').rows).toHaveLength(1);
});

test('practices section: all 119 sheets with status, evidence and date; coverage by phase and tier', () => {
  const rows = table('practices-status').rows.filter((r) => r.site === 'Portail');
  expect(table('practices-matrix').rows).toHaveLength(119);
  expect(table('practices-matrix').rows.find((r) => r.numberV4 === '0046')!['site:Portail']).toBe('compliant');
  expect(table('practices-evidence').rows.map((r) => r.numberV4).sort()).toEqual(expect.arrayContaining(['0001', '0046']));
  expect(rows).toHaveLength(119);
  expect(table('practices-referential').rows).toHaveLength(119);
  expect(table('practices-referential').rows.filter((r) => r.numberV4 !== null)).toHaveLength(115);
  const p46 = rows.find((r) => r.numberV4 === '0046')!;
  expect(p46).toMatchObject({ status: 'compliant', source: 'manual', date: '2026-02-01T10:00:00.000Z', author: 'auditrice' });
  expect(p46.evidence).toContain('bundle unique');
  const p1 = rows.find((r) => r.numberV4 === '0001')!;
  expect(p1).toMatchObject({ status: 'not-applicable' });
  expect(p1.evidence).toContain('aucune fonctionnalité nouvelle');
  expect(rows.filter((r) => r.status === 'unassessed').length).toBeGreaterThan(50);
  const phases = table('practices-coverage-phase').rows;
  expect(phases.at(-1)).toMatchObject({ total: 119 });
  expect(table('practices-coverage-tier').rows.reduce((a, r) => a + (r.total as number), 0)).toBe(119);
});

test('fleet section: counts, D3E, PUE and the factor source of each share', () => {
  const f = section('fleet');
  expect(f.figures.find((x) => x.id === 'fleet.devices')!.value).toBe(5);
  expect(table('fleet-by-status').rows.find((r) => r.status === 'd3e')!.count).toBe(1);
  expect(table('fleet-by-site').rows.find((r) => r.code === 'DC')!.pue).toBe(1.6);
  const laptop = table('fleet-by-type').rows.find((r) => r.type === 'laptop')!;
  expect(String(laptop.embodiedSource)).toMatch(/ADEME/);
  expect(table('fleet-scenario').rows.length).toBeGreaterThan(0);
  expect(f.charts.map((c) => c.id)).toEqual(['fleet-age-pyramid', 'footprint-by-type']);
});

test('summary, action plan, label view and method', () => {
  const s = section('summary');
  expect(s.items!.length).toBeGreaterThan(0);
  expect(s.items!.length).toBeLessThanOrEqual(5);
  expect(table('action-plan').rows.length).toBeGreaterThan(0);
  const axes = [...new Set(table('label-axes').rows.map((r) => r.axis))];
  // The label's 2021 grid by default (--label-grid 2019 for the roadmap's axes: test/rgesn/label-grid.test.ts).
  expect(axes).toEqual(['Stratégie et gouvernance', 'Soutien à la stratégie NR', 'Cycle de vie des services numériques', 'Étendre sa démarche NR', 'Leviers externes des collectivités (thématique sectorielle)']);
  expect(table('label-rgesn').rows.some((r) => r.criterion === '6.5')).toBe(true);
  // Every figure and table reports/label-axes.json points to exists in the report.
  expect(table('label-axes').rows.filter((r) => r.value === 'non disponible')).toEqual([]);
  expect(s.figures.find((f) => f.id === 'ecoindex.gradeMix')!.text).toBe('A 2 · B 0 · C 0 · D 0 · E 0 · F 0 · G 0');
  const method = section('method').items!.join('\n');
  expect(method).toContain('ecoindex-5.0');
  expect(method).toContain('ODbL');
  expect(method).toContain('CC BY-NC-ND');
  expect(method).toContain(report.meta.databaseSha256);
  expect(table('method-factors').rows.every((r) => r.value !== null && r.unit && r.source)).toBe(true);
});

test('same store → same report apart from the generation time', () => {
  const again = buildReport(db, { lang: 'fr', dbFile, generatedAt: GENERATED_AT });
  expect(JSON.stringify(again)).toBe(JSON.stringify(report));
  const later = buildReport(db, { lang: 'fr', dbFile, generatedAt: '2027-01-01T00:00:00.000Z' });
  // The generation time is the one value allowed to differ (in the header and the method section).
  expect(JSON.stringify(later).replaceAll('2027-01-01T00:00:00.000Z', GENERATED_AT)).toBe(JSON.stringify(report));
  expect(JSON.stringify(later)).not.toBe(JSON.stringify(report));
});

test('hostile page titles and imported values are escaped in HTML and neutralised in CSV', async () => {
  const html = renderHtml(report);
  expect(html).not.toMatch(/<script/i);
  expect(html).not.toMatch(/<img/i);
  expect(html).not.toMatch(/<b onmouseover/i);
  expect(html).toContain('&lt;script&gt;window.__pwned = 1&lt;/script&gt;');
  const out = join(work, 'csv-run');
  await numresp('report', '--db', dbFile, '--out', out, '--format', 'csv,json');
  const pagesCsv = readFileSync(join(out, 'csv', 'web-pages.csv'), 'utf8');
  expect(pagesCsv).toContain(`"'=HYPERLINK(""http://attacker.invalid"",""cliquez"")"`);
  expect(readdirSync(join(out, 'csv')).length).toBe(report.sections.flatMap((s) => s.tables).length);
  expect(JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')).sections).toHaveLength(7);
}, 180_000);

test('the HTML makes no request of any kind when opened in Chromium, and runs no script', async () => {
  const file = join(work, 'report.html');
  await numresp('report', '--db', dbFile, '--out', work, '--format', 'html');
  const html = readFileSync(file, 'utf8');
  expect(Buffer.byteLength(html)).toBeLessThan(1_000_000);
  const page = await browser.browser.newPage();
  const requests: string[] = [];
  await page.setRequestInterception(true);
  page.on('request', (req) => {
    requests.push(req.url());
    void req.continue();
  });
  const dialogs: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
  await page.hover('h1');
  expect(requests).toEqual([pathToFileURL(file).href]);
  expect(dialogs).toEqual([]);
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  expect(await page.evaluate(() => document.querySelectorAll('script').length)).toBe(0);
  // Accessibility basics: one h1, one h2 per section, th scope on every header cell, an accessible name per chart.
  expect(await page.evaluate(() => document.querySelectorAll('h1').length)).toBe(1);
  expect(await page.evaluate(() => document.querySelectorAll('section h2').length)).toBe(7);
  expect(await page.evaluate(() => [...document.querySelectorAll('th')].every((th) => th.hasAttribute('scope')))).toBe(true);
  expect(await page.evaluate(() => [...document.querySelectorAll('svg')].every((s) => s.getAttribute('role') === 'img' && s.querySelector('title') && s.querySelector('desc')))).toBe(true);
  await page.close();
}, 180_000);

test('the PDF has every section, a table of contents with page numbers and numbered pages', async () => {
  const file = join(work, 'report.pdf');
  await writePdf(report, file, browser);
  const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
  for (const s of report.sections) expect(text).toContain(`${s.number}. ${s.title}`);
  expect(text).toMatch(/Sommaire/);
  expect(text).toMatch(/1\. Synthèse — page 2/);
  const pages = text.split('\f').filter((p) => p.trim()).length;
  expect(text).toContain(`Page 1 / ${pages}`);
}, 180_000);

test('English report and scope errors', () => {
  const en = buildReport(db, { lang: 'en', dbFile, generatedAt: GENERATED_AT });
  expect(en.sections.map((s) => s.title)).toEqual(['Summary', 'Web services', 'Good practices', 'Fleet and lifecycle', 'Action plan', 'Label Numérique Responsable view', 'Method and sources']);
  const only = buildReport(db, { lang: 'fr', dbFile, siteCodes: ['LYC-1'], generatedAt: GENERATED_AT });
  expect(only.sections.find((s) => s.id === 'web')!.tables.find((t) => t.id === 'web-pages')!.rows).toEqual([]);
  expect(only.sections.find((s) => s.id === 'fleet')!.figures.find((f) => f.id === 'fleet.devices')!.value).toBe(4);
  expect(() => buildReport(db, { lang: 'fr', dbFile, siteCodes: ['NOPE'] })).toThrow(/--site NOPE: no such site/);
});

test('bad options are one-line user errors', async () => {
  await expect(numresp('report', '--db', dbFile, '--format', 'docx')).rejects.toThrow(/--format docx: unknown/);
  await expect(numresp('report', '--db', dbFile, '--period', '2026-13')).rejects.toThrow(/month 13/);
  await expect(numresp('report', '--db', dbFile, '--compare', 'previous')).rejects.toThrow(/needs --period/);
});
