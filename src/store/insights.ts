import type { RuleResult } from '../model/rules.js';
import type { Db } from './database.js';
import { listRuleResults } from './rule-results.js';

/**
 * Read-only queries behind src/insights (the report and the dashboard). Rows are returned as stored; the figures
 * (averages, grades, deltas) are computed in src/insights so that they are computed in one place.
 */

/** Which pages, sites and dates a read covers. Dates are ISO days (YYYY-MM-DD), both ends included. */
export interface ReadScope {
  siteCodes?: readonly string[];
  from?: string;
  to?: string;
}

export interface MeasuredPageRow {
  pageId: number;
  runId: number;
  runLabel: string;
  runStartedAt: string;
  siteCode: string | null;
  siteName: string | null;
  url: string;
  finalUrl: string | null;
  title: string | null;
  measuredAt: string;
  httpStatus: number | null;
  dom: number;
  requests: number;
  sizeKb: number;
  score: number;
  scoreRaw: number | null;
  grade: string;
  ghg: number;
  water: number;
  methodVersion: string | null;
  browserVersion: string | null;
}

export interface FailedPageRow {
  pageId: number;
  runId: number;
  runLabel: string;
  siteCode: string | null;
  url: string;
  error: string | null;
  errorCode: string | null;
  attempts: number;
  at: string;
}

export interface RunRow {
  id: number;
  label: string;
  kind: string;
  status: string;
  startedAt: string;
  finishedAt: string | null;
  toolVersion: string;
  methodVersion: string;
  browserVersion: string | null;
  settingsJson: string;
  pagesOk: number;
  pagesFailed: number;
  pagesPending: number;
}

/** A page's date is when it was measured, or its run's start when it never finished. */
const PAGE_DAY = `substr(COALESCE(p.finished_at, r.started_at), 1, 10)`;

function scopeWhere(scope: ReadScope, dayExpr: string, siteExpr: string): { sql: string; params: unknown[] } {
  const parts: string[] = [];
  const params: unknown[] = [];
  if (scope.from) {
    parts.push(`${dayExpr} >= ?`);
    params.push(scope.from);
  }
  if (scope.to) {
    parts.push(`${dayExpr} <= ?`);
    params.push(scope.to);
  }
  if (scope.siteCodes && scope.siteCodes.length) {
    parts.push(`${siteExpr} IN (${scope.siteCodes.map(() => '?').join(',')})`);
    params.push(...scope.siteCodes);
  }
  return { sql: parts.length ? ' AND ' + parts.join(' AND ') : '', params };
}

const MEASURED_COLUMNS = `p.id AS pageId, p.run_id AS runId, r.label AS runLabel, r.started_at AS runStartedAt,
  s.code AS siteCode, s.name AS siteName, p.url, p.final_url AS finalUrl, p.title,
  COALESCE(p.finished_at, r.started_at) AS measuredAt, p.http_status AS httpStatus, p.dom, p.requests,
  p.size_kb AS sizeKb, p.score, p.score_raw AS scoreRaw, p.grade, p.ghg, p.water,
  COALESCE(p.method_version, r.method_version) AS methodVersion, COALESCE(p.browser_version, r.browser_version) AS browserVersion`;

/** Every successfully measured page in scope, oldest run first. */
export function listMeasuredPages(db: Db, scope: ReadScope = {}): MeasuredPageRow[] {
  const w = scopeWhere(scope, PAGE_DAY, 's.code');
  return db
    .prepare(
      `SELECT ${MEASURED_COLUMNS}
       FROM pages p JOIN runs r ON r.id = p.run_id LEFT JOIN sites s ON s.id = p.site_id
       WHERE p.status = 'ok' AND p.score IS NOT NULL AND p.journey IS NULL${w.sql}
       ORDER BY r.started_at, r.id, p.position, p.id`,
    )
    .all(...w.params) as MeasuredPageRow[];
}

/** The latest successful measurement of each (site, URL) in scope. */
export function listLatestMeasuredPages(db: Db, scope: ReadScope = {}): MeasuredPageRow[] {
  const w = scopeWhere(scope, PAGE_DAY, 's.code');
  return db
    .prepare(
      `WITH ranked AS (
         SELECT ${MEASURED_COLUMNS},
           ROW_NUMBER() OVER (PARTITION BY p.site_id, p.url
                              ORDER BY COALESCE(p.finished_at, r.started_at) DESC, p.id DESC) AS rn
         FROM pages p JOIN runs r ON r.id = p.run_id LEFT JOIN sites s ON s.id = p.site_id
         WHERE p.status = 'ok' AND p.score IS NOT NULL AND p.journey IS NULL${w.sql})
       SELECT * FROM ranked WHERE rn = 1 ORDER BY siteCode, url, pageId`,
    )
    .all(...w.params)
    .map((row) => {
      const { rn: _rn, ...rest } = row as MeasuredPageRow & { rn: number };
      return rest;
    });
}

