/** Per-store values (table store_meta, migration 007): the store's identity and secrets that stay with the store. */
import { randomBytes } from 'node:crypto';
import type { Db } from './database.js';

/** The store's random identity (migration 007), carried by queue jobs. */
export function getStoreId(db: Db): string {
  const row = db.prepare("SELECT value FROM store_meta WHERE key = 'store_id'").get() as { value: string } | undefined;
  if (!row) throw new Error('store_meta has no store_id: the store was not migrated');
  return row.value;
}

/** The store's secret named `key` (32 random bytes, hex), created on first use (e.g. the HMAC key of --keep-users). */
export function storeSecret(db: Db, key: string): string {
  const row = db.prepare('SELECT value FROM store_meta WHERE key = ?').get(key) as { value: string } | undefined;
  if (row) return row.value;
  const value = randomBytes(32).toString('hex');
  db.prepare('INSERT OR IGNORE INTO store_meta (key, value) VALUES (?, ?)').run(key, value);
  return (db.prepare('SELECT value FROM store_meta WHERE key = ?').get(key) as { value: string }).value;
}
