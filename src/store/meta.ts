import type { Db } from './database.js';

/** The store's random identity (migration 007), carried by queue jobs. */
export function getStoreId(db: Db): string {
  const row = db.prepare("SELECT value FROM store_meta WHERE key = 'store_id'").get() as { value: string } | undefined;
  if (!row) throw new Error('store_meta has no store_id: the store was not migrated');
  return row.value;
}
