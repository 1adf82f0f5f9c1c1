import type { FleetSummary } from '../inventory/summary.js';
import type { CoverageGroup } from '../practices/status.js';
import type { Db } from '../store/database.js';
import { compliantShareOver } from './practice-coverage.js';
import { delta } from './stats.js';
import type { HeadlineFigure, HeadlineId, InsightScope, Period, WebOverview } from './types.js';
import { webOverview } from './web.js';

/**
 * Headline figures for a scope, each with its value over a compared period and the change. The web figures come
 * from webOverview; practice and fleet figures (currentHeadlineFigures) from the practices and inventory modules,
 * so that each figure is computed in one place.
 */

export interface HeadlineOptions {
  scope?: InsightScope;
  /** The period to compare with; no comparison when absent. */
  compare?: Period;
}

function share(d: Record<string, number>, grades: string[]): number | null {
  const total = Object.values(d).reduce((a, b) => a + b, 0);
  return total ? grades.reduce((a, g) => a + (d[g] ?? 0), 0) / total : null;
}

const WEB: Array<[HeadlineId, string, 'higher' | 'lower', (o: WebOverview) => number | null]> = [
  ['ecoindex.averageScore', 'score/100', 'higher', (o) => o.averageScore],
  ['ecoindex.shareAB', 'share', 'higher', (o) => share(o.gradeDistribution, ['A', 'B'])],
  ['ecoindex.shareFG', 'share', 'lower', (o) => share(o.gradeDistribution, ['F', 'G'])],
  ['ecoindex.averageGhgGrams', 'gCO2e/view', 'lower', (o) => o.averageGhgGrams],
];

export function headlineFigures(db: Db, options: HeadlineOptions = {}): HeadlineFigure[] {
  const scope = options.scope ?? {};
  const now = webOverview(db, scope);
  const before = options.compare ? webOverview(db, { ...scope, period: options.compare }) : null;
  return webHeadline(now, before);
}

/** The web headline figures from overviews already read: the scope's, and the compared period's (or null). */
export function webHeadline(now: WebOverview, before: WebOverview | null): HeadlineFigure[] {
  const figures: HeadlineFigure[] = WEB.map(([id, unit, better, get]) => {
    const value = get(now);
    const previous = before ? get(before) : null;
    return { id, value, previous, delta: delta(value, previous), unit, better };
  });
  return figures;
}

/**
 * Practice and fleet headline figures, in base units. They are current states: the store keeps no past status of
 * practices or devices, so they carry no comparison. Inputs are what the caller already computed (practiceStatus
 * totals per site, fleetSummary), so nothing is read twice.
 */
export function currentHeadlineFigures(input: { practiceTotals: readonly CoverageGroup[]; fleet: FleetSummary }): HeadlineFigure[] {
  const f = input.fleet;
  const current = (id: HeadlineId, value: number | null, unit: string, better: 'higher' | 'lower'): HeadlineFigure => ({
    id,
    value,
    previous: null,
    delta: null,
    unit,
    better,
  });
  return [
    current('practices.compliantShare', compliantShareOver(input.practiceTotals), 'share', 'higher'),
    current('fleet.devices', f.deviceCount, 'devices', 'lower'),
    current('fleet.averageAgeYears', f.averageAgeYears, 'years', 'higher'),
    current('fleet.embodiedKgPerYear', f.footprint.annualEmbodiedKg, 'kgCO2e/year', 'lower'),
    current('fleet.useKgPerYear', f.footprint.annualUseKg, 'kgCO2e/year', 'lower'),
    current('fleet.energyKwhPerYear', f.energy.estimatedYearlyKwh, 'kWh/year', 'lower'),
  ];
}
