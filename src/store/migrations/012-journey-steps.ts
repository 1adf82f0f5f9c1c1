/**
 * User journeys (issue 13.3): a journey's measure steps are pages of the run, with the journey's name, the step's
 * position among its measures and its name. Two steps of a journey may stand on the same URL (a form before and
 * after submitting), so a URL is unique per run among plain pages only, and a step unique per (run, journey, index).
 * SQLite cannot drop a table's UNIQUE constraint: the table is rebuilt (the 12-step procedure, foreign keys off,
 * checked before commit; https://www.sqlite.org/lang_altertable.html#otheralter).
 */
export const migration012 = {
  version: 12,
  name: 'journey-steps',
  foreignKeysOff: true,
  sql: `
CREATE TABLE pages_new (
  id                 INTEGER PRIMARY KEY,
  run_id             INTEGER NOT NULL REFERENCES runs(id),
  site_id            INTEGER REFERENCES sites(id),
  url                TEXT NOT NULL,
  position           INTEGER NOT NULL,
  status             TEXT NOT NULL CHECK (status IN ('pending','ok','failed')),
  error              TEXT,
  error_code         TEXT,
  attempts           INTEGER NOT NULL DEFAULT 0,
  started_at         TEXT,
  finished_at        TEXT,
  final_url          TEXT,
  http_status        INTEGER,
  title              TEXT,
  dom                INTEGER,
  requests           INTEGER,
  size_kb            REAL,
  failed_requests    INTEGER,
  metrics_json       TEXT,
  score              INTEGER,
  score_raw          REAL,
  grade              TEXT,
  ghg                REAL,
  water              REAL,
  method_version     TEXT,
  browser_version    TEXT,
  lighthouse_json    TEXT,
  journey            TEXT,
  step_index         INTEGER,
  step_name          TEXT,
  CHECK ((journey IS NULL) = (step_index IS NULL) AND (journey IS NULL) = (step_name IS NULL))
);
INSERT INTO pages_new (id, run_id, site_id, url, position, status, error, error_code, attempts, started_at, finished_at,
  final_url, http_status, title, dom, requests, size_kb, failed_requests, metrics_json, score, score_raw, grade, ghg,
  water, method_version, browser_version, lighthouse_json)
SELECT id, run_id, site_id, url, position, status, error, error_code, attempts, started_at, finished_at,
  final_url, http_status, title, dom, requests, size_kb, failed_requests, metrics_json, score, score_raw, grade, ghg,
  water, method_version, browser_version, lighthouse_json FROM pages;
DROP TABLE pages;
ALTER TABLE pages_new RENAME TO pages;
CREATE INDEX pages_site ON pages(site_id);
CREATE INDEX pages_status ON pages(run_id, status);
CREATE UNIQUE INDEX pages_run_url ON pages(run_id, url) WHERE journey IS NULL;
CREATE UNIQUE INDEX pages_run_step ON pages(run_id, journey, step_index) WHERE journey IS NOT NULL;
`,
};
