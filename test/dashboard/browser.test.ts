import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import type { Page } from 'puppeteer';
import { launchBrowser, type ManagedBrowser } from '../../src/chromium/launch.js';
import { measurePage } from '../../collectors/browser/measure.js';
import { startDashboard, type Dashboard } from '../../dashboard/server.js';
import { judgePage } from '../../rules/index.js';
import type { RuleResult } from '../../src/model/rules.js';
import { computeEcoIndex } from '../../src/scoring/ecoindex.js';
import { projectRoot } from '../../src/util/project-root.js';
import { buildFixture, type Fixture } from './fixture.js';

/** End-to-end in real headless Chromium, one browser for the whole file; the server listens on 127.0.0.1 only. */
const SHOTS = join(projectRoot(), 'test-output', 'dashboard');

let fx: Fixture;
let dash: Dashboard;
let browser: ManagedBrowser;

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  fx = buildFixture();
  dash = await startDashboard({ dbFile: fx.file, port: 0 });
  browser = await launchBrowser();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await dash?.close();
  fx?.cleanup();
});

interface Opened {
  page: Page;
  problems: string[];
  close(): Promise<void>;
}

/** Opens a path in a fresh context and records console errors, page errors and failed or 4xx/5xx requests. */
async function open(path: string, options: { javaScript?: boolean } = {}): Promise<Opened> {
  const context = await browser.browser.createBrowserContext();
  const page = await context.newPage();
  await page.setViewport({ width: 1280, height: 900 });
  await page.setJavaScriptEnabled(options.javaScript ?? true);
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warn') problems.push(`console ${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${(e as Error).message}`));
  page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()} ${r.failure()?.errorText}`));
  page.on('response', (r) => {
    if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`);
  });
  await page.goto(new URL(path, dash.url).href, { waitUntil: 'networkidle0' });
  if (options.javaScript ?? true) {
    await page.waitForFunction(() => [...document.querySelectorAll('canvas[data-chart]')].every((c) => c.hasAttribute('data-drawn') || c.hasAttribute('data-error')), { timeout: 30_000 });
  }
  return { page, problems, close: () => context.close() };
}

function pages(): Array<[string, string]> {
  return [
    ['overview', '/'],
    ['web', '/web'],
    ['web-pages', '/web/pages'],
    ['web-failures', '/web/failures'],
    ['web-page-detail', `/web/pages/${fx.hostilePageId}`],
    ['practices', '/practices'],
    ['practices-site', `/practices?site=${fx.webSite}`],
    ['practices-plan', '/practices/plan'],
    ['practices-never', `/practices/never?site=${fx.webSite}`],
    ['fleet', '/fleet'],
    ['fleet-sites', '/fleet/sites'],
    ['fleet-site', `/fleet/sites/${fx.lycee}`],
    ['sites', '/sites'],
  ];
}

test('every page loads with no console error and no failed request; screenshots written', async () => {
  for (const [name, path] of pages()) {
    const o = await open(path);
    try {
      expect({ name, problems: o.problems }).toEqual({ name, problems: [] });
      expect(await o.page.$eval('h1', (h) => h.textContent)).toBeTruthy();
      await o.page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
    } finally {
      await o.close();
    }
  }
}, 120_000);

test('charts are drawn (canvas not blank) on the chart pages', async () => {
  for (const path of ['/web', '/fleet', '/practices', `/practices?site=${fx.webSite}`]) {
    const o = await open(path);
    try {
      const canvases = await o.page.$$eval('canvas[data-chart]', (list) =>
        list.map((c) => {
          const canvas = c as HTMLCanvasElement;
          const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
          let inked = 0;
          for (let i = 3; i < data.length; i += 4) if (data[i] > 0) inked++;
          return { drawn: canvas.getAttribute('data-drawn'), error: canvas.getAttribute('data-error'), inked, width: canvas.width };
        }),
      );
      expect(canvases.length).toBeGreaterThan(0);
      for (const c of canvases) {
        expect({ path, ...c, inked: c.inked > 500 }).toEqual({ path, drawn: 'true', error: null, inked: true, width: c.width });
      }
    } finally {
      await o.close();
    }
  }
}, 120_000);

