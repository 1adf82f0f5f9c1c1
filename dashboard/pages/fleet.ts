import { agePyramidOf, type AgePyramid } from '../../src/insights/fleet-age.js';
import { ENERGY_COVERAGE_WARNING_SHARE, fleetSummary, type FleetSummary, type SiteSummary, type TypeSummary } from '../../src/inventory/summary.js';
import { listSitePue } from '../../src/store/sites.js';
import { GRADE_COLOURS } from '../../src/model/grade-colours.js';
import { cached, type ViewContext } from '../context.js';
import { queryString, scopeOf } from '../filters.js';
import { day, num, pct } from '../format.js';
import { html } from '../html.js';
import type { PageView } from '../layout.js';
import { renderTable, type Table } from '../table.js';

/** Fleet: devices by type and age, status, footprint by site and type, lycée drill-down, data-centre PUE and energy. */

const AGE_COLOURS = [GRADE_COLOURS.A, '#7cb342', '#fbc02d', '#ef6c00', '#b71c1c', '#9e9e9e'];

/** The fleet as it stood at the end of the selected period, else now. */
function fleetAt(ctx: ViewContext): string | undefined {
  return ctx.scope.period ? `${ctx.scope.period.to}T23:59:59.999Z` : undefined;
}

export function fleetData(ctx: ViewContext, siteCode = ctx.filters.site): FleetSummary {
  return ctx.store.memo(`fleet|${siteCode ?? ''}|${ctx.filters.period ?? ''}`, () =>
    fleetSummary(ctx.db, { siteCodes: siteCode ? [siteCode] : undefined, at: fleetAt(ctx) }),
  );
}

export function fleetPyramid(ctx: ViewContext): AgePyramid & { chart: unknown } {
  return cached(ctx, 'fleet.pyramid', () => {
    const p = agePyramidOf(fleetData(ctx));
    const chart = {
      horizontal: true,
      labels: p.rows.map((r) => r.type),
      datasets: p.buckets.map((b, i) => ({ label: `${b} years`, data: p.rows.map((r) => r.byAge[b]), colour: AGE_COLOURS[i] })),
    };
    return { ...p, chart };
  });
}

export function fleetFootprintChart(ctx: ViewContext) {
  const s = fleetData(ctx);
  const types = s.perType.filter((t) => t.count > 0);
  return {
    chart: {
      horizontal: true,
      labels: types.map((t) => t.type),
      datasets: [
        { label: 'embodied tCO2e/year', data: types.map((t) => round(t.annualEmbodiedKg / 1000, 2)), colour: '#6d4c41' },
        { label: 'use tCO2e/year', data: types.map((t) => round(t.annualUseKg / 1000, 2)), colour: '#1565c0' },
      ],
    },
  };
}

function round(v: number | null, digits: number): number | null {
  if (v === null) return null;
  const f = 10 ** digits;
  return Math.round(v * f) / f;
}
const tonnes = (kg: number) => round(kg / 1000, 2);

function perTypeTable(s: FleetSummary, id: string): Table<TypeSummary> {
  return {
    id,
    title: 'By device type',
    columns: [
      { key: 'type', label: 'Type' },
      { key: 'count', label: 'Devices', numeric: true },
      { key: 'owned', label: 'Owned', numeric: true, csvOnly: true },
      { key: 'annualEmbodiedKg', label: 'Embodied tCO2e/yr', numeric: true, value: (t) => tonnes(t.annualEmbodiedKg) },
      { key: 'annualUseKg', label: 'Use tCO2e/yr', numeric: true, value: (t) => tonnes(t.annualUseKg) },
      { key: 'annualTotalKg', label: 'Total tCO2e/yr', numeric: true, value: (t) => tonnes(t.annualTotalKg) },
    ],
    rows: s.perType.filter((t) => t.count > 0),
  };
}

