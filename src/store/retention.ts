import type { Db } from './database.js';

/**
 * Retention purges (`numresp store purge`). They remove raw and detailed data and keep every figure the report, the
 * dashboard and the open-data export compute from: per-page EcoIndex figures (URL, site, campaign, dates, DOM,
 * requests, size, score, grade, GHG, water, method), failures with their reason, the latest assessment of each
 * practice, the inventory. Deleted content is overwritten (secure_delete), the file rewritten (VACUUM: needs free disk
 * space about the store's size) and the WAL truncated, so nothing purged lingers in the file.
 */

export interface PurgeOptions {
  /** Remove raw artifacts of pages measured before this ISO instant. */
  artifactsBefore?: string;
  /** Remove measurement detail of pages measured before this ISO instant (and superseded assessments made before it). */
  measurementsBefore?: string;
  /** Count what would go, change nothing. */
  dryRun?: boolean;
}

export interface PurgeCounts {
  /** page_artifacts rows deleted. */
  artifacts: number;
  /** Pages whose Lighthouse JSON was removed. */
  lighthouseReports: number;
  /** rule_results rows (automated check results with their evidence) deleted. */
  checkResults: number;
  /** Pages whose title, final URL and raw metrics were removed. */
  pageDetails: number;
  /** Assessments superseded by a later one of the same site and practice, deleted. */
  supersededAssessments: number;
}

/** A page's date, as the read model dates it (src/store/insights.ts). */
const PAGES_BEFORE = `SELECT p.id FROM pages p JOIN runs r ON r.id = p.run_id WHERE COALESCE(p.finished_at, r.started_at) < ?`;

class DryRun extends Error {}

export function purgeStore(db: Db, options: PurgeOptions): PurgeCounts {
  const counts: PurgeCounts = { artifacts: 0, lighthouseReports: 0, checkResults: 0, pageDetails: 0, supersededAssessments: 0 };
  // Measurement detail includes the raw artifacts: both sets are "before X", so their union is "before the later X".
  const artifactCut = [options.artifactsBefore, options.measurementsBefore].filter((x): x is string => !!x).sort().pop();
  const run = () => {
    if (artifactCut) {
      counts.artifacts = db.prepare(`DELETE FROM page_artifacts WHERE page_id IN (${PAGES_BEFORE})`).run(artifactCut).changes;
      counts.lighthouseReports = db
        .prepare(`UPDATE pages SET lighthouse_json = NULL WHERE lighthouse_json IS NOT NULL AND id IN (${PAGES_BEFORE})`)
        .run(artifactCut).changes;
    }
    const cut = options.measurementsBefore;
    if (cut) {
      counts.checkResults = db.prepare(`DELETE FROM rule_results WHERE page_id IN (${PAGES_BEFORE})`).run(cut).changes;
      counts.pageDetails = db
        .prepare(
          `UPDATE pages SET title = NULL, final_url = NULL, metrics_json = NULL
           WHERE (title IS NOT NULL OR final_url IS NOT NULL OR metrics_json IS NOT NULL) AND id IN (${PAGES_BEFORE})`,
        )
        .run(cut).changes;
      counts.supersededAssessments = db
        .prepare(
          `DELETE FROM practice_assessments WHERE assessed_at < ?
             AND id NOT IN (SELECT MAX(id) FROM practice_assessments GROUP BY site_id, practice_id)`,
        )
        .run(cut).changes;
    }
    if (options.dryRun) throw new DryRun();
  };
  db.pragma('secure_delete = ON');
  try {
    db.transaction(run).immediate();
  } catch (err) {
    if (!(err instanceof DryRun)) throw err;
  }
  if (!options.dryRun && Object.values(counts).some((n) => n > 0)) compactAfterErasure(db);
  return counts;
}

/**
 * After deleting data that must not linger: free space may still hold copies written before (an updated row leaves
 * its old version behind), so VACUUM rewrites the file without them, then the WAL that carried the rewrite is emptied.
 */
export function compactAfterErasure(db: Db): void {
  db.exec('VACUUM');
  if (db.pragma('journal_mode', { simple: true }) === 'wal') db.pragma('wal_checkpoint(TRUNCATE)');
}
