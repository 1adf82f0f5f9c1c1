/**
 * The initial schema for every domain: web audits, practice assessments, fleet, energy.
 * Never edit a migration that has shipped: add the next numbered file instead.
 */
export const migration001 = {
  version: 1,
  name: 'initial',
  sql: `
-- Organisation sites: lycées, offices, the data centre, and web services (kind 'web').
CREATE TABLE sites (
  id          INTEGER PRIMARY KEY,
  code        TEXT NOT NULL UNIQUE,
  name        TEXT NOT NULL,
  kind        TEXT NOT NULL CHECK (kind IN ('lycee','office','datacenter','web','other')),
  created_at  TEXT NOT NULL
);

-- Power usage effectiveness of a data centre, per year.
CREATE TABLE site_pue (
  site_id  INTEGER NOT NULL REFERENCES sites(id),
  year     INTEGER NOT NULL,
  pue      REAL NOT NULL CHECK (pue >= 1),
  source   TEXT,
  PRIMARY KEY (site_id, year)
);

-- One audit campaign (or any other run that produces page results).
CREATE TABLE runs (
  id               INTEGER PRIMARY KEY,
  label            TEXT NOT NULL,
  kind             TEXT NOT NULL DEFAULT 'audit',
  status           TEXT NOT NULL CHECK (status IN ('running','finished','interrupted')),
  started_at       TEXT NOT NULL,
  finished_at      TEXT,
  settings_json    TEXT NOT NULL,
  tool_version     TEXT NOT NULL,
  method_version   TEXT NOT NULL,
  browser_version  TEXT
);

-- One page of a run: planned ('pending') then measured ('ok') or failed ('failed') with its reason.
CREATE TABLE pages (
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
  UNIQUE (run_id, url)
);
CREATE INDEX pages_site ON pages(site_id);
CREATE INDEX pages_status ON pages(run_id, status);

-- Raw artifacts of a page load (deflated JSON), for re-judging without a browser.
CREATE TABLE page_artifacts (
  page_id         INTEGER PRIMARY KEY REFERENCES pages(id),
  schema_version  INTEGER NOT NULL,
  artifacts       BLOB NOT NULL
);

-- Latest result of each automated check on each page (replaced by 'practices rerun').
CREATE TABLE rule_results (
  page_id        INTEGER NOT NULL REFERENCES pages(id),
  rule_id        TEXT NOT NULL,
  rule_version   TEXT NOT NULL,
  practices_json TEXT NOT NULL,
  status         TEXT NOT NULL CHECK (status IN ('pass','warn','fail','not-applicable','error')),
  grade          TEXT,
  value          REAL,
  threshold      TEXT,
  evidence_json  TEXT NOT NULL,
  message        TEXT,
  judged_at      TEXT NOT NULL,
  PRIMARY KEY (page_id, rule_id)
);
CREATE INDEX rule_results_rule ON rule_results(rule_id, status);

-- Auditor's assessments of practices per site. Append-only: the latest row per (site, practice) counts.
CREATE TABLE practice_assessments (
  id              INTEGER PRIMARY KEY,
  site_id         INTEGER NOT NULL REFERENCES sites(id),
  practice_id     TEXT NOT NULL,
  status          TEXT NOT NULL CHECK (status IN ('compliant','non-compliant','not-applicable','in-progress')),
  evidence        TEXT,
  evidence_file   TEXT,
  justification   TEXT,
  overrides_rule  TEXT,
  author          TEXT NOT NULL,
  assessed_at     TEXT NOT NULL,
  source          TEXT NOT NULL DEFAULT 'cli'
);
CREATE INDEX practice_assessments_latest ON practice_assessments(site_id, practice_id, id);

-- Equipment.
CREATE TABLE devices (
  id                INTEGER PRIMARY KEY,
  site_id           INTEGER REFERENCES sites(id),
  type              TEXT NOT NULL CHECK (type IN ('laptop','desktop','thin-client','monitor','server','tablet',
                      'smartphone','printer','network','other')),
  manufacturer      TEXT,
  model             TEXT,
  serial            TEXT,
  uuid              TEXT,
  name              TEXT,
  purchase_date     TEXT,
  warranty_end      TEXT,
  status            TEXT NOT NULL CHECK (status IN ('in-service','in-stock','redeployed','refurbished','d3e','lost')),
  lifetime_years    REAL,
  refurbished       INTEGER NOT NULL DEFAULT 0,
  cpu               TEXT,
  ram_gb            REAL,
  storage_gb        REAL,
  screen_in         REAL,
  embodied_kg       REAL,
  yearly_kwh        REAL,
  hardware_json     TEXT,
  source            TEXT NOT NULL,
  created_at        TEXT NOT NULL,
  updated_at        TEXT NOT NULL
);
CREATE UNIQUE INDEX devices_serial ON devices(serial) WHERE serial IS NOT NULL;
CREATE UNIQUE INDEX devices_uuid ON devices(uuid) WHERE uuid IS NOT NULL;
CREATE INDEX devices_site ON devices(site_id, type);

CREATE TABLE device_status_history (
  id          INTEGER PRIMARY KEY,
  device_id   INTEGER NOT NULL REFERENCES devices(id),
  status      TEXT NOT NULL,
  changed_at  TEXT NOT NULL,
  note        TEXT
);
CREATE INDEX device_status_history_device ON device_status_history(device_id, id);

-- Virtual machines on data-centre hosts and the site each serves (for allocating host impacts).
CREATE TABLE vms (
  id              INTEGER PRIMARY KEY,
  host_device_id  INTEGER NOT NULL REFERENCES devices(id),
  name            TEXT NOT NULL,
  served_site_id  INTEGER REFERENCES sites(id),
  vcpus           INTEGER,
  UNIQUE (host_device_id, name)
);

-- Metered energy, for comparison with estimates.
CREATE TABLE energy_readings (
  id            INTEGER PRIMARY KEY,
  site_id       INTEGER REFERENCES sites(id),
  device_id     INTEGER REFERENCES devices(id),
  period_start  TEXT NOT NULL,
  period_end    TEXT NOT NULL,
  kwh           REAL NOT NULL CHECK (kwh >= 0),
  source        TEXT,
  imported_at   TEXT NOT NULL,
  CHECK (site_id IS NOT NULL OR device_id IS NOT NULL),
  UNIQUE (site_id, device_id, period_start, period_end)
);

-- Bearer tokens for inventory pushes, one or more per site (only the SHA-256 is kept).
CREATE TABLE push_tokens (
  token_sha256  TEXT PRIMARY KEY,
  site_id       INTEGER NOT NULL REFERENCES sites(id),
  created_at    TEXT NOT NULL
);

-- Every file import, for traceability in reports.
CREATE TABLE imports (
  id           INTEGER PRIMARY KEY,
  kind         TEXT NOT NULL,
  file         TEXT NOT NULL,
  sha256       TEXT NOT NULL,
  imported_at  TEXT NOT NULL,
  counts_json  TEXT NOT NULL
);
`,
};
