import { deflateSync, inflateSync } from 'node:zlib';
import type { PageArtifacts } from '../model/artifacts.js';
import { storableArtifacts } from '../model/artifact-privacy.js';
import type { RuleResult } from '../model/rules.js';
import type { Db } from './database.js';
import { nowIso } from './database.js';
import { replaceRuleResults } from './rule-results.js';

export type PageStatus = 'pending' | 'ok' | 'failed';

export interface PlannedPage {
  id: number;
  url: string;
  siteId: number | null;
  position: number;
  attempts: number;
  /** A journey's measure step: the journey's name and the step's position among its measures; null for a page. */
  journey: string | null;
  stepIndex: number | null;
  stepName: string | null;
}

/** Inserts the run's pages as 'pending' (a URL already planned in this run is kept once). Returns how many were new. */
export function planPages(db: Db, runId: number, targets: ReadonlyArray<{ url: string; siteId: number | null }>): number {
  const insert = db.prepare(
    `INSERT INTO pages (run_id, site_id, url, position, status) VALUES (?, ?, ?, ?, 'pending')
     ON CONFLICT (run_id, url) WHERE journey IS NULL DO NOTHING`,
  );
  const start = (db.prepare('SELECT COALESCE(MAX(position), -1) + 1 AS n FROM pages WHERE run_id = ?').get(runId) as { n: number }).n;
  let added = 0;
  db.transaction(() => {
    targets.forEach((t, i) => {
      added += insert.run(runId, t.siteId, t.url, start + i).changes;
    });
  })();
  return added;
}

/**
 * Plans a journey's measure steps as pending pages (after the run's other pages), each with the URL of the goto
 * before it (its final URL is stored once measured).
 */
export function planJourneySteps(
  db: Db,
  runId: number,
  siteId: number | null,
  journey: string,
  steps: ReadonlyArray<{ stepIndex: number; name: string; url: string }>,
): void {
  const insert = db.prepare(
    `INSERT INTO pages (run_id, site_id, url, position, status, journey, step_index, step_name)
     VALUES (?, ?, ?, ?, 'pending', ?, ?, ?)`,
  );
  const start = (db.prepare('SELECT COALESCE(MAX(position), -1) + 1 AS n FROM pages WHERE run_id = ?').get(runId) as { n: number }).n;
  db.transaction(() => {
    steps.forEach((s, i) => insert.run(runId, siteId, s.url, start + i, journey, s.stepIndex, s.name));
  })();
}

const PLANNED_COLUMNS = 'id, url, site_id AS siteId, position, attempts, journey, step_index AS stepIndex, step_name AS stepName';

export function listPendingPages(db: Db, runId: number): PlannedPage[] {
  return db
    .prepare(`SELECT ${PLANNED_COLUMNS} FROM pages WHERE run_id = ? AND status = 'pending' ORDER BY position`)
    .all(runId) as PlannedPage[];
}

/** Every planned step of one journey of a run, in step order (a journey is measured whole). */
export function listJourneySteps(db: Db, runId: number, journey: string): PlannedPage[] {
  return db
    .prepare(`SELECT ${PLANNED_COLUMNS} FROM pages WHERE run_id = ? AND journey = ? ORDER BY step_index`)
    .all(runId, journey) as PlannedPage[];
}

export function markPageStarted(db: Db, pageId: number): void {
  db.prepare('UPDATE pages SET started_at = ?, attempts = attempts + 1 WHERE id = ?').run(nowIso(), pageId);
}

/** How many pages a run plans, whatever their status. */
export function countRunPages(db: Db, runId: number): number {
  return (db.prepare('SELECT COUNT(*) AS n FROM pages WHERE run_id = ?').get(runId) as { n: number }).n;
}

/** The sites a run's pages belong to (null for pages planned without a site). */
export function listRunSiteIds(db: Db, runId: number): Array<number | null> {
  return (db.prepare('SELECT DISTINCT site_id AS id FROM pages WHERE run_id = ?').all(runId) as Array<{ id: number | null }>).map((r) => r.id);
}

/** Failed pages of a run counted by error code, e.g. { timeout: 2, 'http-status': 1 }. */
export function countFailuresByCode(db: Db, runId: number): Record<string, number> {
  const rows = db
    .prepare("SELECT error_code AS code, COUNT(*) AS n FROM pages WHERE run_id = ? AND status = 'failed' GROUP BY error_code")
    .all(runId) as Array<{ code: string; n: number }>;
  return Object.fromEntries(rows.map((r) => [r.code, r.n]));
}

export interface MeasuredPage {
  finalUrl: string;
  httpStatus: number;
  title: string;
  dom: number;
  requests: number;
  sizeKb: number;
  failedRequests: number;
  metrics: unknown;
  score: number;
  scoreRaw: number;
  grade: string;
  ghg: number;
  water: number;
  methodVersion: string;
  browserVersion: string;
  lighthouse?: unknown;
}

