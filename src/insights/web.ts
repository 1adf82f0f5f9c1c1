import type { Db } from '../store/database.js';
import {
  listFailedPages,
  listLatestJourneySteps,
  listLatestMeasuredPages,
  listMeasuredPages,
  listRunsInScope,
  type MeasuredPageRow,
  type ReadScope,
} from '../store/insights.js';
import type { Grade } from '../scoring/ecoindex.js';
import { distribution, gradeOf, mean } from './stats.js';
import type {
  FailedMeasurement,
  GradeDistribution,
  InsightScope,
  JourneyStepEcoIndex,
  PageEcoIndex,
  SiteEcoIndex,
  TrendPoint,
  WebOverview,
} from './types.js';

/** Web audit figures: EcoIndex per page, per site, per campaign. The "state" of a URL is its latest measurement. */

export function toReadScope(scope: InsightScope = {}): ReadScope {
  return { siteCodes: scope.siteCodes, from: scope.period?.from, to: scope.period?.to };
}

function toPage(r: MeasuredPageRow): PageEcoIndex {
  return {
    pageId: r.pageId,
    runId: r.runId,
    runLabel: r.runLabel,
    siteCode: r.siteCode,
    siteName: r.siteName,
    url: r.url,
    title: r.title,
    measuredAt: r.measuredAt,
    score: r.score,
    grade: r.grade as Grade,
    ghgGrams: r.ghg,
    waterCl: r.water,
    dom: r.dom,
    requests: r.requests,
    sizeKb: r.sizeKb,
    methodVersion: r.methodVersion,
  };
}

/** The latest measurement of each URL in scope, by site then URL. */
export function pageEcoIndex(db: Db, scope: InsightScope = {}): PageEcoIndex[] {
  return listLatestMeasuredPages(db, toReadScope(scope)).map(toPage);
}

/** Every successful measurement in scope (all campaigns), oldest first. */
export function allMeasurements(db: Db, scope: InsightScope = {}): PageEcoIndex[] {
  return listMeasuredPages(db, toReadScope(scope)).map(toPage);
}

interface Aggregate {
  pages: number;
  averageScore: number | null;
  grade: Grade | null;
  averageGhgGrams: number | null;
  averageWaterCl: number | null;
  gradeDistribution: GradeDistribution;
}

function aggregate(pages: readonly PageEcoIndex[]): Aggregate {
  const averageScore = mean(pages.map((p) => p.score));
  return {
    pages: pages.length,
    averageScore,
    grade: gradeOf(averageScore),
    averageGhgGrams: mean(pages.map((p) => p.ghgGrams)),
    averageWaterCl: mean(pages.map((p) => p.waterCl)),
    gradeDistribution: distribution(pages.map((p) => p.grade)),
  };
}

export function gradeDistribution(db: Db, scope: InsightScope = {}): GradeDistribution {
  return distribution(pageEcoIndex(db, scope).map((p) => p.grade));
}

/** Per web site: mean EcoIndex and grade mix over the latest measurement of each of its URLs. */
export function siteEcoIndex(db: Db, scope: InsightScope = {}, latest = pageEcoIndex(db, scope)): SiteEcoIndex[] {
  const bySite = new Map<string, PageEcoIndex[]>();
  for (const p of latest) {
    const key = p.siteCode ?? '';
    if (!bySite.has(key)) bySite.set(key, []);
    bySite.get(key)!.push(p);
  }
  return [...bySite.values()].map((pages) => ({
    siteCode: pages[0].siteCode,
    siteName: pages[0].siteName,
    ...aggregate(pages),
    averageDom: mean(pages.map((p) => p.dom)),
    averageRequests: mean(pages.map((p) => p.requests)),
    averageSizeKb: mean(pages.map((p) => p.sizeKb)),
    lastMeasuredAt: pages.reduce((m, p) => (p.measuredAt > m ? p.measuredAt : m), pages[0].measuredAt),
  }));
}

/** One point per campaign: the mean of every page it measured in scope. */
export function ecoIndexTrend(
  db: Db,
  scope: InsightScope = {},
  all = allMeasurements(db, scope),
  runs = listRunsInScope(db, toReadScope(scope)),
): TrendPoint[] {
  const byRun = new Map<number, PageEcoIndex[]>();
  for (const p of all) {
    if (!byRun.has(p.runId)) byRun.set(p.runId, []);
    byRun.get(p.runId)!.push(p);
  }
  return runs
    .filter((r) => byRun.has(r.id))
    .map((r) => {
      const { pages, ...rest } = aggregate(byRun.get(r.id)!);
      return { runId: r.id, runLabel: r.label, startedAt: r.startedAt, pages, ...rest };
    });
}

/** The lowest-scoring URLs (latest measurement), worst first; ties by URL for a stable order. */
export function worstPages(db: Db, scope: InsightScope = {}, limit = 10, latest = pageEcoIndex(db, scope)): PageEcoIndex[] {
  return [...latest]
    .sort((a, b) => a.score - b.score || a.url.localeCompare(b.url) || a.pageId - b.pageId)
    .slice(0, limit);
}

export function failedMeasurements(db: Db, scope: InsightScope = {}): FailedMeasurement[] {
  return listFailedPages(db, toReadScope(scope)).map((f) => ({
    pageId: f.pageId,
    runId: f.runId,
    runLabel: f.runLabel,
    siteCode: f.siteCode,
    url: f.url,
    reason: f.error?.trim() || 'unknown',
    errorCode: f.errorCode,
    attempts: f.attempts,
    at: f.at,
  }));
}

export function webOverview(
  db: Db,
  scope: InsightScope = {},
  latest = pageEcoIndex(db, scope),
  all = allMeasurements(db, scope),
  failures = failedMeasurements(db, scope),
): WebOverview {
  const agg = aggregate(latest);
  const days = all.map((p) => p.measuredAt).sort();
  return {
    campaigns: new Set(all.map((p) => p.runId)).size,
    sites: new Set(latest.map((p) => p.siteCode ?? '')).size,
    urls: latest.length,
    measurements: all.length,
    failedMeasurements: failures.length,
    averageScore: agg.averageScore,
    grade: agg.grade,
    averageGhgGrams: agg.averageGhgGrams,
    averageWaterCl: agg.averageWaterCl,
    gradeDistribution: agg.gradeDistribution,
    firstMeasuredAt: days[0] ?? null,
    lastMeasuredAt: days[days.length - 1] ?? null,
    methodVersions: [...new Set(all.map((p) => p.methodVersion ?? 'unknown'))].sort(),
  };
}

/** Each journey's steps (per site) from the latest run that played it, in step order (issue 13.3). */
export function journeySteps(db: Db, scope: InsightScope = {}): JourneyStepEcoIndex[] {
  return listLatestJourneySteps(db, toReadScope(scope)).map((r) => ({
    pageId: r.pageId,
    runId: r.runId,
    runLabel: r.runLabel,
    siteCode: r.siteCode,
    siteName: r.siteName,
    journey: r.journey,
    stepIndex: r.stepIndex,
    stepName: r.stepName,
    url: r.finalUrl ?? r.url,
    status: r.status,
    reason: r.error,
    errorCode: r.errorCode,
    measuredAt: r.measuredAt,
    score: r.score,
    grade: r.grade as Grade | null,
    ghgGrams: r.ghg,
    waterCl: r.water,
    dom: r.dom,
    requests: r.requests,
    sizeKb: r.sizeKb,
  }));
}