function statusTable(s: FleetSummary, id: string): Table<{ status: string; devices: number }> {
  return {
    id,
    title: 'By status',
    columns: [
      { key: 'status', label: 'Status' },
      { key: 'devices', label: 'Devices', numeric: true },
    ],
    rows: Object.entries(s.byStatus).map(([status, devices]) => ({ status, devices })),
  };
}

function pyramidTable(p: AgePyramid, id: string): Table<AgePyramid['rows'][number]> {
  return {
    id,
    title: 'Owned devices by type and age (years)',
    columns: [
      { key: 'type', label: 'Type' },
      ...p.buckets.map((b) => ({ key: `age${b.replace(/\W/g, '_')}`, label: b, numeric: true, value: (r: AgePyramid['rows'][number]) => r.byAge[b] })),
      { key: 'total', label: 'Total', numeric: true },
    ],
    rows: p.rows,
  };
}

export function fleetTables(ctx: ViewContext): Table<any>[] {
  const s = fleetData(ctx);
  const scope = queryString(scopeOf(ctx.filters));
  const sites: Table<SiteSummary> = {
    id: 'fleet-sites',
    title: 'Footprint by site (after allocating data-centre hosts to the sites their VMs serve)',
    pageSize: 20,
    columns: [
      { key: 'name', label: 'Site', render: (x) => html`<a href="${`/fleet/sites/${encodeURIComponent(x.code)}${scope}`}">${x.name}</a>` },
      { key: 'code', label: 'Code', csvOnly: true },
      { key: 'kind', label: 'Kind' },
      { key: 'count', label: 'Devices', numeric: true },
      { key: 'owned', label: 'Owned', numeric: true, csvOnly: true },
      { key: 'annualEmbodiedKg', label: 'Embodied t/yr', numeric: true, value: (x) => tonnes(x.annualEmbodiedKg) },
      { key: 'annualUseKg', label: 'Use t/yr', numeric: true, value: (x) => tonnes(x.annualUseKg) },
      { key: 'allocatedInKg', label: 'Allocated in t/yr', numeric: true, value: (x) => tonnes(x.allocatedInKg), csvOnly: true },
      { key: 'allocatedOutKg', label: 'Allocated out t/yr', numeric: true, value: (x) => tonnes(x.allocatedOutKg), csvOnly: true },
      { key: 'annualAfterAllocationKg', label: 'Total t/yr', numeric: true, value: (x) => tonnes(x.annualAfterAllocationKg) },
      { key: 'pue', label: 'PUE', numeric: true, csvOnly: true },
    ],
    // Largest footprint first, unless the manager sorts otherwise.
    rows: [...s.perSite].filter((x) => x.count > 0 || x.kind !== 'web').sort((a, b) => b.annualAfterAllocationKg - a.annualAfterAllocationKg),
  };
  return [pyramidTable(fleetPyramid(ctx), 'fleet-age'), statusTable(s, 'fleet-status'), perTypeTable(s, 'fleet-types'), sites, dataCentreTable(ctx)];
}

interface DataCentreRow {
  code: string;
  name: string;
  pue: number | null;
  pueHistory: string;
  devices: number;
  estimatedKwh: number;
  measuredKwh12Months: number;
  estimatedKwhCoveredDays: number;
  coverage: string;
  annualTotalKg: number;
  annualAfterAllocationKg: number;
}

