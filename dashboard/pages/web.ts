import {
  allMeasurements,
  ecoIndexTrend,
  failedMeasurements,
  GRADES,
  pageChanges,
  journeySteps,
  pageEcoIndex,
  siteEcoIndex,
  webOverview,
  type FailedMeasurement,
  type PageChange,
  type JourneyStepEcoIndex,
  type PageEcoIndex,
  type SiteEcoIndex,
  type TrendPoint,
} from '../../src/insights/index.js';
import { pageDetail, type PageDetail } from '../../src/store/insights.js';
import type { RuleResult } from '../../src/model/rules.js';
import { cached, type ViewContext } from '../context.js';
import { queryString, scopeOf } from '../filters.js';
import { day, gradeBadge, num } from '../format.js';
import { html, safeHref } from '../html.js';
import { SIGNIFICANT_SCORE_POINTS } from '../../src/scoring/significance.js';
import type { PageView } from '../layout.js';
import { renderTable, type Table } from '../table.js';

/** Web: EcoIndex per site over campaigns, grade mix, the page table and each page's detail. */

export interface WebTrend {
  campaigns: Array<{ runId: number; label: string; startedAt: string }>;
  /** Mean score of every page each campaign measured in scope. */
  overall: TrendPoint[];
  /** One series per site, aligned on `campaigns` (null where the site was not measured). */
  series: Array<{ siteCode: string | null; siteName: string | null; scores: Array<number | null> }>;
}

export const latestPages = (ctx: ViewContext): PageEcoIndex[] => cached(ctx, 'web.latest', () => pageEcoIndex(ctx.db, ctx.scope));
const measurements = (ctx: ViewContext): PageEcoIndex[] => cached(ctx, 'web.all', () => allMeasurements(ctx.db, ctx.scope));

/** Each latest page against the URL's previous measurement in scope: significant or within the noise (as numresp compare). */
const latestChanges = (ctx: ViewContext): Map<number, PageChange> => cached(ctx, 'web.changes', () => pageChanges(ctx.db, latestPages(ctx), measurements(ctx)));

export function webSummary(ctx: ViewContext) {
  return cached(ctx, 'web.summary', () => ({
    overview: webOverview(ctx.db, ctx.scope, latestPages(ctx), measurements(ctx)),
    sites: siteEcoIndex(ctx.db, ctx.scope, latestPages(ctx)),
  }));
}

export function webTrend(ctx: ViewContext): WebTrend {
  return cached(ctx, 'web.trend', () => {
    const all = measurements(ctx);
    const overall = ecoIndexTrend(ctx.db, ctx.scope, all);
    const campaigns = overall.map((t) => ({ runId: t.runId, label: t.runLabel, startedAt: t.startedAt }));
    const bySite = new Map<string, PageEcoIndex[]>();
    for (const p of all) {
      const key = p.siteCode ?? '';
      if (!bySite.has(key)) bySite.set(key, []);
      bySite.get(key)!.push(p);
    }
    const series = [...bySite.entries()].map(([code, pages]) => {
      const points = ecoIndexTrend(ctx.db, { ...ctx.scope, ...(code ? { siteCodes: [code] } : {}) }, pages);
      const byRun = new Map(points.map((p) => [p.runId, p.averageScore]));
      return { siteCode: pages[0].siteCode, siteName: pages[0].siteName, scores: campaigns.map((c) => byRun.get(c.runId) ?? null) };
    });
    return { campaigns, overall, series };
  });
}

export function webFailures(ctx: ViewContext): FailedMeasurement[] {
  return cached(ctx, 'web.failures', () => failedMeasurements(ctx.db, ctx.scope));
}

export function webJourneys(ctx: ViewContext): JourneyStepEcoIndex[] {
  return cached(ctx, 'web.journeys', () => journeySteps(ctx.db, ctx.scope));
}

/** The page table with the text and grade filters applied (sorting and paging are the table's). */
export function filteredPages(ctx: ViewContext): PageEcoIndex[] {
  const { q, grade } = ctx.filters;
  const needle = q?.toLowerCase();
  return latestPages(ctx).filter(
    (p) =>
      (!grade || p.grade === grade) &&
      (!needle || p.url.toLowerCase().includes(needle) || (p.title ?? '').toLowerCase().includes(needle)),
  );
}

