/**
 * `audit --repeat N` (issue 13.2): every measurement of a page is kept, the page row holding the median one. A page
 * measured once has no rows here (its one measurement is the page row).
 */
export const migration010 = {
  version: 10,
  name: 'page-measurements',
  sql: `
CREATE TABLE page_measurements (
  id           INTEGER PRIMARY KEY,
  page_id      INTEGER NOT NULL REFERENCES pages(id) ON DELETE CASCADE,
  repeat_index INTEGER NOT NULL,
  status       TEXT NOT NULL CHECK (status IN ('ok','failed')),
  error        TEXT,
  error_code   TEXT,
  dom          INTEGER,
  requests     INTEGER,
  size_kb      REAL,
  score        INTEGER,
  score_raw    REAL,
  grade        TEXT,
  measured_at  TEXT NOT NULL,
  UNIQUE (page_id, repeat_index)
);
`,
};
