/** Bearer tokens for inventory pushes: only their SHA-256 is stored. */
import type { Db } from './database.js';
import { nowIso } from './database.js';

export function addPushToken(db: Db, tokenSha256: string, siteId: number): void {
  db.prepare('INSERT INTO push_tokens (token_sha256, site_id, created_at) VALUES (?, ?, ?)').run(tokenSha256, siteId, nowIso());
}

export function siteOfPushToken(db: Db, tokenSha256: string): { siteId: number; code: string } | undefined {
  return db
    .prepare('SELECT t.site_id siteId, s.code FROM push_tokens t JOIN sites s ON s.id = t.site_id WHERE t.token_sha256 = ?')
    .get(tokenSha256) as { siteId: number; code: string } | undefined;
}
