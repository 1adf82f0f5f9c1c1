/** Terminal and CSV renderings of the fleet summary and scenarios (CSV cells neutralised by toCsv). */
import { OUTLIER_RATIO } from './outliers.js';
import { toCsv } from '../util/csv.js';
import type { FleetSummary } from './summary.js';
import type { ScenarioResult } from './scenario.js';

const kg = (n: number) => Math.round(n).toLocaleString('en-GB').replace(/,/g, ' ');
const pct = (n: number | null) => (n === null ? '—' : `${(n * 100).toFixed(1)} %`);
const r2 = (n: number) => Math.round(n * 100) / 100;

function table(columns: string[], rows: (string | number)[][]): string {
  const cells = [columns, ...rows.map((r) => r.map(String))];
  const widths = columns.map((_, i) => Math.max(...cells.map((r) => r[i].length)));
  return cells.map((r) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ')).join('\n');
}

export function summaryText(s: FleetSummary): string {
  const lines = [
    `Fleet at ${s.at.slice(0, 10)}${s.siteCodes ? ` — sites ${s.siteCodes.join(', ')}` : ''}: ${s.deviceCount} devices`,
    `  by status: ${Object.entries(s.byStatus).filter(([, n]) => n).map(([k, n]) => `${k} ${n}`).join(', ') || 'none'}`,
    ...(s.byStatus.unknown
      ? [`  status unknown for ${s.byStatus.unknown} (a word numresp does not know): not counted as owned in the footprint below; map it with --mapping {"statuses": …} and import again`]
      : []),
    `  owned by age (years): ${Object.entries(s.byAge).map(([k, n]) => `${k}: ${n}`).join(', ')}`,
    `  average age ${s.averageAgeYears === null ? '—' : s.averageAgeYears.toFixed(1) + ' years'}, past planned lifetime ${pct(s.pastLifetimeShare)}, ` +
      `bought refurbished ${pct(s.refurbishedShare)}, redeployed ${pct(s.redeployedShare)}`,
    `  donated/refurbished out ${s.donatedCount}, D3E ${s.d3e.total} (sent in the last 12 months: ${s.d3e.last12Months})`,
    `  embodied figure from: device ${s.embodiedSources.device}, Boavizta model match ${s.embodiedSources.boavizta}, type default ${s.embodiedSources.typeDefault}` +
      (s.embodiedSources.none ? `; none for ${s.embodiedSources.none} (no public default for their type: counted at 0, give embodied_kg)` : ''),
    `  Boavizta model match: exact ${s.boaviztaMatches.exact}, prefix ${s.boaviztaMatches.prefix}, generic words removed ${s.boaviztaMatches.genericWordsRemoved}, none ${s.boaviztaMatches.none}`,
    '',
    `Annual footprint, kgCO2e/year: embodied ${kg(s.footprint.annualEmbodiedKg)} + use ${kg(s.footprint.annualUseKg)} = ${kg(s.footprint.annualTotalKg)}`,
    `  (embodied stock of owned devices ${kg(s.embodiedKgTotal)} kgCO2e; grid ${s.gridFactor.value} ${s.gridFactor.unit}, ${s.gridFactor.year})`,
    '',
    table(
      ['type', 'devices', 'owned', 'embodied/yr', 'use/yr', 'total/yr'],
      s.perType.map((t) => [t.type, t.count, t.owned, kg(t.annualEmbodiedKg), kg(t.annualUseKg), kg(t.annualTotalKg)]),
    ),
    '',
    table(
      ['site', 'kind', 'PUE', 'devices', 'embodied/yr', 'use/yr', 'VM alloc ±', 'total/yr'],
      s.perSite.map((p) => [
        p.code,
        p.kind,
        p.pue === null ? 'missing' : String(p.pue),
        p.count,
        kg(p.annualEmbodiedKg),
        kg(p.annualUseKg),
        kg(p.allocatedInKg - p.allocatedOutKg),
        kg(p.annualAfterAllocationKg),
      ]),
    ),
    '',
    `Energy: estimated ${kg(s.energy.estimatedYearlyKwh)} kWh/year; metered sites (${s.energy.meteredSiteCodes.join(', ') || 'none'}): ` +
      `${kg(s.energy.measuredSiteKwh12Months)} kWh measured vs ${kg(s.energy.estimatedKwhOnCoveredDays)} kWh estimated over the ` +
      `${kg(s.energy.coverage.days)} of ${kg(s.energy.coverage.windowDays)} days the readings cover` +
      `${s.energy.meteredSiteCodes.length && s.energy.coverage.days < 0.8 * s.energy.coverage.windowDays ? ' (partial: under 80 % of the year)' : ''}; ` +
      `${s.energy.devicesWithMeasuredKwh} devices use their own readings`,
    ...(s.embodiedOutliers.length
      ? [
          '',
          `Embodied figures to check (over ${OUTLIER_RATIO}× or under 1/${OUTLIER_RATIO} of their type's fleet median or default):`,
          ...s.embodiedOutliers.map(
            (o) =>
              `  ${o.type}: ${kg(o.embodiedKg)} kgCO2e on ${o.devices} device(s) vs median ${kg(o.typeMedianKg)}${o.typeDefaultKg !== null ? `, default ${kg(o.typeDefaultKg)}` : ''} — ${o.source}${o.match ? `: ${o.match}` : ''}`,
          ),
        ]
      : []),
    `Method ${s.methodVersion}. Data: ${s.attribution}; ADEME/Arcep 2022 via impactco2.`,
  ];
  return lines.join('\n');
}

export function summaryCsv(s: FleetSummary): string {
  const rows = [
    ...s.perType.map((t) => ({ scope: 'type', key: t.type, kind: '', devices: t.count, owned: t.owned, annual_embodied_kg: r2(t.annualEmbodiedKg), annual_use_kg: r2(t.annualUseKg), allocated_kg: '', annual_total_kg: r2(t.annualTotalKg) })),
    ...s.perSite.map((p) => ({ scope: 'site', key: p.code, kind: p.kind, devices: p.count, owned: p.owned, annual_embodied_kg: r2(p.annualEmbodiedKg), annual_use_kg: r2(p.annualUseKg), allocated_kg: r2(p.allocatedInKg - p.allocatedOutKg), annual_total_kg: r2(p.annualAfterAllocationKg) })),
    { scope: 'total', key: 'all', kind: '', devices: s.deviceCount, owned: '', annual_embodied_kg: r2(s.footprint.annualEmbodiedKg), annual_use_kg: r2(s.footprint.annualUseKg), allocated_kg: '', annual_total_kg: r2(s.footprint.annualTotalKg) },
  ];
  return toCsv(['scope', 'key', 'kind', 'devices', 'owned', 'annual_embodied_kg', 'annual_use_kg', 'allocated_kg', 'annual_total_kg'], rows);
}

export function scenarioText(r: ScenarioResult): string {
  const a = r.assumptions;
  const head = `Scenario: ${[a.extendLifetimeYears ? `keep devices ${a.extendLifetimeYears} more year${a.extendLifetimeYears === 1 ? '' : 's'}` : '', a.refurbished ? `buy refurbished (embodied × ${a.refurbishedEmbodiedShare})` : ''].filter(Boolean).join(' and ')}`;
  const rows = (list: { owned: number; baselineKg: number; scenarioKg: number; deltaKg: number; deltaShare: number | null }[], key: (i: number) => string) =>
    list.map((l, i) => [key(i), l.owned, kg(l.baselineKg), kg(l.scenarioKg), kg(l.deltaKg), pct(l.deltaShare)]);
  const cols = ['', 'owned', 'now kg/yr', 'scenario kg/yr', 'change kg/yr', 'change'];
  return [
    head,
    '',
    table(['type', ...cols.slice(1)], rows(r.perType, (i) => r.perType[i].type)),
    '',
    table(['site', ...cols.slice(1)], rows(r.perSite, (i) => r.perSite[i].code ?? '(no site)')),
    '',
    `Total: ${kg(r.total.baselineKg)} → ${kg(r.total.scenarioKg)} kgCO2e/year (${kg(r.total.deltaKg)}, ${pct(r.total.deltaShare)})`,
  ].join('\n');
}

export function scenarioCsv(r: ScenarioResult): string {
  const rows = [
    ...r.perType.map((l) => ({ scope: 'type', key: l.type, ...round(l) })),
    ...r.perSite.map((l) => ({ scope: 'site', key: l.code ?? '', ...round(l) })),
    { scope: 'total', key: 'all', ...round(r.total) },
  ];
  return toCsv(['scope', 'key', 'owned', 'baseline_kg', 'scenario_kg', 'delta_kg', 'delta_share'], rows);
}

function round(l: { owned: number; baselineKg: number; scenarioKg: number; deltaKg: number; deltaShare: number | null }) {
  return { owned: l.owned, baseline_kg: r2(l.baselineKg), scenario_kg: r2(l.scenarioKg), delta_kg: r2(l.deltaKg), delta_share: l.deltaShare === null ? '' : Math.round(l.deltaShare * 10000) / 10000 };
}
