import type { Grade } from '../scoring/ecoindex.js';

/**
 * The read model shared by the report and the dashboard. Every type is plain JSON (no Date, no Map) so the same
 * values can be serialised into the report model and served by the dashboard API.
 */

export type { Grade };
export const GRADES: readonly Grade[] = ['A', 'B', 'C', 'D', 'E', 'F', 'G'];

/** A closed range of ISO days (YYYY-MM-DD), both ends included. */
export interface Period {
  from: string;
  to: string;
}

/** What a read covers: some sites (codes) and/or a period. Empty = everything stored. */
export interface InsightScope {
  siteCodes?: readonly string[];
  period?: Period;
}

export type GradeDistribution = Record<Grade, number>;

/** One measured page (the latest measurement of its URL in scope, unless stated otherwise). */
export interface PageEcoIndex {
  pageId: number;
  runId: number;
  runLabel: string;
  siteCode: string | null;
  siteName: string | null;
  url: string;
  title: string | null;
  measuredAt: string;
  score: number;
  grade: Grade;
  ghgGrams: number;
  waterCl: number;
  dom: number;
  requests: number;
  sizeKb: number;
  methodVersion: string | null;
}

/**
 * A measure step of a user journey (latest run that played the journey): DOM as it stood, requests and bytes since
 * the previous step (the first step includes the page load); null figures and a reason when it failed.
 */
export interface JourneyStepEcoIndex {
  pageId: number;
  runId: number;
  runLabel: string;
  siteCode: string | null;
  siteName: string | null;
  journey: string;
  stepIndex: number;
  stepName: string;
  /** Where the step stood (after a single-page app's pushState, its new address). */
  url: string;
  status: 'ok' | 'failed';
  reason: string | null;
  errorCode: string | null;
  measuredAt: string;
  score: number | null;
  grade: Grade | null;
  ghgGrams: number | null;
  waterCl: number | null;
  dom: number | null;
  requests: number | null;
  sizeKb: number | null;
}

export interface SiteEcoIndex {
  siteCode: string | null;
  siteName: string | null;
  pages: number;
  /** Mean of the pages' scores; null when no page was measured. */
  averageScore: number | null;
  /** Grade of the mean score, with the EcoIndex thresholds. */
  grade: Grade | null;
  averageGhgGrams: number | null;
  averageWaterCl: number | null;
  averageDom: number | null;
  averageRequests: number | null;
  averageSizeKb: number | null;
  gradeDistribution: GradeDistribution;
  lastMeasuredAt: string | null;
}

/** One campaign (run) of the trend: every page it measured in scope. */
export interface TrendPoint {
  runId: number;
  runLabel: string;
  startedAt: string;
  pages: number;
  averageScore: number | null;
  grade: Grade | null;
  averageGhgGrams: number | null;
  averageWaterCl: number | null;
  gradeDistribution: GradeDistribution;
}

export interface FailedMeasurement {
  pageId: number;
  runId: number;
  runLabel: string;
  siteCode: string | null;
  url: string;
  /** The stored reason; never empty (a missing reason reads "unknown"). */
  reason: string;
  errorCode: string | null;
  attempts: number;
  at: string;
}

export interface WebOverview {
  campaigns: number;
  sites: number;
  /** Distinct URLs with at least one successful measurement in scope. */
  urls: number;
  /** Successful page measurements in scope (all campaigns). */
  measurements: number;
  failedMeasurements: number;
  /** Over the latest measurement of each URL. */
  averageScore: number | null;
  grade: Grade | null;
  averageGhgGrams: number | null;
  averageWaterCl: number | null;
  gradeDistribution: GradeDistribution;
  firstMeasuredAt: string | null;
  lastMeasuredAt: string | null;
  methodVersions: string[];
}

/** A headline figure with its value in the compared period and the change. */
export interface HeadlineFigure {
  id: HeadlineId;
  value: number | null;
  previous: number | null;
  /** value − previous, when both are known. */
  delta: number | null;
  unit: string;
  /** Which direction is an improvement. */
  better: 'higher' | 'lower';
}

export type HeadlineId =
  | 'ecoindex.averageScore'
  | 'ecoindex.shareAB'
  | 'ecoindex.shareFG'
  | 'ecoindex.averageGhgGrams'
  | 'practices.compliantShare'
  | 'rgesn.averageScore'
  | 'fleet.devices'
  | 'fleet.averageAgeYears'
  | 'fleet.embodiedKgPerYear'
  | 'fleet.useKgPerYear'
  | 'fleet.energyKwhPerYear';