export function webTables(ctx: ViewContext): Table<any>[] {
  const scope = queryString(scopeOf(ctx.filters));
  const sites: Table<SiteEcoIndex> = {
    id: 'web-sites',
    title: 'EcoIndex per site (latest measurement of each page)',
    columns: [
      { key: 'siteName', label: 'Site', value: (s) => s.siteName ?? s.siteCode ?? '(no site)' },
      { key: 'pages', label: 'Pages', numeric: true },
      { key: 'averageScore', label: 'Mean EcoIndex', numeric: true, value: (s) => round(s.averageScore, 1) },
      { key: 'grade', label: 'Grade', render: (s) => gradeBadge(s.grade) },
      { key: 'averageGhgGrams', label: 'gCO2e/view', numeric: true, value: (s) => round(s.averageGhgGrams, 2) },
      { key: 'averageWaterCl', label: 'cl water/view', numeric: true, value: (s) => round(s.averageWaterCl, 2) },
      ...GRADES.map((g) => ({ key: `grade${g}`, label: `Pages ${g}`, numeric: true, csvOnly: true, value: (s: SiteEcoIndex) => s.gradeDistribution[g] })),
      { key: 'lastMeasuredAt', label: 'Last measured', value: (s) => day(s.lastMeasuredAt) },
    ],
    rows: webSummary(ctx).sites,
  };
  const trend = webTrend(ctx);
  const trendTable: Table<TrendPoint> = {
    id: 'web-trend',
    title: 'EcoIndex per campaign',
    columns: [
      { key: 'runLabel', label: 'Campaign' },
      { key: 'startedAt', label: 'Started', value: (t) => day(t.startedAt) },
      { key: 'pages', label: 'Pages', numeric: true },
      { key: 'averageScore', label: 'Mean EcoIndex', numeric: true, value: (t) => round(t.averageScore, 1) },
      { key: 'grade', label: 'Grade', render: (t) => gradeBadge(t.grade) },
      { key: 'averageGhgGrams', label: 'gCO2e/view', numeric: true, value: (t) => round(t.averageGhgGrams, 2) },
    ],
    rows: trend.overall,
  };
  const changes = latestChanges(ctx);
  const pages: Table<PageEcoIndex> = {
    id: 'web-pages',
    title: 'Pages (latest measurement)',
    // Small pages keep the dashboard itself at EcoIndex A (DOM size); the CSV has every row.
    pageSize: 20,
    columns: [
      {
        key: 'title',
        label: 'Page',
        value: (p) => p.title || p.url,
        render: (p) => html`<a href="${`/web/pages/${p.pageId}${scope}`}" title="${p.url}">${p.title || p.url}</a>`,
      },
      { key: 'url', label: 'URL', csvOnly: true },
      { key: 'siteCode', label: 'Site' },
      { key: 'score', label: 'EcoIndex', numeric: true },
      { key: 'grade', label: 'Grade', render: (p) => gradeBadge(p.grade) },
      { key: 'dom', label: 'DOM', numeric: true, csvOnly: true },
      { key: 'requests', label: 'Requests', numeric: true },
      { key: 'sizeKb', label: 'KB', numeric: true, value: (p) => round(p.sizeKb, 0) },
      { key: 'ghgGrams', label: 'gCO2e', numeric: true, value: (p) => round(p.ghgGrams, 2), csvOnly: true },
      { key: 'waterCl', label: 'cl water', numeric: true, value: (p) => round(p.waterCl, 2), csvOnly: true },
      { key: 'scoreChange', label: 'Δ EcoIndex', numeric: true, value: (p) => changes.get(p.pageId)?.scoreChange ?? null },
      {
        key: 'change',
        label: 'Change',
        value: (p) => {
          const c = changes.get(p.pageId);
          return c ? `${c.significant ? 'significant' : 'within noise'} (vs ${c.previousRunLabel})` : null;
        },
        render: (p) => {
          const c = changes.get(p.pageId);
          if (!c) return '';
          const why = c.basis === 'spread' ? 'outside both measurements\' min–max (--repeat)' : `${c.significant ? 'at least' : 'under'} ${SIGNIFICANT_SCORE_POINTS} points`;
          return html`<span class="${!c.significant ? 'd flat' : c.scoreChange < 0 ? 'd bad' : 'd good'}" title="${`vs ${c.previousRunLabel} (score ${c.previousScore}): ${why}`}">${c.significant ? 'significant' : 'within noise'}</span>`;
        },
      },
      { key: 'measuredAt', label: 'Measured', value: (p) => day(p.measuredAt) },
      { key: 'runLabel', label: 'Campaign', csvOnly: true },
    ],
    rows: filteredPages(ctx),
    empty: 'No measured page matches these filters.',
  };
  const failures: Table<FailedMeasurement> = {
    id: 'web-failures',
    title: 'Failed measurements',
    columns: [
      { key: 'url', label: 'URL' },
      { key: 'siteCode', label: 'Site' },
      { key: 'runLabel', label: 'Campaign' },
      { key: 'reason', label: 'Reason' },
      { key: 'errorCode', label: 'Code', csvOnly: true },
      { key: 'attempts', label: 'Attempts', numeric: true },
      { key: 'at', label: 'When', value: (f) => day(f.at) },
    ],
    rows: webFailures(ctx),
    pageSize: 20,
    empty: 'No failure.',
  };
  const journeys: Table<JourneyStepEcoIndex> = {
    id: 'web-journeys',
    title: 'User journeys, step by step (latest run of each journey)',
    columns: [
      { key: 'journey', label: 'Journey' },
      { key: 'siteCode', label: 'Site' },
      { key: 'stepIndex', label: 'Step', numeric: true },
      {
        key: 'stepName',
        label: 'Name',
        render: (j) => html`<a href="${`/web/pages/${j.pageId}${scope}`}" title="${j.url}">${j.stepName}</a>`,
      },
      { key: 'url', label: 'URL', csvOnly: true },
      { key: 'score', label: 'EcoIndex', numeric: true },
      { key: 'grade', label: 'Grade', render: (j) => gradeBadge(j.grade) },
      { key: 'dom', label: 'DOM', numeric: true },
      { key: 'requests', label: 'Requests since previous step', numeric: true },
      { key: 'sizeKb', label: 'KB since previous step', numeric: true, value: (j) => round(j.sizeKb, 0) },
      { key: 'reason', label: 'Failure reason' },
      { key: 'runLabel', label: 'Campaign', csvOnly: true },
      { key: 'measuredAt', label: 'Measured', value: (j) => day(j.measuredAt) },
    ],
    rows: webJourneys(ctx),
    empty: 'No user journey measured (numresp audit --journey FILE).',
  };
  return [sites, trendTable, pages, failures, journeys];
}

