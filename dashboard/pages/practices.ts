import { actionPlan, type ActionItem, type ActionPlan } from '../../src/practices/action-plan.js';
import { practiceStatus, type CoverageGroup, type PracticeState, type PracticeStatusRow, type SiteStatus } from '../../src/practices/status.js';
import { compliantShareOver, coverageOver } from '../../src/insights/practice-coverage.js';
import { GRADE_COLOURS } from '../../src/model/grade-colours.js';
import { cached, type ViewContext } from '../context.js';
import { queryString } from '../filters.js';
import { day, pct } from '../format.js';
import { html, safeHref } from '../html.js';
import type { PageView } from '../layout.js';
import { renderTable, type Table } from '../table.js';

/**
 * Practices: compliance per lifecycle phase and tier, practices never assessed, the action plan. Statuses are the
 * latest (assessments and the latest judged run), so the period filter does not apply here.
 */

const STATES: PracticeState[] = ['compliant', 'non-compliant', 'in-progress', 'not-applicable', 'unassessed'];
const STATE_COLOURS: Record<PracticeState, string> = {
  // Compliant and non-compliant wear the grade scale's ends, so green and red mean one thing across numresp.
  compliant: GRADE_COLOURS.A,
  'non-compliant': GRADE_COLOURS.F,
  'in-progress': '#f9a825',
  'not-applicable': '#9e9e9e',
  unassessed: '#cfd8dc',
};

/** Practices concern web services; with a site selected, that site whatever its kind. */
export function practiceSites(ctx: ViewContext): string[] {
  if (ctx.filters.site) return [ctx.filters.site];
  return ctx.sites.filter((s) => s.kind === 'web').map((s) => s.code);
}

export function siteStatuses(ctx: ViewContext): SiteStatus[] {
  return ctx.store.memo(`practices.status|${ctx.filters.site ?? ''}`, () => practiceSites(ctx).map((code) => practiceStatus(ctx.db, code)));
}

export function plan(ctx: ViewContext): ActionPlan {
  return ctx.store.memo(`practices.plan|${ctx.filters.site ?? ''}`, () => actionPlan(ctx.db, { siteCodes: practiceSites(ctx) }));
}

/** Chart data: practices per phase (one site) or per site (all sites), stacked by status. */
export function practicesChart(ctx: ViewContext) {
  return cached(ctx, 'practices.chart', () => {
    const statuses = siteStatuses(ctx);
    const groups: Array<{ label: string; g: CoverageGroup }> =
      statuses.length === 1 ? statuses[0].byPhase.map((g) => ({ label: g.key, g })) : statuses.map((s) => ({ label: s.site.name, g: s.totals }));
    return {
      chart: {
        horizontal: true,
        labels: groups.map((x) => x.label),
        datasets: STATES.map((st) => ({ label: st, data: groups.map((x) => x.g.byStatus[st]), colour: STATE_COLOURS[st] })),
      },
    };
  });
}

function coverageColumns(first: { key: string; label: string; value?: (g: CoverageGroup & { label: string }) => string }) {
  return [
    first,
    { key: 'total', label: 'Practices', numeric: true },
    ...STATES.map((st) => ({ key: st, label: st, numeric: true, value: (g: CoverageGroup) => g.byStatus[st] })),
    { key: 'complianceShare', label: 'Compliant %', numeric: true, value: (g: CoverageGroup) => share(g.complianceShare) },
    { key: 'weightedComplianceShare', label: 'Weighted %', numeric: true, csvOnly: true, value: (g: CoverageGroup) => share(g.weightedComplianceShare) },
  ];
}

function share(x: number | null): number | null {
  return x === null ? null : Math.round(x * 1000) / 10;
}