function dataCentreRows(ctx: ViewContext): DataCentreRow[] {
  return cached(ctx, 'fleet.dc', () => {
    const history = listSitePue(ctx.db);
    return ctx.sites
      .filter((site) => site.kind === 'datacenter' && (!ctx.filters.site || ctx.filters.site === site.code))
      .map((site) => {
        const s = fleetData(ctx, site.code);
        const own = s.perSite.find((x) => x.code === site.code);
        return {
          code: site.code,
          name: site.name,
          pue: own?.pue ?? null,
          pueHistory: history.filter((h) => h.siteId === site.id).map((h) => `${h.year}: ${h.pue}`).join(', '),
          devices: s.deviceCount,
          estimatedKwh: s.energy.estimatedYearlyKwh,
          measuredKwh12Months: s.energy.measuredSiteKwh12Months,
          estimatedKwhCoveredDays: s.energy.estimatedKwhOnCoveredDays,
          // Days the readings cover of the 365; flagged under 80 % (the comparison is then partial).
          coverage: s.energy.meteredSiteCodes.length
            ? `${Math.round(s.energy.coverage.days)} / ${Math.round(s.energy.coverage.windowDays)} days${s.energy.coverage.days < ENERGY_COVERAGE_WARNING_SHARE * s.energy.coverage.windowDays ? ' — partial (< 80 %)' : ''}`
            : 'no readings',
          annualTotalKg: own?.annualTotalKg ?? 0,
          annualAfterAllocationKg: own?.annualAfterAllocationKg ?? 0,
        };
      });
  });
}

function dataCentreTable(ctx: ViewContext): Table<DataCentreRow> {
  return {
    id: 'fleet-datacentre',
    title: 'Data centre: PUE and energy',
    columns: [
      { key: 'name', label: 'Data centre' },
      { key: 'pue', label: 'PUE', numeric: true },
      { key: 'pueHistory', label: 'PUE by year' },
      { key: 'devices', label: 'Devices', numeric: true },
      { key: 'estimatedKwh', label: 'Estimated MWh/yr (× PUE)', numeric: true, value: (r) => round(r.estimatedKwh / 1000, 1) },
      { key: 'measuredKwh12Months', label: 'Metered MWh, last 12 months', numeric: true, value: (r) => round(r.measuredKwh12Months / 1000, 1) },
      { key: 'estimatedKwhCoveredDays', label: 'Estimated MWh, same days', numeric: true, value: (r) => round(r.estimatedKwhCoveredDays / 1000, 1) },
      { key: 'coverage', label: 'Readings cover' },
      { key: 'annualTotalKg', label: 'Own t/yr', numeric: true, value: (r) => tonnes(r.annualTotalKg) },
      { key: 'annualAfterAllocationKg', label: 'After allocation t/yr', numeric: true, value: (r) => tonnes(r.annualAfterAllocationKg) },
    ],
    rows: dataCentreRows(ctx),
    empty: 'No data-centre site in this selection.',
  };
}

function kpis(s: FleetSummary) {
  return html`<p class="kpis"><span><b>${num(s.deviceCount)}</b> devices</span><span><b>${num(s.averageAgeYears, 1)}</b> years average age</span>
<span><b>${pct(s.pastLifetimeShare)}</b> past their lifetime</span><span><b>${pct(s.redeployedShare)}</b> redeployed</span><span><b>${pct(s.refurbishedShare)}</b> bought refurbished</span>
<span><b>${num(s.d3e.last12Months)}</b> sent to D3E in 12 months</span></p>
<p class="kpis"><span><b>${num(s.footprint.annualEmbodiedKg / 1000, 1)}</b> tCO2e/yr embodied</span><span><b>${num(s.footprint.annualUseKg / 1000, 1)}</b> tCO2e/yr use</span>
<span><b>${num(s.energy.estimatedYearlyKwh / 1000, 1)}</b> MWh/yr estimated</span><span>as at ${day(s.at)}</span></p>`;
}

function subnav(ctx: ViewContext, current: string) {
  const scope = queryString(scopeOf(ctx.filters));
  const items: Array<[string, string]> = [['/fleet', 'Devices'], ['/fleet/sites', 'Sites and data centre']];
  return html`<nav class="sub" aria-label="fleet">${items.map(([href, label]) => html`<a href="${href + scope}"${href === current ? html` aria-current="page"` : ''}>${label}</a>`)}</nav>`;
}

