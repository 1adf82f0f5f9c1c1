import { headlineFigures, previousPeriod, worstPages, type HeadlineFigure, type HeadlineId, type PageEcoIndex, type Period } from '../../src/insights/index.js';
import { storeContents } from '../../src/store/insights.js';
import { cached, type ViewContext } from '../context.js';
import { queryString, scopeOf } from '../filters.js';
import { day, gradeBadge, num, pct } from '../format.js';
import { html } from '../html.js';
import type { PageView } from '../layout.js';
import { renderTable, type Table } from '../table.js';
import { latestPages, webSummary } from './web.js';
import { currentFigures } from './headline-extras.js';

/** Overview: the headline figures with the change since the compared period, and where to look next. */

export const HEADLINE_LABELS: Record<HeadlineId, string> = {
  'ecoindex.averageScore': 'Mean EcoIndex',
  'ecoindex.shareAB': 'Pages graded A or B',
  'ecoindex.shareFG': 'Pages graded F or G',
  'ecoindex.averageGhgGrams': 'GHG per page view',
  'practices.compliantShare': 'Practices compliant',
  'rgesn.averageScore': 'Mean RGESN score',
  'fleet.devices': 'Devices',
  'fleet.averageAgeYears': 'Average device age',
  'fleet.embodiedKgPerYear': 'Embodied emissions per year',
  'fleet.useKgPerYear': 'Use emissions per year',
  'fleet.energyKwhPerYear': 'Energy per year',
};

/**
 * What the figures are compared with: the period just before the selected one, or, with no period selected,
 * the store as it stood before the latest campaign started ("did the last campaign improve things?").
 */
export function comparedPeriod(ctx: ViewContext): { compare: Period | undefined; label: string } {
  if (ctx.scope.period) {
    const p = previousPeriod(ctx.scope.period);
    return { compare: p, label: `${p.from}..${p.to}` };
  }
  const last = storeContents(ctx.db).lastRunAt;
  if (!last) return { compare: undefined, label: 'nothing' };
  const before = new Date(Date.parse(last.slice(0, 10) + 'T00:00:00Z') - 86_400_000).toISOString().slice(0, 10);
  return { compare: { from: '1970-01-01', to: before }, label: `the store before the latest campaign (up to ${before})` };
}

export interface OverviewData {
  comparedWith: string;
  lastCampaignAt: string | null;
  figures: HeadlineFigure[];
}

export function overviewData(ctx: ViewContext): OverviewData {
  return cached(ctx, 'overview', () => {
    const { compare, label } = comparedPeriod(ctx);
    const figures = [...headlineFigures(ctx.db, { scope: ctx.scope, compare }), ...currentFigures(ctx, compare)];
    return { comparedWith: label, lastCampaignAt: webSummary(ctx).overview.lastMeasuredAt, figures };
  });
}

function formatFigure(f: HeadlineFigure, value: number | null): string {
  if (f.unit === 'share') return pct(value, 0);
  if (f.unit === 'score/100') return num(value, 1);
  if (f.unit === 'gCO2e/view') return `${num(value, 2)} g`;
  if (f.unit === 'years') return `${num(value, 1)} y`;
  if (f.unit === 'kgCO2e/year') return `${num(value === null ? null : value / 1000, 1)} t`;
  if (f.unit === 'kWh/year') return `${num(value === null ? null : value / 1000, 1)} MWh`;
  return num(value, value !== null && Math.abs(value) < 10 ? 2 : 0);
}

/** ▲/▼ says which way the figure moved; the class says whether that is good news. */
function arrow(f: HeadlineFigure): { symbol: string; tone: 'good' | 'bad' | 'flat' | 'none'; text: string } {
  if (f.delta === null) return { symbol: '·', tone: 'none', text: 'no comparison' };
  if (Math.abs(f.delta) < 1e-9) return { symbol: '=', tone: 'flat', text: 'unchanged' };
  const up = f.delta > 0;
  const good = up === (f.better === 'higher');
  const deltaText = f.unit === 'share' ? `${num(f.delta * 100, 1)} pts` : formatFigure({ ...f }, f.delta);
  return { symbol: up ? '▲' : '▼', tone: good ? 'good' : 'bad', text: `${up ? '+' : ''}${deltaText}`.replace('+-', '-') };
}