/** Every failed measurement in scope with its stored reason. */
export function listFailedPages(db: Db, scope: ReadScope = {}): FailedPageRow[] {
  const w = scopeWhere(scope, PAGE_DAY, 's.code');
  return db
    .prepare(
      `SELECT p.id AS pageId, p.run_id AS runId, r.label AS runLabel, s.code AS siteCode, p.url, p.error,
         p.error_code AS errorCode, p.attempts, COALESCE(p.finished_at, r.started_at) AS at
       FROM pages p JOIN runs r ON r.id = p.run_id LEFT JOIN sites s ON s.id = p.site_id
       WHERE p.status = 'failed' AND p.journey IS NULL${w.sql}
       ORDER BY r.started_at, r.id, p.position, p.id`,
    )
    .all(...w.params) as FailedPageRow[];
}

/** A measure step of a user journey as stored (issue 13.3): figures when measured, the reason when not. */
export interface JourneyStepRow {
  pageId: number;
  runId: number;
  runLabel: string;
  siteCode: string | null;
  siteName: string | null;
  journey: string;
  stepIndex: number;
  stepName: string;
  url: string;
  finalUrl: string | null;
  status: 'ok' | 'failed';
  error: string | null;
  errorCode: string | null;
  measuredAt: string;
  dom: number | null;
  requests: number | null;
  sizeKb: number | null;
  score: number | null;
  grade: string | null;
  ghg: number | null;
  water: number | null;
}

/**
 * The steps of each journey (per site) from the latest run in scope that played it, in step order. Journey steps
 * are kept out of the page queries above: their figures count from the previous step, not from an empty page.
 */
export function listLatestJourneySteps(db: Db, scope: ReadScope = {}): JourneyStepRow[] {
  const w = scopeWhere(scope, PAGE_DAY, 's.code');
  return db
    .prepare(
      `WITH latest AS (
         SELECT p.site_id AS siteId, p.journey, MAX(p.run_id) AS runId
         FROM pages p JOIN runs r ON r.id = p.run_id LEFT JOIN sites s ON s.id = p.site_id
         WHERE p.journey IS NOT NULL AND p.status <> 'pending'${w.sql}
         GROUP BY p.site_id, p.journey)
       SELECT p.id AS pageId, p.run_id AS runId, r.label AS runLabel, s.code AS siteCode, s.name AS siteName, p.journey,
         p.step_index AS stepIndex, p.step_name AS stepName, p.url, p.final_url AS finalUrl, p.status, p.error,
         p.error_code AS errorCode, COALESCE(p.finished_at, r.started_at) AS measuredAt, p.dom, p.requests,
         p.size_kb AS sizeKb, p.score, p.grade, p.ghg, p.water
       FROM pages p JOIN latest l ON l.runId = p.run_id AND l.journey = p.journey AND l.siteId IS p.site_id
         JOIN runs r ON r.id = p.run_id LEFT JOIN sites s ON s.id = p.site_id
       WHERE p.status <> 'pending'
       ORDER BY s.code, p.journey, p.step_index`,
    )
    .all(...w.params) as JourneyStepRow[];
}

/** Runs that started in scope, with their page counts (restricted to the scope's sites when given). */
export function listRunsInScope(db: Db, scope: ReadScope = {}): RunRow[] {
  const dates = scopeWhere({ from: scope.from, to: scope.to }, 'substr(r.started_at, 1, 10)', '');
  const sites = scope.siteCodes?.length
    ? ` AND p.site_id IN (SELECT id FROM sites WHERE code IN (${scope.siteCodes.map(() => '?').join(',')}))`
    : '';
  const rows = db
    .prepare(
      `SELECT r.id, r.label, r.kind, r.status, r.started_at AS startedAt, r.finished_at AS finishedAt,
         r.tool_version AS toolVersion, r.method_version AS methodVersion, r.browser_version AS browserVersion,
         r.settings_json AS settingsJson,
         COALESCE(SUM(p.status = 'ok'), 0) AS pagesOk, COALESCE(SUM(p.status = 'failed'), 0) AS pagesFailed,
         COALESCE(SUM(p.status = 'pending'), 0) AS pagesPending
       FROM runs r LEFT JOIN pages p ON p.run_id = r.id${sites}
       WHERE 1 = 1${dates.sql}
       GROUP BY r.id ORDER BY r.started_at, r.id`,
    )
    .all(...(scope.siteCodes ?? []), ...dates.params) as RunRow[];
  return scope.siteCodes?.length ? rows.filter((r) => r.pagesOk + r.pagesFailed + r.pagesPending > 0) : rows;
}

