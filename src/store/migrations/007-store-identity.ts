/**
 * A random identity for the store, written once: queue jobs (issue 14) carry it so that several coordinators can
 * share one Redis and each recognises its own runs. A copy of the file (backup) keeps the identity.
 */
export const migration007 = {
  version: 7,
  name: 'store-identity',
  sql: `CREATE TABLE store_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
INSERT INTO store_meta (key, value) VALUES ('store_id', lower(hex(randomblob(16))));`,
};
