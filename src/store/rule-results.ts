import type { RuleResult } from '../model/rules.js';
import type { Db } from './database.js';
import { nowIso } from './database.js';

/** Replaces a page's automated check results (call inside the page's transaction). */
export function replaceRuleResults(db: Db, pageId: number, results: readonly RuleResult[]): void {
  db.prepare('DELETE FROM rule_results WHERE page_id = ?').run(pageId);
  const insert = db.prepare(
    `INSERT INTO rule_results (page_id, rule_id, rule_version, practices_json, status, grade, value, threshold,
       evidence_json, message, judged_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const judgedAt = nowIso();
  for (const r of results) {
    insert.run(
      pageId,
      r.id,
      r.version,
      JSON.stringify(r.practices),
      r.status,
      r.grade,
      r.value,
      r.threshold,
      JSON.stringify(r.evidence),
      r.message ?? null,
      judgedAt,
    );
  }
}

/** A rule_results row as selected with its own column names. */
export interface RuleRow {
  rule_id: string;
  rule_version: string;
  practices_json: string;
  status: RuleResult['status'];
  grade: RuleResult['grade'];
  value: number | null;
  threshold: string | null;
  evidence_json: string;
  message: string | null;
}

/** A page's stored verdicts (no evidence), keyed by rule id: what a re-judgement compares against. */
export function ruleOutcomesOfPage(
  db: Db,
  pageId: number,
): Map<string, Pick<RuleResult, 'status' | 'grade' | 'value'>> {
  const rows = db
    .prepare('SELECT rule_id, status, grade, value FROM rule_results WHERE page_id = ?')
    .all(pageId) as Array<Pick<RuleRow, 'rule_id' | 'status' | 'grade' | 'value'>>;
  return new Map(rows.map((r) => [r.rule_id, { status: r.status, grade: r.grade, value: r.value }]));
}

export function listRuleResults(db: Db, pageId: number): RuleResult[] {
  const rows = db
    .prepare('SELECT * FROM rule_results WHERE page_id = ? ORDER BY rule_id')
    .all(pageId) as RuleRow[];
  return rows.map(ruleResultFromRow);
}

/** The one mapping from a stored rule_results row to a RuleResult. */
export function ruleResultFromRow(r: RuleRow): RuleResult {
  return {
    id: r.rule_id,
    version: r.rule_version,
    practices: JSON.parse(r.practices_json),
    status: r.status,
    grade: r.grade,
    value: r.value,
    threshold: r.threshold,
    evidence: JSON.parse(r.evidence_json),
    ...(r.message ? { message: r.message } : {}),
  };
}