function round(value: number | null, digits: number): number | null {
  if (value === null) return null;
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/** Sub-navigation of the Web section: each part is its own light page. */
function subnav(ctx: ViewContext, current: string) {
  const scope = queryString(scopeOf(ctx.filters));
  const failures = webFailures(ctx).length;
  const items: Array<[string, string]> = [['/web', 'Summary'], ['/web/pages', 'Pages'], ['/web/journeys', 'Journeys'], ['/web/failures', `Failures (${failures})`]];
  return html`<nav class="sub" aria-label="web">${items.map(([href, label]) => html`<a href="${href + scope}"${href === current ? html` aria-current="page"` : ''}>${label}</a>`)}</nav>`;
}

export function webView(ctx: ViewContext): PageView {
  const { overview } = webSummary(ctx);
  const api = queryString(scopeOf(ctx.filters));
  const [sites, trend] = webTables(ctx);
  const gradeLinks = GRADES.map(
    (g) => html`<a href="${'/web/pages' + queryString(scopeOf(ctx.filters), { grade: g })}">${gradeBadge(g)} ${overview.gradeDistribution[g]}</a>`,
  );
  const main = html`${subnav(ctx, '/web')}<p class="kpis"><span><b>${num(overview.averageScore, 1)}</b> mean EcoIndex ${gradeBadge(overview.grade)}</span>
<span><b>${overview.urls}</b> pages</span><span><b>${overview.campaigns}</b> campaigns</span><span>last measured <b>${day(overview.lastMeasuredAt)}</b></span></p>
<div class="charts"><figure><figcaption>EcoIndex per site over campaigns</figcaption><canvas data-chart="trend" data-src="${'/api/web/trend' + api}" role="img" aria-label="EcoIndex trend per site; the campaign table has the figures"></canvas></figure>
<figure><figcaption>Grade distribution</figcaption><canvas data-chart="grades" data-src="${'/api/web/summary' + api}" role="img" aria-label="Pages per EcoIndex grade; the counts follow"></canvas></figure></div>
<p class="grades">Pages per grade: ${gradeLinks}</p>
${renderTable(sites, ctx.filters, '/web')}
${renderTable(trend, ctx.filters, '/web')}`;
  return { title: 'Web: EcoIndex', section: 'web', main, charts: true };
}

export function webPagesView(ctx: ViewContext): PageView {
  const pages = webTables(ctx)[2];
  const f = ctx.filters;
  const hidden = (name: 'site' | 'period' | 'sort', value: string | undefined) => (value ? html`<input type="hidden" name="${name}" value="${value}">` : '');
  const gradeOptions = GRADES.map((g) => html`<option${f.grade === g ? html` selected` : ''}>${g}</option>`);
  const main = html`${subnav(ctx, '/web/pages')}<form class="tablefilter" method="get" action="/web/pages">${hidden('site', f.site)}${hidden('period', f.period)}${hidden('sort', f.sort)}
<label>Find <input type="search" name="q" value="${f.q ?? ''}" placeholder="URL or title"></label> <label>Grade <select name="grade"><option value="">any</option>${gradeOptions}</select></label> <button>Filter</button></form>
${renderTable(pages, f, '/web/pages')}`;
  return { title: 'Web: pages', section: 'web', main, charts: false };
}

export function webFailuresView(ctx: ViewContext): PageView {
  const failures = webTables(ctx)[3];
  const main = html`${subnav(ctx, '/web/failures')}<p>Pages a campaign could not measure, with the stored reason. They are not in the EcoIndex figures.</p>
${renderTable(failures, ctx.filters, '/web/failures')}`;
  return { title: 'Web: failed measurements', section: 'web', main, charts: false };
}

export function webJourneysView(ctx: ViewContext): PageView {
  const journeys = webTables(ctx)[4];
  const main = html`${subnav(ctx, '/web/journeys')}<p>Each measured step of a user journey: the DOM as it stood, the requests and bytes since the previous step (the first step includes the page load). Steps are not in the page figures. A failed step carries its reason; the steps after it were not reached.</p>
${renderTable(journeys, ctx.filters, '/web/journeys')}`;
  return { title: 'Web: user journeys', section: 'web', main, charts: false };
}

export function pageRulesTable(detail: PageDetail): Table<RuleResult> {
  return {
    id: 'web-page-rules',
    title: 'Automated checks',
    columns: [
      { key: 'id', label: 'Check' },
      { key: 'practices', label: 'Practices', value: (r) => r.practices.join(' ') },
      { key: 'status', label: 'Status', render: (r) => html`<span class="s s-${r.status}">${r.status}</span>` , value: (r) => r.status },
      { key: 'grade', label: 'Grade', render: (r) => gradeBadge(r.grade), value: (r) => r.grade },
      { key: 'value', label: 'Value', numeric: true },
      { key: 'threshold', label: 'Thresholds' },
      { key: 'message', label: 'Message', value: (r) => r.message ?? null },
      {
        key: 'evidence',
        label: 'Evidence',
        value: (r) => r.evidence.map((e) => [e.detail, e.url, e.element].filter(Boolean).join(' · ')).join(' | '),
        render: (r) =>
          r.evidence.length
            ? html`<ul>${r.evidence.map((e) => html`<li>${e.detail}${e.url ? html` <small>${e.url}</small>` : ''}${e.element ? html` <code>${e.element}</code>` : ''}</li>`)}</ul>`
            : '',
      },
    ],
    rows: detail.rules,
    csvPath: `/csv/web-page-rules/${detail.pageId}`,
    empty: 'No automated check result stored for this page.',
  };
}

export function webPageDetail(ctx: ViewContext, pageId: number): PageDetail | undefined {
  return ctx.store.memo(`web.page|${pageId}`, () => pageDetail(ctx.db, pageId));
}

export function webPageView(ctx: ViewContext, detail: PageDetail): PageView {
  const href = safeHref(detail.finalUrl ?? detail.url);
  const table = pageRulesTable(detail);
  const main = html`${subnav(ctx, '')}
<dl class="facts"><dt>URL</dt><dd>${href ? html`<a href="${href}" rel="noreferrer noopener">${detail.url}</a>` : detail.url}</dd>
<dt>Site</dt><dd>${detail.siteName ?? detail.siteCode ?? '—'}</dd><dt>Campaign</dt><dd>${detail.runLabel}</dd>
<dt>Status</dt><dd>${detail.status}${detail.error ? html`: ${detail.error}` : ''}</dd>
<dt>EcoIndex</dt><dd>${num(detail.score)} ${gradeBadge(detail.grade)}</dd>
<dt>GHG</dt><dd>${num(detail.ghgGrams, 2)} gCO2e per view</dd><dt>Water</dt><dd>${num(detail.waterCl, 2)} cl per view</dd>
<dt>DOM elements</dt><dd>${num(detail.dom)}</dd><dt>Requests</dt><dd>${num(detail.requests)}</dd><dt>Transferred</dt><dd>${num(detail.sizeKb)} KB</dd>
<dt>Measured</dt><dd>${day(detail.measuredAt)} (${detail.methodVersion ?? 'method unknown'})</dd></dl>
${renderTable(table, ctx.filters, `/web/pages/${detail.pageId}`)}`;
  return { title: detail.title || detail.url, section: 'web', main, charts: false };
}