export function practicesTables(ctx: ViewContext): Table<any>[] {
  const statuses = siteStatuses(ctx);
  const tables: Table<any>[] = [];
  if (statuses.length === 1) {
    const s = statuses[0];
    tables.push(
      { id: 'practices-phases', title: 'Compliance per lifecycle phase', columns: coverageColumns({ key: 'key', label: 'Phase' }), rows: s.byPhase },
      { id: 'practices-tiers', title: 'Compliance per tier', columns: coverageColumns({ key: 'key', label: 'Tier' }), rows: s.byTier },
    );
  } else {
    // Over all web services: each phase and tier summed across sites (compliant ÷ applicable of the sums).
    const over = (keys: readonly string[], pick: (s: SiteStatus) => CoverageGroup[]) =>
      keys
        .map((k) => coverageOver(k, statuses.flatMap((s) => pick(s).filter((g) => g.key === k))))
        .filter((g) => g.total > 0);
    const phases = [...new Set(statuses.flatMap((s) => s.byPhase.map((g) => g.key)))];
    const tiers = [...new Set(statuses.flatMap((s) => s.byTier.map((g) => g.key)))];
    tables.push(
      {
        id: 'practices-sites',
        title: 'Compliance per site',
        columns: coverageColumns({ key: 'site', label: 'Site' }),
        rows: statuses.map((s) => ({ ...s.totals, site: s.site.name })),
        empty: 'No web service in the store yet.',
      },
      { id: 'practices-phases', title: 'Compliance per lifecycle phase, all web services', columns: coverageColumns({ key: 'key', label: 'Phase' }), rows: over(phases, (s) => s.byPhase) },
      { id: 'practices-tiers', title: 'Compliance per tier, all web services', columns: coverageColumns({ key: 'key', label: 'Tier' }), rows: over(tiers, (s) => s.byTier) },
    );
  }
  const never: PracticeStatusRow[] = statuses.length === 1 ? statuses[0].practices.filter((r) => r.status === 'unassessed') : [];
  if (statuses.length === 1) {
    tables.push({
      id: 'practices-never',
      title: 'Never assessed (no assessment, no automated verdict)',
      pageSize: 15,
      columns: [
        { key: 'id', label: 'Practice', value: (r: PracticeStatusRow) => r.practice.id },
        { key: 'title', label: 'Title', value: (r: PracticeStatusRow) => r.practice.titleFr, render: (r: PracticeStatusRow) => practiceLink(r.practice) },
        { key: 'phase', label: 'Phase', value: (r: PracticeStatusRow) => r.practice.phase },
        { key: 'tier', label: 'Tier', value: (r: PracticeStatusRow) => r.practice.tier, csvOnly: true },
        { key: 'automated', label: 'Automated check', value: (r: PracticeStatusRow) => (r.hasAutomatedCheck ? 'yes' : 'no') },
      ],
      rows: never,
      empty: 'Every practice has a status.',
    });
  }
  tables.push({
    id: 'practices-plan',
    title: 'Action plan (what to fix first)',
    pageSize: 15,
    columns: [
      { key: 'rank', label: '#', numeric: true },
      { key: 'practice', label: 'Practice', value: (i: ActionItem) => `${i.practice.id} ${i.practice.titleFr}`, render: (i: ActionItem) => practiceLink(i.practice) },
      { key: 'kind', label: 'To do' },
      { key: 'score', label: 'Score', numeric: true, value: (i: ActionItem) => Math.round(i.score * 100) / 100 },
      { key: 'sites', label: 'Sites', value: (i: ActionItem) => i.sites.map((s) => `${s.code} (${s.status})`).join(', ') },
      { key: 'whatToDo', label: 'What to do', csvOnly: true, value: (i: ActionItem) => i.whatToDo.join(' | ') },
      { key: 'where', label: 'Where', csvOnly: true, value: (i: ActionItem) => i.sites.flatMap((s) => s.where).join(' | ') },
    ],
    rows: plan(ctx).items,
    empty: 'Nothing to do: every practice is compliant or not applicable.',
  });
  return tables;
}

function practiceLink(p: { id: string; titleFr: string; url: string }) {
  const href = safeHref(p.url);
  return href ? html`<a href="${href}" rel="noreferrer noopener">${p.titleFr}</a> <small>${p.id}</small>` : html`${p.titleFr} <small>${p.id}</small>`;
}

function subnav(ctx: ViewContext, current: string) {
  const scope = queryString({ site: ctx.filters.site });
  const items: Array<[string, string]> = [['/practices', 'Compliance'], ['/practices/plan', 'Action plan']];
  if (ctx.filters.site) items.push(['/practices/never', 'Never assessed']);
  return html`<nav class="sub" aria-label="practices">${items.map(([href, label]) => html`<a href="${href + scope}"${href === current ? html` aria-current="page"` : ''}>${label}</a>`)}</nav>`;
}

const byId = (tables: Table<any>[], id: string) => tables.find((t) => t.id === id);

export function practicesView(ctx: ViewContext): PageView {
  const statuses = siteStatuses(ctx);
  const api = queryString({ site: ctx.filters.site });
  const tables = practicesTables(ctx).filter((t) => ['practices-phases', 'practices-tiers', 'practices-sites'].includes(t.id));
  const one = statuses.length === 1 ? statuses[0] : null;
  const head = one
    ? html`<p class="kpis"><span><b>${pct(one.totals.complianceShare)}</b> compliant (of applicable)</span><span><b>${pct(one.totals.weightedComplianceShare)}</b> weighted by priority</span>
<span><b>${one.totals.assessed}</b> / ${one.totals.total} with a status</span><span><b>${one.neverAssessed.length}</b> never assessed</span>
<span>automated results: ${one.run ? html`<b>${one.run.label}</b> (${day(one.run.startedAt)})` : 'none yet'}</span></p>`
    : html`<p class="kpis"><span><b>${pct(compliantShareOver(statuses.map((s) => s.totals)))}</b> compliant over ${statuses.length} web services</span></p><p>Pick a site to see its own figures and the practices it never assessed.</p>`;
  const main = html`${subnav(ctx, '/practices')}${head}
<div class="charts"><figure><figcaption>${one ? 'Practices per lifecycle phase, by status' : 'Practices per site, by status'}</figcaption><canvas data-chart="stacked" data-pick="chart" data-src="${'/api/practices/chart' + api}" role="img" aria-label="Practice statuses; the table below has the figures"></canvas></figure></div>
${tables.map((t) => renderTable(t, ctx.filters, '/practices'))}
<p class="note">Practice titles: ${statuses[0]?.attribution ?? 'GreenIT.fr, CC BY-NC-ND 4.0'}.</p>`;
  return { title: one ? `Practices: ${one.site.name}` : 'Practices', section: 'practices', main, charts: true };
}

export function practicesPlanView(ctx: ViewContext): PageView {
  const table = byId(practicesTables(ctx), 'practices-plan')!;
  const main = html`${subnav(ctx, '/practices/plan')}<p>${plan(ctx).method}.</p>
${renderTable(table, ctx.filters, '/practices/plan')}`;
  return { title: 'Practices: action plan', section: 'practices', main, charts: false };
}

export function practicesNeverView(ctx: ViewContext): PageView | undefined {
  const table = byId(practicesTables(ctx), 'practices-never');
  if (!table) return undefined;
  const main = html`${subnav(ctx, '/practices/never')}${renderTable(table, ctx.filters, '/practices/never')}`;
  return { title: 'Practices: never assessed', section: 'practices', main, charts: false };
}
