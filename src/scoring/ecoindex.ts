/**
 * EcoIndex, current method.
 *
 * Sources:
 * - quantile tables and grade thresholds: cnumr/ecoindex_reference (HTTP Archive, 500,000 URLs), as shipped in
 *   cnumr/ecoindex_python_fullstack `components/ecoindex/data` (ecoindex Python package ≥ 5.0);
 * - computation: cnumr/ecoindex_python_fullstack `components/ecoindex/compute/ecoindex.py`.
 *
 * The legacy formula that some tools still ship (GreenIT-Analysis, ecoindex Python < 5.0) takes the quantile
 * position one step too high, so its scores are 5 points lower (range −5…95); see docs/ecoindex.md. We do not
 * implement it.
 */

export const ECOINDEX_METHOD_VERSION = 'ecoindex-5.0';

/** DOM elements quantiles (ecoindex_reference). */
export const DOM_QUANTILES = [
  0, 47, 75, 159, 233, 298, 358, 417, 476, 537, 603, 674, 753, 843, 949, 1076, 1237, 1459, 1801, 2479, 594601,
] as const;
/** HTTP requests quantiles (ecoindex_reference). */
export const REQUESTS_QUANTILES = [
  0, 2, 15, 25, 34, 42, 49, 56, 63, 70, 78, 86, 95, 105, 117, 130, 147, 170, 205, 281, 3920,
] as const;
/** Transferred size quantiles in KB (1 KB = 1000 bytes) (ecoindex_reference). */
export const SIZE_KB_QUANTILES = [
  0, 1.37, 144.7, 319.53, 479.46, 631.97, 783.38, 937.91, 1098.62, 1265.47, 1448.32, 1648.27, 1876.08, 2142.06,
  2465.37, 2866.31, 3401.59, 4155.73, 5400.08, 8037.54, 223212.26,
] as const;

/** Lowest score (exclusive) of each grade (ecoindex_reference); below F's is G. */
export const GRADE_THRESHOLDS = [
  ['A', 80],
  ['B', 70],
  ['C', 55],
  ['D', 40],
  ['E', 25],
  ['F', 10],
] as const;

export type Grade = 'A' | 'B' | 'C' | 'D' | 'E' | 'F' | 'G';

export interface EcoIndexInput {
  dom: number;
  requests: number;
  sizeKb: number;
}

export interface EcoIndexResult {
  /** Score rounded as the reference does (Python round: half to even), 0–100. */
  score: number;
  /** Unrounded score. */
  scoreRaw: number;
  grade: Grade;
  /** Greenhouse gases, gCO2e per page view. */
  ghg: number;
  /** Water, centilitres per page view. */
  water: number;
  methodVersion: string;
}

/** Position of `value` in a quantile table, linearly interpolated, 0…20. */
export function quantilePosition(quantiles: readonly number[], value: number): number {
  for (let i = 1; i < quantiles.length; i++) {
    if (value < quantiles[i]) {
      return i - 1 + (value - quantiles[i - 1]) / (quantiles[i] - quantiles[i - 1]);
    }
  }
  return quantiles.length - 1;
}

/** Python's round(): ties go to the even neighbour. Exact on the double, as Python is. */
export function roundHalfEven(x: number): number {
  const floor = Math.floor(x);
  const diff = x - floor;
  if (diff === 0.5) return floor % 2 === 0 ? floor : floor + 1;
  return Math.round(x);
}

/** Python's round(x, 2) as the reference writes it: round(100·x) / 100. */
function roundCents(x: number): number {
  return roundHalfEven(100 * x) / 100;
}

export function ecoIndexScoreRaw({ dom, requests, sizeKb }: EcoIndexInput): number {
  for (const [name, value] of Object.entries({ dom, requests, sizeKb })) {
    if (!Number.isFinite(value) || value < 0) {
      throw new RangeError(`EcoIndex input ${name} must be a finite number ≥ 0, got ${value}`);
    }
  }
  const qDom = quantilePosition(DOM_QUANTILES, dom);
  const qRequests = quantilePosition(REQUESTS_QUANTILES, requests);
  const qSize = quantilePosition(SIZE_KB_QUANTILES, sizeKb);
  return 100 - (5 * (3 * qDom + 2 * qRequests + qSize)) / 6;
}

export function ecoIndexGrade(score: number): Grade {
  for (const [grade, lowest] of GRADE_THRESHOLDS) {
    if (score > lowest) return grade;
  }
  return 'G';
}

/** gCO2e per page view, from the score (ecoindex_python_fullstack). */
export function ecoIndexGhg(score: number): number {
  return roundCents(2 + (2 * (50 - score)) / 100);
}

/** Centilitres of water per page view, from the score (ecoindex_python_fullstack). */
export function ecoIndexWater(score: number): number {
  return roundCents(3 + (3 * (50 - score)) / 100);
}

/** The whole result; grade, GHG and water derive from the rounded score, as the reference does. */
export function computeEcoIndex(input: EcoIndexInput): EcoIndexResult {
  const scoreRaw = ecoIndexScoreRaw(input);
  const score = roundHalfEven(scoreRaw);
  return {
    score,
    scoreRaw,
    grade: ecoIndexGrade(score),
    ghg: ecoIndexGhg(score),
    water: ecoIndexWater(score),
    methodVersion: ECOINDEX_METHOD_VERSION,
  };
}
