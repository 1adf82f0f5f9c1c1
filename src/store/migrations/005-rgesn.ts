/**
 * RGESN 2024 assessments of a digital service (a site): the auditor's decisions (append-only, the latest row per
 * criterion counts, like practice_assessments), numresp's proposals from evidence (append-only, the latest per
 * criterion is shown, never a verdict until accepted) and the declaration's facts (objective, contact…).
 */
export const migration005 = {
  version: 5,
  name: 'rgesn',
  sql: `
CREATE TABLE rgesn_assessments (
  id             INTEGER PRIMARY KEY,
  site_id        INTEGER NOT NULL REFERENCES sites(id),
  criterion_id   TEXT NOT NULL,
  status         TEXT NOT NULL CHECK (status IN ('conforme','non-conforme','non-applicable','a-evaluer')),
  justification  TEXT,
  evidence       TEXT,
  author         TEXT NOT NULL,
  assessed_at    TEXT NOT NULL,
  -- 'cli', 'csv:<file>', 'proposal:<id>' (an accepted proposal)
  source         TEXT NOT NULL DEFAULT 'cli'
);
CREATE INDEX rgesn_assessments_site ON rgesn_assessments(site_id, criterion_id, id);

CREATE TABLE rgesn_proposals (
  id              INTEGER PRIMARY KEY,
  site_id         INTEGER NOT NULL REFERENCES sites(id),
  criterion_id    TEXT NOT NULL,
  status          TEXT NOT NULL CHECK (status IN ('conforme','non-conforme','non-applicable','a-evaluer')),
  evidence        TEXT NOT NULL,
  -- what the proposal rests on: 'chromium-viewport', 'throttled-load', 'rweb:<practice ids>', 'datacentre:<code>'…
  rests_on        TEXT NOT NULL,
  artifact        TEXT,
  method_version  TEXT NOT NULL,
  proposed_at     TEXT NOT NULL
);
CREATE INDEX rgesn_proposals_site ON rgesn_proposals(site_id, criterion_id, id);

CREATE TABLE rgesn_declaration_facts (
  id                INTEGER PRIMARY KEY,
  site_id           INTEGER NOT NULL REFERENCES sites(id),
  objective         TEXT,
  contact           TEXT,
  review_frequency  TEXT,
  samples           TEXT,
  action_plan       TEXT,
  target_score      REAL CHECK (target_score IS NULL OR (target_score >= 0 AND target_score <= 1)),
  author            TEXT NOT NULL,
  recorded_at       TEXT NOT NULL
);
`,
};
