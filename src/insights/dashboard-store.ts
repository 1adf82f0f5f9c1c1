import type { Db } from '../store/database.js';
import { listRuleResults } from '../store/rule-results.js';
import type { RuleResult } from '../model/rules.js';

/**
 * Reads the dashboard needs beyond the shared read model (src/insights/index.ts): what the store holds at all
 * (for the first-steps page) and one page's detail. Figures stay in the shared modules.
 */

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
