/**
 * Push tokens get a life (issue 16.2): a stable id to name them by (`serve token list|revoke|rotate`), an optional
 * expiry, the last time they were used, and a revocation date. The table is rebuilt because an id column can only
 * become the INTEGER PRIMARY KEY at creation (a bare rowid may be renumbered by VACUUM).
 */
export const migration008 = {
  version: 8,
  name: 'push-token-life',
  sql: `
CREATE TABLE push_tokens_v5 (
  id            INTEGER PRIMARY KEY,
  token_sha256  TEXT NOT NULL UNIQUE,
  site_id       INTEGER NOT NULL REFERENCES sites(id),
  created_at    TEXT NOT NULL,
  expires_at    TEXT,
  last_used_at  TEXT,
  revoked_at    TEXT
);
INSERT INTO push_tokens_v5 (token_sha256, site_id, created_at) SELECT token_sha256, site_id, created_at FROM push_tokens ORDER BY rowid;
DROP TABLE push_tokens;
ALTER TABLE push_tokens_v5 RENAME TO push_tokens;
`,
};
