import type { RuleResult } from '../model/rules.js';
import type { Db } from './database.js';
import { ruleResultFromRow, type RuleRow } from './rule-results.js';

/** Store side of the auditor's assessment of RWEB practices and of the automated results they merge with. */

export const ASSESSMENT_STATUSES = ['compliant', 'non-compliant', 'not-applicable', 'in-progress'] as const;
export type AssessmentStatus = (typeof ASSESSMENT_STATUSES)[number];

export interface NewAssessment {
  siteId: number;
  practiceId: string;
  status: AssessmentStatus;
  evidence?: string | null;
  evidenceFile?: string | null;
  justification?: string | null;
  /** Id of the automated check this assessment overrides (a false positive or negative). */
  overridesRule?: string | null;
  author: string;
  /** ISO date-time; now when omitted. */
  assessedAt?: string;
  /** 'cli', 'csv:<file name>'… */
  source?: string;
}

export interface Assessment {
  id: number;
  siteId: number;
  practiceId: string;
  status: AssessmentStatus;
  evidence: string | null;
  evidenceFile: string | null;
  justification: string | null;
  overridesRule: string | null;
  author: string;
  assessedAt: string;
  source: string;
}

const SELECT_ASSESSMENT = `SELECT id, site_id AS siteId, practice_id AS practiceId, status, evidence, evidence_file AS evidenceFile,
  justification, overrides_rule AS overridesRule, author, assessed_at AS assessedAt, source FROM practice_assessments`;

/** Appends one assessment (history is never rewritten: the latest row per site and practice counts). */
export function insertAssessment(db: Db, a: NewAssessment): number {
  const info = db
    .prepare(
      `INSERT INTO practice_assessments (site_id, practice_id, status, evidence, evidence_file, justification,
         overrides_rule, author, assessed_at, source) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(
      a.siteId,
      a.practiceId,
      a.status,
      a.evidence ?? null,
      a.evidenceFile ?? null,
      a.justification ?? null,
      a.overridesRule ?? null,
      a.author,
      a.assessedAt ?? new Date().toISOString(),
      a.source ?? 'cli',
    );
  return Number(info.lastInsertRowid);
}

/** Every assessment of one practice on one site, oldest first. */
export function assessmentHistory(db: Db, siteId: number, practiceId: string): Assessment[] {
  return db
    .prepare(`${SELECT_ASSESSMENT} WHERE site_id = ? AND practice_id = ? ORDER BY id`)
    .all(siteId, practiceId) as Assessment[];
}

/**
 * The latest assessment of each practice on a site (by insertion order, which is the order of record). With `atIso`,
 * the state at that instant: the latest by assessment date (then order of record) among those dated up to it, so a
 * back-dated assessment takes its place in the history.
 */
export function latestAssessments(db: Db, siteId: number, atIso?: string): Map<string, Assessment> {
  if (atIso !== undefined) {
    const dated = db
      .prepare(`${SELECT_ASSESSMENT} WHERE site_id = ? AND assessed_at <= ? ORDER BY assessed_at, id`)
      .all(siteId, atIso) as Assessment[];
    return new Map(dated.map((r) => [r.practiceId, r]));
  }
  const rows = db
    .prepare(
      `${SELECT_ASSESSMENT} WHERE id IN (SELECT max(id) FROM practice_assessments WHERE site_id = ? GROUP BY practice_id)`,
    )
    .all(siteId) as Assessment[];
  return new Map(rows.map((r) => [r.practiceId, r]));
}

export interface SiteRun {
  runId: number;
  label: string;
  startedAt: string;
}

/** The most recent run that judged pages of this site (has rule results), if any; with `atIso`, started up to it. */
export function latestJudgedRun(db: Db, siteId: number, atIso?: string): SiteRun | undefined {
  return db
    .prepare(
      `SELECT r.id AS runId, r.label, r.started_at AS startedAt FROM runs r
       WHERE EXISTS (SELECT 1 FROM pages p JOIN rule_results rr ON rr.page_id = p.id WHERE p.run_id = r.id AND p.site_id = ?)
         AND (? IS NULL OR r.started_at <= ?)
       ORDER BY r.id DESC LIMIT 1`,
    )
    .get(siteId, atIso ?? null, atIso ?? null) as SiteRun | undefined;
}

export interface PageRuleResult extends RuleResult {
  pageId: number;
  url: string;
}

/** Rule results of one run restricted to one site's pages. */
export function siteRuleResults(db: Db, siteId: number, runId: number): PageRuleResult[] {
  const rows = db
    .prepare(
      `SELECT p.id AS pageId, p.url, rr.rule_id, rr.rule_version, rr.practices_json, rr.status, rr.grade, rr.value,
         rr.threshold, rr.evidence_json, rr.message
       FROM rule_results rr JOIN pages p ON p.id = rr.page_id
       WHERE p.run_id = ? AND p.site_id = ? ORDER BY p.position, p.id, rr.rule_id`,
    )
    .all(runId, siteId) as Array<RuleRow & { pageId: number; url: string }>;
  return rows.map((r) => ({ pageId: r.pageId, url: r.url, ...ruleResultFromRow(r) }));
}

export interface StoredArtifacts {
  pageId: number;
  url: string;
  schemaVersion: number;
  /** zlib deflate of the page's PageArtifacts JSON. */
  deflated: Buffer;
}

export function runExists(db: Db, runId: number): boolean {
  return db.prepare('SELECT 1 FROM runs WHERE id = ?').get(runId) !== undefined;
}

/** Pages of a run that have stored artifacts, in page order. */
export function runArtifactPages(db: Db, runId: number): Array<{ pageId: number; url: string }> {
  return db
    .prepare(
      `SELECT p.id AS pageId, p.url FROM page_artifacts a JOIN pages p ON p.id = a.page_id
       WHERE p.run_id = ? ORDER BY p.position, p.id`,
    )
    .all(runId) as Array<{ pageId: number; url: string }>;
}

/** One page's stored artifacts (read one at a time so a large run is not held in memory). */
export function pageArtifacts(db: Db, pageId: number): StoredArtifacts | undefined {
  return db
    .prepare(
      `SELECT p.id AS pageId, p.url, a.schema_version AS schemaVersion, a.artifacts AS deflated
       FROM page_artifacts a JOIN pages p ON p.id = a.page_id WHERE a.page_id = ?`,
    )
    .get(pageId) as StoredArtifacts | undefined;
}
