import type { Db } from '../../src/store/database.js';
import { computeEcoIndex } from '../../src/scoring/ecoindex.js';

/**
 * Seeds runs and pages directly through SQL, for read-model tests that must not depend on a browser.
 * Scores come from the published method (computeEcoIndex) so the stored rows are consistent.
 */
export function seedRun(db: Db, run: { label: string; startedAt: string }): number {
  return Number(
    db
      .prepare(
        `INSERT INTO runs (label, kind, status, started_at, finished_at, settings_json, tool_version, method_version)
         VALUES (?, 'audit', 'finished', ?, ?, '{}', 'test', 'ecoindex-5.0')`,
      )
      .run(run.label, run.startedAt, run.startedAt).lastInsertRowid,
  );
}

export function seedSite(db: Db, code: string, kind = 'web', name = code): number {
  return Number(
    db.prepare(`INSERT INTO sites (code, name, kind, created_at) VALUES (?, ?, ?, '2025-01-01T00:00:00Z')`).run(code, name, kind)
      .lastInsertRowid,
  );
}

let position = 0;
export function seedPage(
  db: Db,
  p: { runId: number; siteId: number; url: string; at: string; dom: number; requests: number; sizeKb: number; title?: string },
): number {
  const e = computeEcoIndex(p);
  return Number(
    db
      .prepare(
        `INSERT INTO pages (run_id, site_id, url, position, status, attempts, started_at, finished_at, title, dom, requests,
           size_kb, score, score_raw, grade, ghg, water, method_version)
         VALUES (?, ?, ?, ?, 'ok', 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(p.runId, p.siteId, p.url, position++, p.at, p.at, p.title ?? p.url, p.dom, p.requests, p.sizeKb, e.score, e.scoreRaw,
        e.grade, e.ghg, e.water, e.methodVersion).lastInsertRowid,
  );
}

export function seedFailedPage(db: Db, p: { runId: number; siteId: number; url: string; at: string; error: string }): number {
  return Number(
    db
      .prepare(
        `INSERT INTO pages (run_id, site_id, url, position, status, error, error_code, attempts, started_at, finished_at)
         VALUES (?, ?, ?, ?, 'failed', ?, 'net', 2, ?, ?)`,
      )
      .run(p.runId, p.siteId, p.url, position++, p.error, p.at, p.at).lastInsertRowid,
  );
}