export function overviewView(ctx: ViewContext): PageView {
  const data = overviewData(ctx);
  const cards = data.figures.map((f) => {
    const a = arrow(f);
    return html`<li class="card"><span class="label">${HEADLINE_LABELS[f.id] ?? f.id}</span><b>${formatFigure(f, f.value)}</b>
<span class="d ${a.tone}" title="${`before: ${formatFigure(f, f.previous)}`}">${a.symbol} ${a.text}</span></li>`;
  });
  const scope = queryString(scopeOf(ctx.filters));
  const [figuresTable, mix, worst] = overviewTables(ctx);
  const main = html`<p class="lead">Last campaign: <b>${day(data.lastCampaignAt)}</b>. Changes are against ${data.comparedWith}: web measurements of that period; practices, RGESN score and fleet as they stood on its last day.</p>
<ul class="cards">${cards}</ul><p class="tools"><a href="${'/csv/overview-figures' + scope}" download>Headline figures as CSV</a></p>
<div class="cols">${renderTable(mix, ctx.filters, '/')}${renderTable(worst, ctx.filters, '/')}</div>
<p>More: <a href="${'/web' + scope}">web pages</a> · <a href="${'/practices' + scope}">practices</a> · <a href="${'/fleet' + scope}">fleet</a></p>`;
  return { title: 'Overview', section: 'overview', main, charts: false };
}

export function overviewTables(ctx: ViewContext): Table<any>[] {
  const scope = queryString(scopeOf(ctx.filters));
  const summary = webSummary(ctx).overview;
  const figures: Table<HeadlineFigure> = {
    id: 'overview-figures',
    title: 'Headline figures',
    columns: [
      { key: 'id', label: 'Figure', value: (f) => HEADLINE_LABELS[f.id] ?? f.id },
      { key: 'value', label: 'Value', numeric: true },
      { key: 'previous', label: 'Before', numeric: true },
      { key: 'delta', label: 'Change', numeric: true },
      { key: 'unit', label: 'Unit' },
      { key: 'better', label: 'Better when' },
    ],
    rows: overviewData(ctx).figures,
  };
  const mix: Table<{ grade: string; pages: number }> = {
    id: 'overview-grades',
    title: 'Grade mix (latest measurement of each page)',
    columns: [
      { key: 'grade', label: 'Grade', render: (r) => gradeBadge(r.grade), value: (r) => r.grade },
      { key: 'pages', label: 'Pages', numeric: true },
      { key: 'share', label: 'Share %', numeric: true, value: (r) => (summary.urls ? Math.round((1000 * r.pages) / summary.urls) / 10 : null) },
    ],
    rows: Object.entries(summary.gradeDistribution).map(([grade, pages]) => ({ grade, pages })),
  };
  const worst: Table<PageEcoIndex> = {
    id: 'overview-worst',
    title: 'Pages to look at first (lowest EcoIndex)',
    columns: [
      { key: 'title', label: 'Page', value: (p) => p.title || p.url, render: (p) => html`<a href="${`/web/pages/${p.pageId}${scope}`}">${p.title || p.url}</a>` },
      { key: 'url', label: 'URL', csvOnly: true },
      { key: 'siteCode', label: 'Site' },
      { key: 'score', label: 'EcoIndex', numeric: true },
      { key: 'grade', label: 'Grade', render: (p) => gradeBadge(p.grade), value: (p) => p.grade },
    ],
    rows: cached(ctx, 'overview.worst', () => worstPages(ctx.db, ctx.scope, 10, latestPages(ctx))),
    empty: 'No measured page yet.',
  };
  return [figures, mix, worst];
}
