import type { Site } from '../src/store/sites.js';
import type { Assets } from './assets.js';
import { queryString, scopeOf, type Filters } from './filters.js';
import { html, type SafeHtml } from './html.js';

export interface PageView {
  title: string;
  /** Which navigation entry is current. */
  section: 'overview' | 'web' | 'practices' | 'fleet' | 'start';
  main: SafeHtml;
  /** Load chart.js and the chart script: only pages with charts pay for them. */
  charts: boolean;
  status?: number;
}

export interface LayoutContext {
  assets: Assets;
  filters: Filters;
  sites: readonly Site[];
  /** The current path, for the filter form. */
  path: string;
  dbLabel: string;
}

const SECTIONS: Array<[PageView['section'], string, string]> = [
  ['overview', 'Overview', '/'],
  ['web', 'Web', '/web'],
  ['practices', 'Practices', '/practices'],
  ['fleet', 'Fleet', '/fleet'],
];

/**
 * The page frame: navigation that carries the site and period filters, a GET filter form (works without
 * JavaScript and gives a bookmarkable URL), one stylesheet, one print stylesheet, and scripts only on chart pages.
 */
export function layout(view: PageView, ctx: LayoutContext): string {
  const scope = queryString(scopeOf(ctx.filters));
  const { assets, filters } = ctx;
  const nav = SECTIONS.map(
    ([id, label, href]) => html`<a href="${href + scope}"${id === view.section ? html` aria-current="page"` : ''}>${label}</a>`,
  );
  const siteField = siteFilter(view.section, ctx);
  const scripts = view.charts
    ? html`<script defer src="${assets['chart.js'].url}"></script><script defer src="${assets['app.js'].url}"></script>`
    : '';
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${view.title} · numresp</title><meta name="description" content="numresp dashboard: digital footprint at a glance">
<link rel="icon" href="data:,"><link rel="stylesheet" href="${assets['app.css'].url}"><link rel="stylesheet" media="print" href="${assets['print.css'].url}">${scripts}</head>
<body><header><p class="brand">numresp</p><nav aria-label="sections">${nav}</nav>
<form class="filters" method="get" action="${ctx.path}">${siteField}
<label>Period <input name="period" value="${filters.period ?? ''}" placeholder="2026-01..2026-06" size="16"></label>
<button>Apply</button></form></header>
<main><h1>${view.title}</h1>
${view.main}</main>
<footer><p>Generate the report: <code>${reportCommand(ctx)}</code></p><p>Store: ${ctx.dbLabel} · read-only</p></footer>
</body></html>
`.value;
}

/** A select beyond this many sites would weigh more than the page (115 lycées): a code field and a site list instead. */
const MAX_SITE_OPTIONS = 30;

/** The site filter lists the sites that matter to the section: web services on Web and Practices, the others on Fleet. */
function siteFilter(section: PageView['section'], ctx: LayoutContext): SafeHtml {
  const relevant = ctx.sites.filter((s) => (section === 'web' || section === 'practices' ? s.kind === 'web' : section === 'fleet' ? s.kind !== 'web' : true));
  const current = ctx.filters.site;
  if (relevant.length > MAX_SITE_OPTIONS) {
    return html`<label>Site <input name="site" value="${current ?? ''}" placeholder="site code" size="10"></label> <a href="${'/sites' + queryString(scopeOf(ctx.filters))}">sites</a>`;
  }
  const options = relevant.map((s) => html`<option value="${s.code}"${s.code === current ? html` selected` : ''}>${s.name}</option>`);
  // Keep a selected site from another section selectable, so the form never drops it silently.
  const extra = current && !relevant.some((s) => s.code === current) ? html`<option value="${current}" selected>${current}</option>` : '';
  return html`<label>Site <select name="site"><option value="">all sites</option>${extra}${options}</select></label>`;
}

/** The CLI command that produces the report for the current view (the dashboard has no write endpoint). */
export function reportCommand(ctx: { filters: Filters; dbLabel: string }): string {
  const parts = ['numresp report', `--db ${shellQuote(ctx.dbLabel)}`];
  if (ctx.filters.site) parts.push(`--site ${shellQuote(ctx.filters.site)}`);
  if (ctx.filters.period) parts.push(`--period ${shellQuote(ctx.filters.period)} --compare previous`);
  return parts.join(' ');
}

function shellQuote(s: string): string {
  return /^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}