/**
 * Saves a measured page, its deflated artifacts and its check results in ONE transaction. The artifacts are stored
 * without credentials (Cookie, Set-Cookie, Authorization… values) and capped: see src/model/artifact-privacy.ts.
 */
export function savePageResult(
  db: Db,
  pageId: number,
  page: MeasuredPage,
  artifacts: PageArtifacts,
  ruleResults: readonly RuleResult[],
): void {
  const blob = deflateSync(JSON.stringify(storableArtifacts(artifacts)));
  db.transaction(() => {
    db.prepare(
      `UPDATE pages SET status = 'ok', error = NULL, error_code = NULL, finished_at = @finishedAt, final_url = @finalUrl,
         http_status = @httpStatus, title = @title, dom = @dom, requests = @requests, size_kb = @sizeKb,
         failed_requests = @failedRequests, metrics_json = @metricsJson, score = @score, score_raw = @scoreRaw,
         grade = @grade, ghg = @ghg, water = @water, method_version = @methodVersion,
         browser_version = @browserVersion, lighthouse_json = @lighthouseJson
       WHERE id = @id`,
    ).run({
      id: pageId,
      finishedAt: nowIso(),
      finalUrl: page.finalUrl,
      httpStatus: page.httpStatus,
      title: page.title,
      dom: page.dom,
      requests: page.requests,
      sizeKb: page.sizeKb,
      failedRequests: page.failedRequests,
      metricsJson: JSON.stringify(page.metrics),
      score: page.score,
      scoreRaw: page.scoreRaw,
      grade: page.grade,
      ghg: page.ghg,
      water: page.water,
      methodVersion: page.methodVersion,
      browserVersion: page.browserVersion,
      lighthouseJson: page.lighthouse === undefined ? null : JSON.stringify(page.lighthouse),
    });
    db.prepare(
      `INSERT INTO page_artifacts (page_id, schema_version, artifacts) VALUES (?, ?, ?)
       ON CONFLICT (page_id) DO UPDATE SET schema_version = excluded.schema_version, artifacts = excluded.artifacts`,
    ).run(pageId, artifacts.schemaVersion, blob);
    replaceRuleResults(db, pageId, ruleResults);
  })();
}

/** Stores a page that could not be measured, with its reason: a failure is a result, never dropped. */
export function savePageFailure(
  db: Db,
  pageId: number,
  failure: PageFailureRecord,
): void {
  db.prepare(
    `UPDATE pages SET status = 'failed', error = ?, error_code = ?, http_status = ?, final_url = ?, browser_version = ?,
       finished_at = ? WHERE id = ?`,
  ).run(failure.error, failure.errorCode, failure.httpStatus, failure.finalUrl, failure.browserVersion, nowIso(), pageId);
}

export type PageFailureRecord = {
  error: string;
  errorCode: string;
  httpStatus: number | null;
  finalUrl: string | null;
  browserVersion: string | null;
};

/**
 * A page's outcome as the store keeps it: measured (figures, artifacts, check results) or failed (reason).
 * `attempts`, when given, replaces the stored count (a coordinator that measured elsewhere, e.g. a queue worker).
 */
export type PageRecord =
  | { status: 'ok'; page: MeasuredPage; artifacts: PageArtifacts; ruleResults: readonly RuleResult[]; attempts?: number; measurements?: readonly MeasurementRow[] }
  | ({ status: 'failed'; attempts?: number; measurements?: readonly MeasurementRow[] } & PageFailureRecord);

/** One of a page's repeated measurements (`audit --repeat N`). */
export interface MeasurementRow {
  repeatIndex: number;
  status: 'ok' | 'failed';
  error: string | null;
  errorCode: string | null;
  dom: number | null;
  requests: number | null;
  sizeKb: number | null;
  score: number | null;
  scoreRaw: number | null;
  grade: string | null;
  measuredAt: string;
}

/**
 * Stores a page's outcome, measured or failed, with its repeated measurements if any, in ONE transaction: the only
 * write a coordinator needs per page.
 */
export function recordPageResult(db: Db, pageId: number, record: PageRecord): void {
  db.transaction(() => {
    if (record.status === 'ok') savePageResult(db, pageId, record.page, record.artifacts, record.ruleResults);
    else savePageFailure(db, pageId, record);
    if (record.attempts !== undefined) db.prepare('UPDATE pages SET attempts = ? WHERE id = ?').run(record.attempts, pageId);
    if (record.measurements?.length) {
      db.prepare('DELETE FROM page_measurements WHERE page_id = ?').run(pageId);
      const insert = db.prepare(
        `INSERT INTO page_measurements (page_id, repeat_index, status, error, error_code, dom, requests, size_kb, score, score_raw, grade, measured_at)
         VALUES (@pageId, @repeatIndex, @status, @error, @errorCode, @dom, @requests, @sizeKb, @score, @scoreRaw, @grade, @measuredAt)`,
      );
      for (const m of record.measurements) insert.run({ pageId, ...m });
    }
  })();
}

