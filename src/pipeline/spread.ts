import { UserError } from '../model/errors.js';

/**
 * `audit --repeat N` (issue 13.2): a page measured N times is reported by its median measurement, with the spread of
 * its figures so that two runs can be told apart from noise.
 */

export interface Range {
  min: number;
  median: number;
  max: number;
}

/** What `--json` and `results` show of a repeated page: n measured (failed repeats excluded) and each figure's range. */
export interface Spread {
  n: number;
  score: Range;
  dom: Range;
  requests: Range;
  sizeKb: Range;
}

export interface MeasuredFigures {
  score: number;
  dom: number;
  requests: number;
  sizeKb: number;
}

export const REPEAT_MIN = 1;
export const REPEAT_MAX = 20;

/** `--repeat` as typed: a whole number of measurements per page within the allowed range. */
export function parseRepeat(value: unknown, name = '--repeat'): number {
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : NaN;
  if (!Number.isInteger(n) || n < REPEAT_MIN || n > REPEAT_MAX) {
    throw new UserError(`${name} must be a whole number from ${REPEAT_MIN} to ${REPEAT_MAX}, got ${String(value)}`);
  }
  return n;
}

/** Spread from stored measurement rows (failed repeats left out). */
export function spreadOfRows(rows: ReadonlyArray<{ status: string; score: number | null; dom: number | null; requests: number | null; sizeKb: number | null }>): Spread | null {
  const ok = rows.filter((r) => r.status === 'ok' && r.score !== null);
  return spreadOf(ok.map((r) => ({ score: r.score!, dom: r.dom!, requests: r.requests!, sizeKb: r.sizeKb! })));
}

/** The median of numbers: the middle one, or the mean of the two middle ones for an even count. */
export function median(values: readonly number[]): number {
  if (!values.length) throw new Error('median of no value');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function range(values: readonly number[]): Range {
  return { min: Math.min(...values), median: median(values), max: Math.max(...values) };
}

/** Spread of successful measurements; null for fewer than two (nothing to spread). */
export function spreadOf(measurements: readonly MeasuredFigures[]): Spread | null {
  if (measurements.length < 2) return null;
  return {
    n: measurements.length,
    score: range(measurements.map((m) => m.score)),
    dom: range(measurements.map((m) => m.dom)),
    requests: range(measurements.map((m) => m.requests)),
    sizeKb: range(measurements.map((m) => m.sizeKb)),
  };
}

/**
 * Index of the measurement that stands for the page: the one with the median score (ties kept in measurement order). With an
 * even count it is the lower of the two middle ones, so that the page's score, grade, DOM, requests, size, artifacts
 * and checks all come from one real measurement; the spread's median may then be half a point above it.
 */
export function medianIndex(scores: readonly number[]): number {
  if (!scores.length) throw new Error('median of no measurement');
  const order = scores.map((score, i) => ({ score, i })).sort((a, b) => a.score - b.score || a.i - b.i);
  return order[(order.length - 1) >> 1].i;
}
