import { practiceStatus, type CoverageGroup } from '../practices/status.js';
import { rgesnScores, type ServiceScore } from '../rgesn/status.js';
import { fleetSummary, type FleetSummary } from '../inventory/summary.js';
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

/** What the practice, RGESN and fleet headline figures are computed from, as of one date. */
export interface StateFigureInput {
  /** practiceStatus totals of each web site in scope. */
  practiceTotals: readonly CoverageGroup[];
  /** RGESN score of each service in scope (services with no decision yet are left out of the mean). */
  rgesn: readonly ServiceScore[];
  fleet: FleetSummary;
}

/**
 * Practice, RGESN and fleet headline figures, in base units, with the change since `previous` (the same inputs as of
 * the compared period's end; no comparison when null). Inputs are what the caller already computed (practiceStatus
 * per site, rgesnScores, fleetSummary), so nothing is read twice. Their past states are recomputed from the store's
 * dated histories (stateAt), not snapshotted.
 */
export function currentHeadlineFigures(input: StateFigureInput, previous: StateFigureInput | null = null): HeadlineFigure[] {
  const figure = (id: HeadlineId, get: (i: StateFigureInput) => number | null, unit: string, better: 'higher' | 'lower'): HeadlineFigure => {
    const value = get(input);
    const before = previous ? get(previous) : null;
    return { id, value, previous: before, delta: delta(value, before), unit, better };
  };
  return [
    figure('practices.compliantShare', (i) => compliantShareOver(i.practiceTotals), 'share', 'higher'),
    figure('rgesn.averageScore', (i) => averageRgesnScore(i.rgesn), 'share', 'higher'),
    figure('fleet.devices', (i) => i.fleet.deviceCount, 'devices', 'lower'),
    figure('fleet.averageAgeYears', (i) => i.fleet.averageAgeYears, 'years', 'higher'),
    figure('fleet.embodiedKgPerYear', (i) => i.fleet.footprint.annualEmbodiedKg, 'kgCO2e/year', 'lower'),
    figure('fleet.useKgPerYear', (i) => i.fleet.footprint.annualUseKg, 'kgCO2e/year', 'lower'),
    figure('fleet.energyKwhPerYear', (i) => i.fleet.energy.estimatedYearlyKwh, 'kWh/year', 'lower'),
  ];
}

/** Mean RGESN progress score over the services with at least one decision (null when none). */
export function averageRgesnScore(scores: readonly ServiceScore[]): number | null {
  const known = scores.filter((s) => s.at !== null && s.score !== null).map((s) => s.score as number);
  return known.length ? known.reduce((a, b) => a + b, 0) / known.length : null;
}

/** The instant that closes day `day` (YYYY-MM-DD): "as of that day" includes everything dated up to it. */
export function endOfDay(day: string): string {
  return `${day}T23:59:59.999Z`;
}

/**
 * The practice, RGESN and fleet inputs as of the end of day `day` (YYYY-MM-DD): assessments dated up to it, the
 * latest audit run started up to it, devices bought up to it with their status on it (fleetSummary at).
 */
export function stateAt(db: Db, options: { webSiteCodes: readonly string[]; siteCodes?: readonly string[]; day: string }): StateFigureInput {
  const atIso = endOfDay(options.day);
  const siteCodes = options.siteCodes?.length ? [...options.siteCodes] : undefined;
  return {
    practiceTotals: options.webSiteCodes.map((code) => practiceStatus(db, code, { edition: 'v5', at: atIso }).totals),
    rgesn: rgesnScores(db, options.siteCodes, atIso),
    fleet: fleetSummary(db, { siteCodes, at: options.day }),
  };
}