/**
 * The latest date written anywhere in the store (runs, pages, assessments, devices, imports, readings). Reports use
 * it as their "as of" date when no period is given, so the same store gives the same figures whenever it is read.
 */
export function latestStoredDate(db: Db): string | null {
  const row = db
    .prepare(
      `SELECT MAX(d) AS d FROM (
         SELECT MAX(started_at) AS d FROM runs UNION ALL SELECT MAX(finished_at) FROM pages
         UNION ALL SELECT MAX(assessed_at) FROM practice_assessments UNION ALL SELECT MAX(updated_at) FROM devices
         UNION ALL SELECT MAX(imported_at) FROM imports UNION ALL SELECT MAX(imported_at) FROM energy_readings)`,
    )
    .get() as { d: string | null };
  return row.d;
}

/** Codes of the sites in scope of a given kind, by code (all of that kind when no codes are given). */
export function siteCodesOfKind(db: Db, kind: string, siteCodes?: readonly string[]): string[] {
  const rows = db.prepare('SELECT code FROM sites WHERE kind = ? ORDER BY code').all(kind) as { code: string }[];
  const codes = rows.map((r) => r.code);
  return siteCodes?.length ? codes.filter((c) => siteCodes.includes(c)) : codes;
}

/** What the store holds at all (the dashboard's first-steps page and overview). */
export interface StoreContents {
  runs: number;
  measuredPages: number;
  devices: number;
  assessments: number;
  sites: number;
  lastRunAt: string | null;
}

export function storeContents(db: Db): StoreContents {
  return db
    .prepare(
      `SELECT (SELECT COUNT(*) FROM runs) AS runs,
              (SELECT COUNT(*) FROM pages WHERE status = 'ok') AS measuredPages,
              (SELECT COUNT(*) FROM devices) AS devices,
              (SELECT COUNT(*) FROM practice_assessments) AS assessments,
              (SELECT COUNT(*) FROM sites) AS sites,
              (SELECT MAX(started_at) FROM runs) AS lastRunAt`,
    )
    .get() as StoreContents;
}

export interface PageDetail {
  pageId: number;
  runId: number;
  runLabel: string;
  siteCode: string | null;
  siteName: string | null;
  url: string;
  finalUrl: string | null;
  title: string | null;
  status: 'pending' | 'ok' | 'failed';
  error: string | null;
  measuredAt: string | null;
  httpStatus: number | null;
  dom: number | null;
  requests: number | null;
  sizeKb: number | null;
  score: number | null;
  grade: string | null;
  ghgGrams: number | null;
  waterCl: number | null;
  methodVersion: string | null;
  rules: RuleResult[];
}

/** One page's measurement with its automated check results (the dashboard's page view). */
export function pageDetail(db: Db, pageId: number): PageDetail | undefined {
  const row = db
    .prepare(
      `SELECT p.id AS pageId, p.run_id AS runId, r.label AS runLabel, s.code AS siteCode, s.name AS siteName,
         p.url, p.final_url AS finalUrl, p.title, p.status, p.error,
         COALESCE(p.finished_at, r.started_at) AS measuredAt, p.http_status AS httpStatus, p.dom, p.requests,
         p.size_kb AS sizeKb, p.score, p.grade, p.ghg AS ghgGrams, p.water AS waterCl,
         COALESCE(p.method_version, r.method_version) AS methodVersion
       FROM pages p JOIN runs r ON r.id = p.run_id LEFT JOIN sites s ON s.id = p.site_id WHERE p.id = ?`,
    )
    .get(pageId) as Omit<PageDetail, 'rules'> | undefined;
  if (!row) return undefined;
  return { ...row, rules: listRuleResults(db, pageId) };
}