export function fleetView(ctx: ViewContext): PageView {
  const s = fleetData(ctx);
  const api = queryString(scopeOf(ctx.filters));
  const [age, , types] = fleetTables(ctx);
  const main = html`${subnav(ctx, '/fleet')}${kpis(s)}
<div class="charts"><figure><figcaption>Owned devices by type and age</figcaption><canvas data-chart="stacked" data-pick="chart" data-src="${'/api/fleet/pyramid' + api}" role="img" aria-label="Age pyramid; the table below has the figures"></canvas></figure>
<figure><figcaption>Annual footprint by type, embodied vs use</figcaption><canvas data-chart="stacked" data-pick="chart" data-src="${'/api/fleet/footprint' + api}" role="img" aria-label="Footprint by type; the type table has the figures"></canvas></figure></div>
${renderTable(age, ctx.filters, '/fleet')}
${renderTable(types, ctx.filters, '/fleet')}
<p class="note">Method ${s.methodVersion}; grid factor ${s.gridFactor.value} kgCO2e/kWh. ${s.attribution}.</p>`;
  return { title: 'Fleet', section: 'fleet', main, charts: true };
}

export function fleetSitesView(ctx: ViewContext): PageView {
  const [, status, , sites, dc] = fleetTables(ctx);
  const main = html`${subnav(ctx, '/fleet/sites')}
${renderTable(dc, ctx.filters, '/fleet/sites')}
${renderTable(status, ctx.filters, '/fleet/sites')}
${renderTable(sites, ctx.filters, '/fleet/sites')}`;
  return { title: 'Fleet: sites and data centre', section: 'fleet', main, charts: false };
}

/** Drill-down on one site (a lycée, an office, the data centre): the same figures restricted to it. */
export function fleetSiteTables(ctx: ViewContext, code: string): Table<any>[] {
  const s = fleetData(ctx, code);
  const pyramid = agePyramidOf(s);
  const slug = code.toLowerCase().replace(/[^a-z0-9]+/g, '-');
  return [
    { ...pyramidTable(pyramid, `fleet-site-age`), csvPath: `/csv/fleet-site-age/${encodeURIComponent(code)}`, id: `fleet-site-age-${slug}` },
    { ...statusTable(s, 'fleet-site-status'), csvPath: `/csv/fleet-site-status/${encodeURIComponent(code)}`, id: `fleet-site-status-${slug}` },
    { ...perTypeTable(s, 'fleet-site-types'), csvPath: `/csv/fleet-site-types/${encodeURIComponent(code)}`, id: `fleet-site-types-${slug}` },
  ];
}

export function fleetSiteView(ctx: ViewContext, code: string): PageView | undefined {
  const site = ctx.sites.find((x) => x.code === code);
  if (!site) return undefined;
  const s = fleetData(ctx, code);
  const own = s.perSite.find((x) => x.code === code);
  const [age, status, types] = fleetSiteTables(ctx, code);
  const back = '/fleet' + queryString(scopeOf(ctx.filters));
  const path = `/fleet/sites/${encodeURIComponent(code)}`;
  const main = html`${subnav(ctx, '')}<p><a href="${back}">← whole fleet</a> · ${site.kind} <code>${site.code}</code>${own?.pue ? html` · PUE ${own.pue}` : ''}</p>
${kpis(s)}
${own ? html`<p>Footprint after allocation: <b>${num(own.annualAfterAllocationKg / 1000, 2)}</b> tCO2e/yr (own ${num(own.annualTotalKg / 1000, 2)}, allocated in ${num(own.allocatedInKg / 1000, 2)}, out ${num(own.allocatedOutKg / 1000, 2)}).</p>` : ''}
${renderTable(age, ctx.filters, path)}
<div class="cols">${renderTable(status, ctx.filters, path)}${renderTable(types, ctx.filters, path)}</div>`;
  return { title: `Fleet: ${site.name}`, section: 'fleet', main, charts: false };
}