/** The repeated measurements of a run's pages, by page id, in repeat order (pages measured once have none). */
export function listRunMeasurements(db: Db, runId: number): Map<number, MeasurementRow[]> {
  const rows = db
    .prepare(
      `SELECT m.page_id AS pageId, m.repeat_index AS repeatIndex, m.status, m.error, m.error_code AS errorCode, m.dom, m.requests,
              m.size_kb AS sizeKb, m.score, m.score_raw AS scoreRaw, m.grade, m.measured_at AS measuredAt
       FROM page_measurements m JOIN pages p ON p.id = m.page_id WHERE p.run_id = ? ORDER BY m.page_id, m.repeat_index`,
    )
    .all(runId) as Array<MeasurementRow & { pageId: number }>;
  const byPage = new Map<number, MeasurementRow[]>();
  for (const { pageId, ...m } of rows) {
    const list = byPage.get(pageId) ?? [];
    list.push(m);
    byPage.set(pageId, list);
  }
  return byPage;
}

export interface PageRow {
  id: number;
  runId: number;
  siteCode: string | null;
  url: string;
  position: number;
  status: PageStatus;
  error: string | null;
  errorCode: string | null;
  attempts: number;
  startedAt: string | null;
  finishedAt: string | null;
  finalUrl: string | null;
  httpStatus: number | null;
  title: string | null;
  dom: number | null;
  requests: number | null;
  sizeKb: number | null;
  failedRequests: number | null;
  metrics: Record<string, unknown> | null;
  score: number | null;
  scoreRaw: number | null;
  grade: string | null;
  ghg: number | null;
  water: number | null;
  methodVersion: string | null;
  browserVersion: string | null;
  lighthouse: unknown;
  /** A journey's measure step (issue 13.3); null for a page. */
  journey: string | null;
  stepIndex: number | null;
  stepName: string | null;
}

export function listPages(db: Db, runId: number): PageRow[] {
  const rows = db
    .prepare(
      `SELECT p.*, s.code AS site_code FROM pages p LEFT JOIN sites s ON s.id = p.site_id
       WHERE p.run_id = ? ORDER BY p.position`,
    )
    .all(runId) as Array<Record<string, unknown>>;
  return rows.map((r) => ({
    id: r.id as number,
    runId: r.run_id as number,
    siteCode: (r.site_code as string | null) ?? null,
    url: r.url as string,
    position: r.position as number,
    status: r.status as PageStatus,
    error: r.error as string | null,
    errorCode: r.error_code as string | null,
    attempts: r.attempts as number,
    startedAt: r.started_at as string | null,
    finishedAt: r.finished_at as string | null,
    finalUrl: r.final_url as string | null,
    httpStatus: r.http_status as number | null,
    title: r.title as string | null,
    dom: r.dom as number | null,
    requests: r.requests as number | null,
    sizeKb: r.size_kb as number | null,
    failedRequests: r.failed_requests as number | null,
    metrics: r.metrics_json ? JSON.parse(r.metrics_json as string) : null,
    score: r.score as number | null,
    scoreRaw: r.score_raw as number | null,
    grade: r.grade as string | null,
    ghg: r.ghg as number | null,
    water: r.water as number | null,
    methodVersion: r.method_version as string | null,
    browserVersion: r.browser_version as string | null,
    lighthouse: r.lighthouse_json ? JSON.parse(r.lighthouse_json as string) : null,
    journey: (r.journey as string | null) ?? null,
    stepIndex: (r.step_index as number | null) ?? null,
    stepName: (r.step_name as string | null) ?? null,
  }));
}

/** A page's stored artifacts, inflated (for re-judging without a browser); undefined when none were stored. */
export function getPageArtifacts(db: Db, pageId: number): PageArtifacts | undefined {
  const row = db.prepare('SELECT artifacts FROM page_artifacts WHERE page_id = ?').get(pageId) as { artifacts: Buffer } | undefined;
  return row && (JSON.parse(inflateSync(row.artifacts).toString('utf8')) as PageArtifacts);
}

/** Score min–max of each given page measured successfully at least twice (`audit --repeat`); others are left out. */
export function scoreRangesOfPages(db: Db, pageIds: readonly number[]): Map<number, { n: number; min: number; max: number }> {
  if (!pageIds.length) return new Map();
  const rows = db
    .prepare(
      `SELECT page_id AS pageId, COUNT(*) AS n, MIN(score) AS min, MAX(score) AS max FROM page_measurements
       WHERE status = 'ok' AND score IS NOT NULL AND page_id IN (SELECT value FROM json_each(?))
       GROUP BY page_id HAVING COUNT(*) >= 2`,
    )
    .all(JSON.stringify(pageIds)) as Array<{ pageId: number; n: number; min: number; max: number }>;
  return new Map(rows.map(({ pageId, ...r }) => [pageId, r]));
}
