import type { Db } from '../store/database.js';
import { delta } from './stats.js';
import type { HeadlineFigure, HeadlineId, InsightScope, Period, WebOverview } from './types.js';
import { webOverview } from './web.js';

/**
 * Headline figures for a scope, each with its value over a compared period and the change. The web figures come
 * from webOverview; practice and fleet figures are composed from the practices and inventory modules (see
 * ./composed.ts) so that each figure is computed in one place.
 */

export interface HeadlineOptions {
  scope?: InsightScope;
  /** The period to compare with; no comparison when absent. */
  compare?: Period;
  /** Extra figures computed elsewhere, as (scope) → value; see composed.ts. */
  extra?: Partial<Record<HeadlineId, { unit: string; better: 'higher' | 'lower'; value: (scope: InsightScope) => number | null }>>;
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
  const figures: HeadlineFigure[] = WEB.map(([id, unit, better, get]) => {
    const value = get(now);
    const previous = before ? get(before) : null;
    return { id, value, previous, delta: delta(value, previous), unit, better };
  });
  for (const [id, spec] of Object.entries(options.extra ?? {})) {
    if (!spec) continue;
    const value = spec.value(scope);
    const previous = options.compare ? spec.value({ ...scope, period: options.compare }) : null;
    figures.push({ id: id as HeadlineId, value, previous, delta: delta(value, previous), unit: spec.unit, better: spec.better });
  }
  return figures;
}