test('filters change what is shown: site select, grade filter, text search, sorting links', async () => {
  const o = await open('/web/pages');
  try {
    const allRows = await o.page.$eval('#web-pages .tools span', (s) => s.textContent);
    // Pages without charts load no script: the filter form is plain HTML, submitted with its button.
    await o.page.select('select[name=site]', fx.webSite);
    await Promise.all([o.page.waitForNavigation(), o.page.click('form.filters button')]);
    expect(o.page.url()).toContain(`site=${fx.webSite}`);
    const siteRows = await o.page.$eval('#web-pages .tools span', (s) => s.textContent);
    expect(siteRows).not.toBe(allRows);
    const sites = await o.page.$$eval('#web-pages tbody tr td:nth-child(2)', (tds) => [...new Set(tds.map((t) => t.textContent))]);
    expect(sites).toEqual([fx.webSite]);
    // The grade select, then sorting by EcoIndex through the header link (descending on a second click).
    const grade = await o.page.$eval('#web-pages tbody .g', (b) => b.textContent!);
    await o.page.select('select[name=grade]', grade);
    await Promise.all([o.page.waitForNavigation(), o.page.click('form.tablefilter button')]);
    const grades = await o.page.$$eval('#web-pages tbody .g', (b) => [...new Set(b.map((x) => x.textContent))]);
    expect(grades).toEqual([grade]);
    await Promise.all([o.page.waitForNavigation(), o.page.click('#web-pages th:nth-child(3) a')]);
    await Promise.all([o.page.waitForNavigation(), o.page.click('#web-pages th:nth-child(3) a')]);
    const scores = await o.page.$$eval('#web-pages tbody td:nth-child(3)', (tds) => tds.map((t) => Number(t.textContent)));
    expect(scores.length).toBeGreaterThan(1);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect(o.page.url()).toContain(`grade=${grade}`);
    expect(o.page.url()).toContain(`site=${fx.webSite}`);
    // A bookmarked URL with a period shows fewer campaigns.
    const trend = await open('/web?period=2025-01-01..2025-09-30');
    const campaigns = await trend.page.$eval('#web-trend .tools span', (s) => s.textContent);
    await trend.close();
    const everything = await open('/web');
    expect(campaigns).not.toBe(await everything.page.$eval('#web-trend .tools span', (s) => s.textContent));
    await everything.close();
    expect(o.problems).toEqual([]);
  } finally {
    await o.close();
  }
}, 120_000);

test('every CSV link downloads a CSV that parses with the row count shown', async () => {
  // No browser needed to follow links: read each page's HTML and fetch its CSV links.
  for (const [, path] of pages()) {
    const page = await (await fetch(new URL(path, dash.url))).text();
    const tables = [...page.matchAll(/<p class="tools"><a href="([^"]+)" download>CSV<\/a> <span>(\d+) rows<\/span>/g)].map((m) => ({
      href: m[1].replace(/&amp;/g, '&'),
      rows: Number(m[2]),
    }));
    expect({ path, some: tables.length > 0 }).toEqual({ path, some: true });
    for (const t of tables) {
      const res = await fetch(new URL(t.href, dash.url));
      expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
      expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="[\w-]+\.csv"$/);
      const records = parse((await res.text()).replace(/^\ufeff/, ''), { columns: true }) as unknown[];
      expect({ href: t.href, rows: records.length }).toEqual({ href: t.href, rows: t.rows });
    }
  }
}, 120_000);

test('with JavaScript disabled, tables render and sort; no script runs', async () => {
  const o = await open('/web/pages', { javaScript: false });
  try {
    expect(await o.page.$$eval('#web-pages tbody tr', (r) => r.length)).toBe(20);
    await Promise.all([o.page.waitForNavigation(), o.page.click('#web-pages th:nth-child(3) a')]);
    const scores = await o.page.$$eval('#web-pages tbody td:nth-child(3)', (tds) => tds.map((t) => Number(t.textContent)));
    expect(scores).toEqual([...scores].sort((a, b) => a - b));
    const fleet = await open('/fleet', { javaScript: false });
    expect(await fleet.page.$$eval('#fleet-age tbody tr', (r) => r.length)).toBeGreaterThan(0);
    expect(await fleet.page.$$eval('#fleet-types tbody tr', (r) => r.length)).toBeGreaterThan(0);
    expect(await fleet.page.$$eval('canvas[data-drawn]', (c) => c.length)).toBe(0);
    await fleet.close();
  } finally {
    await o.close();
  }
}, 120_000);

test('hostile stored values stay inert in the browser', async () => {
  const o = await open(`/web/pages/${fx.hostilePageId}`);
  try {
    expect(await o.page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await o.page.$eval('h1', (h) => h.textContent)).toContain('<script>');
    expect(o.problems).toEqual([]);
  } finally {
    await o.close();
  }
});

test('practise what we preach: the main pages score EcoIndex A, weigh ≤ 150 KB and fail none of our checks', async () => {
  for (const path of ['/', '/web', '/web/pages', `/practices?site=${fx.webSite}`, '/practices/plan', '/fleet', '/fleet/sites']) {
    const m = await measurePage(browser, { url: new URL(path, dash.url).href }, { waitBeforeScrollMs: 300, waitAfterScrollMs: 300 });
    if (!m.ok) throw new Error(`${path}: ${m.error}`);
    const eco = computeEcoIndex(m.metrics);
    // Two known exceptions, documented in the README:
    // - use-http2 (RWEB_4006): browsers speak HTTP/2 only over TLS, and a loopback server has no certificate;
    // - unused-js on chart.js alone: the issue asks for chart.js, and its UMD build runs about half its code for
    //   two chart types (Lighthouse's 20 KiB per-file threshold). Any other script over it still fails.
    const exempt = (r: RuleResult) =>
      r.id === 'use-http2' || (r.id === 'unused-js' && r.evidence.every((e) => /\/static\/chart\.[\w-]+\.js$/.test(e.url ?? '')));
    const failing = judgePage(m.artifacts)
      .filter((r) => (r.status === 'fail' || r.status === 'error') && !exempt(r))
      .map((r) => `${r.id}: ${r.message ?? r.evidence.map((e) => e.detail).join('; ')}`);
    expect({ path, grade: eco.grade, underBudget: m.metrics.transferBytes <= 150_000, failing }).toEqual({ path, grade: 'A', underBudget: true, failing: [] });
  }
}, 120_000);
