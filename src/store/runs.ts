import type { Db } from './database.js';
import { nowIso } from './database.js';
import { planJourneySteps, planPages } from './pages.js';
import { ensureSite } from './sites.js';

export type RunStatus = 'running' | 'finished' | 'interrupted';

export interface Run {
  id: number;
  label: string;
  kind: string;
  status: RunStatus;
  startedAt: string;
  finishedAt: string | null;
  settings: unknown;
  toolVersion: string;
  methodVersion: string;
  browserVersion: string | null;
}

export interface RunSummary extends Run {
  pages: number;
  ok: number;
  failed: number;
  pending: number;
  averageScore: number | null;
}

interface RunRow {
  id: number;
  label: string;
  kind: string;
  status: RunStatus;
  started_at: string;
  finished_at: string | null;
  settings_json: string;
  tool_version: string;
  method_version: string;
  browser_version: string | null;
}

function toRun(r: RunRow): Run {
  return {
    id: r.id,
    label: r.label,
    kind: r.kind,
    status: r.status,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    settings: JSON.parse(r.settings_json),
    toolVersion: r.tool_version,
    methodVersion: r.method_version,
    browserVersion: r.browser_version,
  };
}

export function createRun(
  db: Db,
  run: { label: string; kind?: string; settings: unknown; toolVersion: string; methodVersion: string },
): number {
  const info = db
    .prepare(
      `INSERT INTO runs (label, kind, status, started_at, settings_json, tool_version, method_version)
       VALUES (?, ?, 'running', ?, ?, ?, ?)`,
    )
    .run(run.label, run.kind ?? 'audit', nowIso(), JSON.stringify(run.settings), run.toolVersion, run.methodVersion);
  return Number(info.lastInsertRowid);
}

/**
 * Creates a run and its planned pages ('pending') per site in ONE transaction, creating missing web sites, so an
 * interruption at any point leaves either nothing or a resumable run.
 */
export function createRunWithPages(
  db: Db,
  run: { label: string; kind?: string; settings: unknown; toolVersion: string; methodVersion: string },
  sites: ReadonlyArray<{ code: string; name: string; urls: readonly string[] }>,
  journeys: ReadonlyArray<PlannedJourney> = [],
): number {
  return db.transaction(() => {
    const runId = createRun(db, run);
    for (const site of sites) {
      const { id } = ensureSite(db, site.code, { name: site.name, kind: 'web' });
      planPages(db, runId, site.urls.map((url) => ({ url, siteId: id })));
    }
    for (const j of journeys) {
      const { id } = ensureSite(db, j.site.code, { name: j.site.name, kind: 'web' });
      planJourneySteps(db, runId, id, j.name, j.steps);
    }
    return runId;
  })();
}

/** A journey as a run plans it: its site and its measure steps. */
export interface PlannedJourney {
  name: string;
  site: { code: string; name: string };
  steps: ReadonlyArray<{ stepIndex: number; name: string; url: string }>;
}

export function getRun(db: Db, id: number): Run | undefined {
  const row = db.prepare('SELECT * FROM runs WHERE id = ?').get(id) as RunRow | undefined;
  return row && toRun(row);
}

export function setRunBrowserVersion(db: Db, id: number, browserVersion: string): void {
  db.prepare('UPDATE runs SET browser_version = ? WHERE id = ?').run(browserVersion, id);
}

/** Marks a run as running again (resume). */
export function reopenRun(db: Db, id: number): void {
  db.prepare("UPDATE runs SET status = 'running', finished_at = NULL WHERE id = ?").run(id);
}

export function endRun(db: Db, id: number, status: Exclude<RunStatus, 'running'>): void {
  db.prepare('UPDATE runs SET status = ?, finished_at = ? WHERE id = ?').run(status, nowIso(), id);
}

// The average is of pages only: journey steps (DOM as it stands, requests since the previous step) are not pages'
// figures, and the report and dashboard keep them out of their averages too.
const SUMMARY_SQL = `
  SELECT r.*,
         COUNT(p.id) AS pages,
         COALESCE(SUM(p.status = 'ok'), 0) AS ok,
         COALESCE(SUM(p.status = 'failed'), 0) AS failed,
         COALESCE(SUM(p.status = 'pending'), 0) AS pending,
         AVG(CASE WHEN p.journey IS NULL THEN p.score END) AS average_score
  FROM runs r LEFT JOIN pages p ON p.run_id = r.id`;

type SummaryRow = RunRow & { pages: number; ok: number; failed: number; pending: number; average_score: number | null };

function toSummary(r: SummaryRow): RunSummary {
  return { ...toRun(r), pages: r.pages, ok: r.ok, failed: r.failed, pending: r.pending, averageScore: r.average_score };
}

/** Every run of a kind, newest first, with page counts. */
export function listRuns(db: Db, kind = 'audit'): RunSummary[] {
  const rows = db.prepare(`${SUMMARY_SQL} WHERE r.kind = ? GROUP BY r.id ORDER BY r.id DESC`).all(kind) as SummaryRow[];
  return rows.map(toSummary);
}

export function getRunSummary(db: Db, id: number): RunSummary | undefined {
  const row = db.prepare(`${SUMMARY_SQL} WHERE r.id = ? GROUP BY r.id`).get(id) as SummaryRow | undefined;
  return row && toSummary(row);
}

export function latestRunId(db: Db, kind = 'audit'): number | undefined {
  const row = db.prepare('SELECT MAX(id) AS id FROM runs WHERE kind = ?').get(kind) as { id: number | null };
  return row.id ?? undefined;
}
