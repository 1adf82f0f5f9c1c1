import { ecoIndexGrade, type Grade } from '../scoring/ecoindex.js';
import { GRADES, type GradeDistribution } from './types.js';

export function mean(values: readonly number[]): number | null {
  if (!values.length) return null;
  let sum = 0;
  for (const v of values) sum += v;
  return sum / values.length;
}

export function emptyDistribution(): GradeDistribution {
  return Object.fromEntries(GRADES.map((g) => [g, 0])) as GradeDistribution;
}

export function distribution(grades: Iterable<string>): GradeDistribution {
  const d = emptyDistribution();
  for (const g of grades) if (g in d) d[g as Grade] += 1;
  return d;
}

/** Grade of a mean score (same thresholds as a page's). */
export function gradeOf(score: number | null): Grade | null {
  return score === null ? null : ecoIndexGrade(score);
}

export function delta(value: number | null, previous: number | null): number | null {
  return value === null || previous === null ? null : value - previous;
}
