/** Bearer tokens for inventory pushes: only their SHA-256 is stored, with an optional expiry and a revocation date. */
import type { Db } from './database.js';
import { nowIso } from './database.js';

export interface PushTokenRow {
  id: number;
  siteCode: string;
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

/** Stores a token's digest; returns its id (as `serve token list` shows it). */
export function addPushToken(db: Db, tokenSha256: string, siteId: number, expiresAt: string | null = null): number {
  return Number(
    db
      .prepare('INSERT INTO push_tokens (token_sha256, site_id, created_at, expires_at) VALUES (?, ?, ?, ?)')
      .run(tokenSha256, siteId, nowIso(), expiresAt).lastInsertRowid,
  );
}

/** The site of a token that is neither revoked nor expired at `at`. */
export function siteOfPushToken(db: Db, tokenSha256: string, at = nowIso()): { tokenId: number; siteId: number; code: string } | undefined {
  return db
    .prepare(
      `SELECT t.id tokenId, t.site_id siteId, s.code FROM push_tokens t JOIN sites s ON s.id = t.site_id
       WHERE t.token_sha256 = ? AND t.revoked_at IS NULL AND (t.expires_at IS NULL OR t.expires_at > ?)`,
    )
    .get(tokenSha256, at) as { tokenId: number; siteId: number; code: string } | undefined;
}

export function markPushTokenUsed(db: Db, tokenId: number, at = nowIso()): void {
  db.prepare('UPDATE push_tokens SET last_used_at = ? WHERE id = ?').run(at, tokenId);
}

export function listPushTokens(db: Db): PushTokenRow[] {
  return db
    .prepare(
      `SELECT t.id id, s.code siteCode, t.created_at createdAt, t.expires_at expiresAt, t.last_used_at lastUsedAt,
              t.revoked_at revokedAt
       FROM push_tokens t JOIN sites s ON s.id = t.site_id ORDER BY t.id`,
    )
    .all() as PushTokenRow[];
}

export function getPushToken(db: Db, id: number): (PushTokenRow & { siteId: number }) | undefined {
  return db
    .prepare(
      `SELECT t.id id, t.site_id siteId, s.code siteCode, t.created_at createdAt, t.expires_at expiresAt,
              t.last_used_at lastUsedAt, t.revoked_at revokedAt
       FROM push_tokens t JOIN sites s ON s.id = t.site_id WHERE t.id = ?`,
    )
    .get(id) as (PushTokenRow & { siteId: number }) | undefined;
}

/** Revokes a token; false when it was already revoked. */
export function revokePushToken(db: Db, id: number, at = nowIso()): boolean {
  return db.prepare('UPDATE push_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL').run(at, id).changes === 1;
}
